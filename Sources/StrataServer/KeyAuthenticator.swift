import Foundation
import HTTPTypes
import Hummingbird
import StrataStore

/// Admits a request only with a live API key, sent as `Authorization: Bearer sk_…` or
/// `X-API-Key: sk_…`: 401 without one or with an unknown or revoked one; 429 with `Retry-After`
/// when the key is over its rate.
struct KeyAuthenticator: RouterMiddleware {
    typealias Context = StrataRequestContext
    let store: StrataStore
    let limiter: RateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let header = request.headers[.authorization].flatMap { value -> String? in
            value.lowercased().hasPrefix("bearer ") ? String(value.dropFirst(7)).trimmingCharacters(in: .whitespaces) : nil
        } ?? HTTPField.Name("X-API-Key").flatMap { request.headers[$0] }
        guard let secret = header, !secret.isEmpty else {
            throw APIError(.unauthorized, "an API key is required (Authorization: Bearer sk_…)", headers: [.wwwAuthenticate: "Bearer"])
        }
        guard let key = try store.key(secret: secret) else {
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
