import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where a webhook may deliver: http(s) URLs whose host resolves to public addresses only —
/// never loopback, link-local, private, unique-local or unspecified ones — unless the operator
/// allowed the host (`--allow-webhook-host`). Checked when the webhook is registered and again
/// before every delivery (the name may resolve elsewhere by then).
public struct WebhookTarget: Sendable {
    public var allowedHosts: Set<String>

    public init(allowedHosts: Set<String> = []) {
        self.allowedHosts = allowedHosts
    }

    /// Why `url` may not be delivered to; nil when it may. The host is resolved on a thread of
    /// the dispatch pool: a slow name server never holds up a thread of the service's own pool.
    public func problem(_ url: String) async -> String? {
        await withCheckedContinuation { answer in
            DispatchQueue.global().async { answer.resume(returning: problem(resolving: url)) }
        }
    }

    /// Why `url` may not be delivered to, resolving its host on this thread.
    func problem(resolving url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = components.host, !host.isEmpty else {
            return "'\(url)': expected an http:// or https:// URL"
        }
        if allowedHosts.contains(host.lowercased()) { return nil }
        let addresses = Self.resolve(host)
        guard !addresses.isEmpty else { return "'\(host)' does not resolve" }
        if let inside = addresses.first(where: Self.isInternal) {
            return "'\(host)' resolves to \(inside), a loopback, link-local or private address; the operator may allow the host with --allow-webhook-host"
        }
        return nil
    }

    static func resolve(_ host: String) -> [String] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")), nil, &hints, &result) == 0 else { return [] }
        defer { freeaddrinfo(result) }
        var addresses: [String] = []
        var cursor = result
        while let info = cursor {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(info.pointee.ai_addr, info.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                addresses.append(String(cString: buffer))
            }
            cursor = info.pointee.ai_next
        }
        return addresses
    }

    /// Loopback, link-local, private (RFC 1918, CGNAT, unique-local), unspecified and mapped forms.
    package static func isInternal(_ address: String) -> Bool {
        let a = address.lowercased()
        if a.contains(":") {
            if a == "::1" || a == "::" || a.hasPrefix("fe8") || a.hasPrefix("fe9") || a.hasPrefix("fea") || a.hasPrefix("feb")
                || a.hasPrefix("fc") || a.hasPrefix("fd") { return true }
            if a.hasPrefix("::ffff:") { return isInternal(String(a.dropFirst(7))) }
            return false
        }
        let parts = a.split(separator: ".").compactMap { Int($0) }
        guard parts.count == 4 else { return true }
        switch (parts[0], parts[1]) {
        case (0, _), (10, _), (127, _), (169, 254), (192, 168): return true
        case (172, 16...31), (100, 64...127): return true
        default: return false
        }
    }
}
