import Foundation
import GRDB

/// A registered webhook: where enter/exit events of its segments are delivered. The signing
/// secret is returned once, when it is made.
public struct Webhook: Sendable, Codable, Hashable {
    public var id: String
    public var url: String
    public var segments: [String]
    public var createdAt: Int64

    enum CodingKeys: String, CodingKey {
        case id, url, segments
        case createdAt = "created_at"
    }
}

/// One delivery waiting in the outbox (or dead, after its last retry).
public struct OutboxMessage: Sendable, Hashable {
    public var id: Int64
    /// The `webhook-id` header: the same for every attempt, so a receiver can drop repeats.
    public var messageID: String
    public var webhookID: String
    public var body: String
    public var attempts: Int
    public var lastError: String?
}

/// A customer entering or leaving a watched segment.
public struct MembershipChange: Sendable, Hashable {
    public var segment: String
    public var customerID: String
    public var entered: Bool
}

extension StrataStore {
    /// Registers a webhook; returns it and its secret (`whsec_` and base64 of 24 random bytes).
    public func createWebhook(url: String, segments: [String], now: Int64 = Int64(Date().timeIntervalSince1970)) throws(StoreError) -> (webhook: Webhook, secret: String) {
        let webhook = Webhook(id: "wh_" + Self.randomHex(8), url: url, segments: segments, createdAt: now)
        let secret = Self.newWebhookSecret()
        let list = String(decoding: (try? JSONEncoder().encode(segments)) ?? Data("[]".utf8), as: UTF8.self)
        try write { db in
            try db.execute(sql: "INSERT INTO webhooks (id, url, segments, secret, created_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [webhook.id, url, list, secret, now])
        }
        return (webhook, secret)
    }

    public func webhooks() throws(StoreError) -> [Webhook] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM webhooks ORDER BY created_at, id").map { row in
                Webhook(id: row["id"], url: row["url"], segments: (try? JSONDecoder().decode([String].self, from: Data((row["segments"] as String).utf8))) ?? [],
                        createdAt: row["created_at"])
            }
        }
    }

    /// The secrets a webhook's deliveries are signed with: the current one, then the previous one
    /// while a rotation is under way.
    public func webhookSecrets(_ id: String) throws(StoreError) -> [String] {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT secret, previous_secret FROM webhooks WHERE id = ?", arguments: [id]) else { return [] }
            return [row["secret"] as String] + ((row["previous_secret"] as String?).map { [$0] } ?? [])
        }
    }

    /// A new secret for the webhook; deliveries carry signatures with both until the next rotation.
    /// Nil when there is no such webhook.
    public func rotateWebhookSecret(_ id: String) throws(StoreError) -> String? {
        let secret = Self.newWebhookSecret()
        return try write { db in
            try db.execute(sql: "UPDATE webhooks SET previous_secret = secret, secret = ? WHERE id = ?", arguments: [secret, id])
            return db.changesCount > 0 ? secret : nil
        }
    }

    /// Removes a webhook and its undelivered messages; false when there was none.
    @discardableResult
    public func deleteWebhook(_ id: String) throws(StoreError) -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM webhooks WHERE id = ?", arguments: [id])
            let deleted = db.changesCount > 0
            try db.execute(sql: "DELETE FROM outbox WHERE webhook_id = ?", arguments: [id])
            return deleted
        }
    }

    /// Records the current members of every watched segment and, in the same transaction, an
    /// outbox message for each webhook watching a segment a customer entered or left. A segment
    /// seen for the first time is recorded without messages (its members did not just enter).
    /// With `customers`, only their membership is compared (`members` names members among them).
    /// Returns the changes.
    @discardableResult
    public func recordMembership(_ members: [String: Set<String>], among customers: [String]? = nil, dataVersion: Int,
                                 nowMs: Int64 = Int64(Date().timeIntervalSince1970 * 1000)) throws(StoreError) -> [MembershipChange] {
        try write { db in
            let hooks = try Row.fetchAll(db, sql: "SELECT id, segments FROM webhooks").map { row in
                (id: row["id"] as String, segments: Set((try? JSONDecoder().decode([String].self, from: Data((row["segments"] as String).utf8))) ?? []))
            }
            var changes: [MembershipChange] = []
            for (segment, current) in members.sorted(by: { $0.key < $1.key }) {
                let seen = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM watched_segments WHERE segment = ?)", arguments: [segment]) ?? false
                // A segment's first record holds all its members.
                if !seen && customers != nil { continue }
                var before: Set<String>
                if let customers {
                    let member = try db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM live_membership WHERE segment = ? AND customer_id = ?)")
                    before = []
                    for id in customers where try Bool.fetchOne(member, arguments: [segment, id]) == true { before.insert(id) }
                } else {
                    before = Set(try String.fetchAll(db, sql: "SELECT customer_id FROM live_membership WHERE segment = ?", arguments: [segment]))
                }
                let entered = current.subtracting(before).sorted(), left = before.subtracting(current).sorted()
                for id in entered { try db.execute(sql: "INSERT INTO live_membership (segment, customer_id) VALUES (?, ?)", arguments: [segment, id]) }
                for id in left { try db.execute(sql: "DELETE FROM live_membership WHERE segment = ? AND customer_id = ?", arguments: [segment, id]) }
                guard seen else {
                    try db.execute(sql: "INSERT INTO watched_segments (segment) VALUES (?)", arguments: [segment])
                    continue
                }
                changes += entered.map { MembershipChange(segment: segment, customerID: $0, entered: true) }
                changes += left.map { MembershipChange(segment: segment, customerID: $0, entered: false) }
            }
            let iso = ISO8601DateFormatter()
            for change in changes {
                // A number per customer that grows with each change, so a receiver can put them in order.
                try db.execute(sql: """
                    INSERT INTO customer_sequence (customer_id, sequence) VALUES (?, 1)
                    ON CONFLICT (customer_id) DO UPDATE SET sequence = sequence + 1
                    """, arguments: [change.customerID])
                let sequence = try Int.fetchOne(db, sql: "SELECT sequence FROM customer_sequence WHERE customer_id = ?", arguments: [change.customerID]) ?? 0
                let body = MembershipMessage(type: change.entered ? "segment.entered" : "segment.exited", segment: change.segment,
                                             customerID: change.customerID, sequence: sequence, dataVersion: dataVersion,
                                             timestamp: iso.string(from: Date(timeIntervalSince1970: Double(nowMs) / 1000)))
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                let text = String(decoding: try encoder.encode(body), as: UTF8.self)
                for hook in hooks where hook.segments.contains(change.segment) {
                    try db.execute(sql: """
                        INSERT INTO outbox (message_id, webhook_id, customer_id, body, next_attempt_ms, created_at) VALUES (?, ?, ?, ?, ?, ?)
                        """, arguments: ["msg_" + Self.randomHex(12), hook.id, change.customerID, text, nowMs, nowMs / 1000])
                }
            }
            return changes
        }
    }

    /// The webhook's pending messages due by `nowMs`, oldest first.
    public func dueMessages(webhook: String, nowMs: Int64, limit: Int = 100) throws(StoreError) -> [OutboxMessage] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM outbox WHERE webhook_id = ? AND state = 'pending' AND next_attempt_ms <= ? ORDER BY id LIMIT ?
                """, arguments: [webhook, nowMs, limit]).map(Self.message)
        }
    }

    /// Messages still to send (due now or waiting for a retry), over every webhook.
    public func pendingCount() throws(StoreError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE state = 'pending'") ?? 0 }
    }

    public func markDelivered(_ id: Int64) throws(StoreError) {
        try write { db in try db.execute(sql: "UPDATE outbox SET state = 'delivered', attempts = attempts + 1, last_error = NULL WHERE id = ?", arguments: [id]) }
    }

    /// A failed attempt: retried at `retryAtMs`, or dead (kept for replay) when nil.
    public func markFailed(_ id: Int64, error: String, retryAtMs: Int64?) throws(StoreError) {
        try write { db in
            try db.execute(sql: "UPDATE outbox SET attempts = attempts + 1, last_error = ?, state = ?, next_attempt_ms = COALESCE(?, next_attempt_ms) WHERE id = ?",
                           arguments: [error, retryAtMs == nil ? "dead" : "pending", retryAtMs, id])
        }
    }

    /// The webhook's dead messages (every retry failed), oldest first.
    public func deadLetters(webhook: String) throws(StoreError) -> [OutboxMessage] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM outbox WHERE webhook_id = ? AND state = 'dead' ORDER BY id", arguments: [webhook]).map(Self.message)
        }
    }

    /// Sends the webhook's dead messages again from now (attempts start over); returns how many.
    @discardableResult
    public func replayDeadLetters(webhook: String, nowMs: Int64 = Int64(Date().timeIntervalSince1970 * 1000)) throws(StoreError) -> Int {
        try write { db in
            try db.execute(sql: "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_ms = ? WHERE webhook_id = ? AND state = 'dead'",
                           arguments: [nowMs, webhook])
            return db.changesCount
        }
    }

    private static func message(_ row: Row) -> OutboxMessage {
        OutboxMessage(id: row["id"], messageID: row["message_id"], webhookID: row["webhook_id"], body: row["body"],
                      attempts: row["attempts"], lastError: row["last_error"])
    }

    static func randomHex(_ bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    static func newWebhookSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return "whsec_" + Data((0..<24).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64EncodedString()
    }
}

/// The body of a webhook message (docs/server.md).
struct MembershipMessage: Encodable {
    var type: String
    var segment: String
    var customerID: String
    var sequence: Int
    var dataVersion: Int
    var timestamp: String

    enum CodingKeys: String, CodingKey {
        case type, segment, sequence, timestamp
        case customerID = "customer_id", dataVersion = "data_version"
    }
}
