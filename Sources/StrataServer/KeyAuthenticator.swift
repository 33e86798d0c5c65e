import Foundation
import HTTPTypes
import Hummingbird
import StrataStore

/// Admits a request only with a live API key, sent as `Authorization: Bearer sk_…` or
/// `X-API-Key: sk_…`, or — from the dashboard — in its session cookie: 401 without one or with
/// an unknown or revoked one; 429 with `Retry-After` when the key is over its rate.
///
/// A browser sends the cookie with any request to this host, including one another site's page
/// makes it send, so a request that changes something with the cookie alone must also carry
/// the `X-Strata-Dashboard` header: a page of another origin cannot add it without this server
/// agreeing (it does not answer cross-origin preflights), which stops cross-site requests.
struct KeyAuthenticator: RouterMiddleware {
    typealias Context = StrataRequestContext
    let keys: KeyCache
    let limiter: RateLimiter

    /// The dashboard's session cookie: an API key's secret.
    static let cookie = "strata_key"
    /// The header the dashboard's script sends with every request that changes something.
    static let dashboardHeader = HTTPField.Name("X-Strata-Dashboard")!
    static let keyHeader = HTTPField.Name("X-API-Key")!

    /// The token of an `Authorization` value `Bearer <token>` (the scheme in any case, spaces and
    /// tabs around the token dropped); nil for another scheme. Byte by byte: Foundation's
    /// trimming cost 13 µs a request.
    static func bearerToken(_ value: String) -> String? {
        let bytes = value.utf8
        guard bytes.count >= 7, String(decoding: bytes.prefix(7), as: UTF8.self).lowercased() == "bearer " else { return nil }
        let blank: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        var token = bytes.dropFirst(7)
        while let first = token.first, blank(first) { token = token.dropFirst() }
        while let last = token.last, blank(last) { token = token.dropLast() }
        return String(decoding: token, as: UTF8.self)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let header = request.headers[.authorization].flatMap(Self.bearerToken) ?? request.headers[Self.keyHeader]
        let cookie = header == nil ? request.cookies[Self.cookie]?.value : nil
        if cookie != nil, ![.get, .head].contains(request.method), request.headers[Self.dashboardHeader] == nil {
            throw APIError(.forbidden, "a request that changes something with the dashboard's cookie needs the X-Strata-Dashboard header")
        }
        guard let secret = header ?? cookie, !secret.isEmpty else {
            throw APIError(.unauthorized, "an API key is required (Authorization: Bearer sk_…)", headers: [.wwwAuthenticate: "Bearer"])
        }
        guard let key = try keys.key(secret: secret) else {
            throw APIError(.unauthorized, "unknown or revoked API key", headers: [.wwwAuthenticate: "Bearer"])
        }
        if let seconds = limiter.wait(for: key.id) {
            throw APIError(.tooManyRequests, "the key '\(key.name)' (\(key.id)) is over its request rate; retry in \(seconds) s",
                           headers: [.retryAfter: String(seconds)])
        }
        var context = context
        context.key = key
        return try await next(request, context)
    }
}
