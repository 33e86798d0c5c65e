import Foundation
import StrataStore
import Synchronization

/// The live keys the service recognised in the last second, so that a busy client's requests
/// do not each read the store: a key revoked (by `strata keys revoke`, another process) is
/// refused within a second. Unknown secrets are never kept: each one is looked up.
final class KeyCache: Sendable {
    static let lifetime: Duration = .seconds(1)
    private let store: StrataStore
    private let kept = Mutex<[String: (key: APIKey, until: ContinuousClock.Instant)]>([:])

    init(store: StrataStore) {
        self.store = store
    }

    /// The live key with this secret, or nil.
    func key(secret: String) throws(StoreError) -> APIKey? {
        let now = ContinuousClock.now
        if let entry = kept.withLock({ $0[secret] }), entry.until > now { return entry.key }
        guard let key = try store.key(secret: secret) else {
            kept.withLock { _ = $0.removeValue(forKey: secret) }
            return nil
        }
        kept.withLock { kept in
            if kept.count >= 10_000 { kept = kept.filter { $0.value.until > now } }
            kept[secret] = (key, now + Self.lifetime)
        }
        return key
    }
}
