import Crypto
import Foundation
import GRDB

/// What an API key may do (docs/server.md). `admin` may do everything.
public enum APIScope: String, Sendable, Hashable, CaseIterable, Codable {
    /// Send customers, orders and events.
    case ingest
    /// Read customers, segments and members.
    case read
    /// Create, change and delete custom segments.
    case segmentsWrite = "segments:write"
    /// Manage webhooks and everything else.
    case admin
}

/// A stored API key: its public id, name and scopes. The secret itself is never stored, only its
/// SHA-256 hash.
public struct APIKey: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var scopes: Set<APIScope>
    public var createdAt: Int64
    public var revokedAt: Int64?

    /// Whether the key grants `scope` (an `admin` key grants every scope).
    public func allows(_ scope: APIScope) -> Bool { scopes.contains(scope) || scopes.contains(.admin) }
}

extension StrataStore {
    /// A new key with these scopes: returns it with its secret, `sk_<id>_<random>`, which is
    /// shown once and cannot be recovered.
    public func createKey(name: String, scopes: Set<APIScope>, now: Int64 = Int64(Date().timeIntervalSince1970)) throws(StoreError) -> (key: APIKey, secret: String) {
        let id = Self.randomHex(6)
        let secret = "sk_\(id)_\(Self.randomHex(24))"
        let key = APIKey(id: id, name: name, scopes: scopes, createdAt: now, revokedAt: nil)
        try write { db in
            try db.execute(sql: "INSERT INTO api_keys (id, name, secret_hash, scopes, created_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [id, name, Self.hash(secret), Self.scopeText(scopes), now])
        }
        return (key, secret)
    }

    /// Every key, revoked ones included, oldest first.
    public func keys() throws(StoreError) -> [APIKey] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM api_keys ORDER BY created_at, id").map(Self.key) }
    }

    /// The live key whose secret this is, if any.
    public func key(secret: String) throws(StoreError) -> APIKey? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM api_keys WHERE secret_hash = ? AND revoked_at IS NULL", arguments: [Self.hash(secret)]).map(Self.key)
        }
    }

    /// Revokes a key by id; false when there is no such live key.
    @discardableResult
    public func revokeKey(id: String, now: Int64 = Int64(Date().timeIntervalSince1970)) throws(StoreError) -> Bool {
        try write { db in
            try db.execute(sql: "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [now, id])
            return db.changesCount > 0
        }
    }

    static func hash(_ secret: String) -> Data { Data(SHA256.hash(data: Data(secret.utf8))) }

    static func scopeText(_ scopes: Set<APIScope>) -> String { scopes.map(\.rawValue).sorted().joined(separator: " ") }

    static func key(_ row: Row) -> APIKey {
        let scopes = (row["scopes"] as String).split(separator: " ").compactMap { APIScope(rawValue: String($0)) }
        return APIKey(id: row["id"], name: row["name"], scopes: Set(scopes), createdAt: row["created_at"], revokedAt: row["revoked_at"])
    }
}
