import GRDB

/// The index of the orders or the events by customer and time. The live service's per-customer
/// reads, erasure and the loader's membership tests use it.
///
/// A first import into an empty table drops it and builds it once at the end, from the rows in
/// one sorted pass, instead of inserting every row's entry at a random place
/// (``StrataStore/importData(_:facts:unchanged:batchSize:progress:)``). Opening a store builds
/// an index a crash left missing.
package struct CustomerIndex: Sendable {
    package var table: String
    package var name: String

    package static let orders = CustomerIndex(table: "orders", name: "orders_by_customer")
    package static let events = CustomerIndex(table: "events", name: "events_by_customer")
    package static let all = [orders, events]

    /// Builds the index when it is missing.
    package func create(_ db: Database) throws {
        try db.execute(sql: "CREATE INDEX IF NOT EXISTS \(name) ON \(table) (customer_id, ts)")
    }

    /// Drops the index when its table is empty, so the rows an import adds are indexed once at
    /// the end; returns whether it did.
    package func dropIfTableEmpty(_ db: Database) throws -> Bool {
        guard try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM \(table))") == true else { return false }
        try db.execute(sql: "DROP INDEX IF EXISTS \(name)")
        return true
    }
}
