import Foundation
import GRDB
import StrataCore

/// What storing one API batch did: rows new to the store, and rows whose id it held already (a
/// retried batch stores nothing the second time).
public struct AppendResult: Sendable, Hashable, Codable {
    public var stored: Int
    public var alreadyPresent: Int
    /// The batch's rows (orders or events) that were new, by index into the batch's table.
    public var storedRows: [Int] = []
    /// The store's data version after the transaction that stored the batch.
    public var dataVersion = 0

    public init(stored: Int, alreadyPresent: Int, storedRows: [Int] = []) {
        self.stored = stored
        self.alreadyPresent = alreadyPresent
        self.storedRows = storedRows
    }

    package enum CodingKeys: String, CodingKey {
        case stored
        case alreadyPresent = "already_present"
    }
}

extension StrataStore {
    /// Stores batches in one transaction, in order: customers named by orders or events are added
    /// when new; a customers batch adds new customers and updates known ones (signup, and the
    /// attributes it names); orders and events are keyed by id (``rowKeys(ids:count:content:)``)
    /// and inserted only when new. The transaction raises the store's data version
    /// (``dataVersion()``); it is returned with the results.
    public func append(_ batches: [APIBatch]) throws(StoreError) -> (results: [AppendResult], version: Int) {
        try write { db in
            var results = try batches.map { try Self.append($0, db) }
            let version = try Self.raiseDataVersion(db)
            for i in results.indices { results[i].dataVersion = version }
            return (results, version)
        }
    }

    private static func append(_ batch: APIBatch, _ db: Database) throws -> AppendResult {
        let data = batch.data
        let ids = data.customers.ids.strings
        for attribute in data.customers.attributes {
            try db.execute(sql: """
                INSERT OR IGNORE INTO attribute_names (position, name)
                VALUES ((SELECT COALESCE(MAX(position), -1) + 1 FROM attribute_names), ?)
                """, arguments: [attribute.name])
        }
        var result = AppendResult(stored: 0, alreadyPresent: 0)
        switch batch.kind {
        case .customers:
            let upsert = try db.cachedStatement(sql: """
                INSERT INTO customers (customer_id, signup, attributes) VALUES (?, ?, ?)
                ON CONFLICT (customer_id) DO UPDATE SET signup = COALESCE(excluded.signup, signup),
                    attributes = json_patch(attributes, excluded.attributes)
                """)
            let attributes = AttributeObjects(data.customers)
            for c in 0..<data.customers.count {
                let known = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM customers WHERE customer_id = ?)", arguments: [ids[c]]) ?? false
                try upsert.execute(arguments: [ids[c], data.customers.signup[c], attributes.json(c)])
                if known { result.alreadyPresent += 1 } else { result.stored += 1 }
            }
        case .orders:
            _ = try insertCustomers(db, data.customers, 0..<data.customers.count)
            let keys = rowKeys(ids: data.orders.ids, count: data.orders.count) { orderContent(data, $0) }
            result.stored = try insertOrders(db, data, BoundTexts(ids), keys, 0..<data.orders.count) { result.storedRows.append($0) }
            result.alreadyPresent = data.orders.count - result.stored
        case .events:
            _ = try insertCustomers(db, data.customers, 0..<data.customers.count)
            let keys = rowKeys(ids: data.events.ids, count: data.events.count) { eventContent(data, $0) }
            result.stored = try insertEvents(db, data, BoundTexts(ids), keys, 0..<data.events.count) { result.storedRows.append($0) }
            result.alreadyPresent = data.events.count - result.stored
        }
        return result
    }
}
