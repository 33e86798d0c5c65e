import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where a webhook may deliver: http(s) URLs whose host resolves to public unicast addresses
/// only (never loopback, link-local, private, multicast and the like: `isInternal`) unless the
/// operator allowed the host (`--allow-webhook-host`); or, stricter, to the allowed hosts only.
/// Checked when the webhook is registered and again before every delivery (the name may resolve
/// elsewhere by then).
public struct WebhookTarget: Sendable {
    public var allowedHosts: Set<String>
    /// Deliver to the allowed hosts only, public ones included (`--only-allowed-webhook-hosts`).
    public var onlyAllowedHosts: Bool

    public init(allowedHosts: Set<String> = [], onlyAllowedHosts: Bool = false) {
        self.allowedHosts = allowedHosts
        self.onlyAllowedHosts = onlyAllowedHosts
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
        if onlyAllowedHosts {
            return "'\(host)' is not a host the operator allowed (--allow-webhook-host); this service delivers to those only"
        }
        let addresses = Self.resolve(host)
        guard !addresses.isEmpty else { return "'\(host)' does not resolve" }
        if let inside = addresses.first(where: Self.isInternal) {
            return "'\(host)' resolves to \(inside), an address that is not public unicast (loopback, private, link-local and the like); the operator may allow the host with --allow-webhook-host"
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

    /// Whether an address is one a webhook must not reach unless allowed: any address that is
    /// not public unicast — unspecified, loopback, private (RFC 1918, unique-local), shared
    /// (100.64/10), link-local, site-local, multicast, benchmarking, documentation, reserved
    /// (240/4, broadcast), IPv6 outside global unicast (2000::/3) and 2001::/23 — and IPv6 forms
    /// that carry such an IPv4 address (mapped, NAT64 64:ff9b::/96, 6to4 2002::/16). Text that
    /// is no address counts as internal.
    package static func isInternal(_ address: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        if inet_pton(AF_INET, address, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { isInternal(v4: Array($0)) }
        }
        guard inet_pton(AF_INET6, address, &v6) == 1 else { return true }
        let b = withUnsafeBytes(of: &v6) { Array($0) }
        let last4 = Array(b[12..<16])
        if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xFF && b[11] == 0xFF { return isInternal(v4: last4) }   // ::ffff:a.b.c.d
        if b[0..<12] == [0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0] { return isInternal(v4: last4) }         // NAT64
        // Global unicast is 2000::/3; everything else (unspecified, loopback, ::a.b.c.d, local
        // NAT64, unique-local, link- and site-local, multicast, unassigned) is not public.
        guard b[0] & 0xE0 == 0x20 else { return true }
        if b[0] == 0x20 && b[1] == 0x02 { return isInternal(v4: Array(b[2..<6])) }                                 // 6to4
        if b[0] == 0x20 && b[1] == 0x01 && b[2] < 0x02 { return true }                                             // 2001::/23: Teredo, benchmarking, …
        if b[0..<4] == [0x20, 0x01, 0x0D, 0xB8] { return true }                                                   // documentation
        if b[0] == 0x3F && b[1] == 0xFF && b[2] & 0xF0 == 0 { return true }                                       // 3fff::/20 documentation
        return false
    }

    private static func isInternal(v4 a: [UInt8]) -> Bool {
        switch (a[0], a[1], a[2]) {
        case (0, _, _), (10, _, _), (127, _, _), (169, 254, _), (192, 168, _): return true
        case (172, 16...31, _), (100, 64...127, _), (198, 18...19, _): return true
        case (192, 0, 0), (192, 0, 2), (192, 88, 99), (198, 51, 100), (203, 0, 113): return true
        case (224..., _, _): return true                                                                          // multicast, reserved, broadcast
        default: return false
        }
    }
}
