import Hummingbird
import StrataStore

/// The request context of the API: Hummingbird's, plus the API key the request was
/// authenticated with.
public struct StrataRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by ``KeyAuthenticator`` on every `/v1` route.
    public var key: APIKey?

    public init(source: Source) {
        coreContext = .init(source: source)
        key = nil
    }

    /// Throws 403 naming the scope unless the request's key grants it.
    public func require(_ scope: APIScope) throws {
        guard let key else { throw APIError(.unauthorized, "an API key is required (Authorization: Bearer sk_…)") }
        guard key.allows(scope) else {
            throw APIError(.forbidden, "the key '\(key.name)' (\(key.id)) lacks the scope '\(scope.rawValue)'")
        }
    }
}
