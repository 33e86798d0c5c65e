import Foundation
import StrataCore
import GRDB

/// The copy of the store's columns (``ColumnCache``) that an import into an empty store writes
/// as it finishes, from the rows it put in the tables, so that the first snapshot after it does
/// not read every row back through SQLite.
///
/// It is written only when it is sure to equal the tables: the store held no customer, order or
/// event before the import; every file was read (none skipped as unchanged) and every kept row
/// stored; and no other writer raised the data version meanwhile. Any other import leaves the
/// copy to the next read, as before.
struct ImportColumnCopy {
    /// The data version when the import started.
    private let startVersion: Int
    /// How many times the import raised the data version.
    var raises = 0
    /// The orders and events as stored: in key order.
    var orders = OrderColumns()
    var events = EventColumns()

    /// A copy to fill when the store holds no rows; nil otherwise.
    init?(_ db: Database) throws {
        let empty = try Bool.fetchOne(db, sql: """
            SELECT NOT EXISTS (SELECT 1 FROM customers) AND NOT EXISTS (SELECT 1 FROM orders) AND NOT EXISTS (SELECT 1 FROM events)
            """) ?? false
        guard empty else { return nil }
        startVersion = try StrataStore.dataVersion(db)
    }

    /// Writes the copy beside `store` when the tables hold exactly `customers` and the rows kept
    /// here, and no other writer wrote since the import started.
    func save(customers: CustomerTable, store: StrataStore) throws(StoreError) {
        let (identity, version, stored) = try store.read { db in
            (try StrataStore.identity(db), try StrataStore.dataVersion(db), try Int.fetchOne(db, sql: "SELECT count(*) FROM customers") ?? -1)
        }
        guard version == startVersion + raises, stored == customers.count else { return }
        let columns = StoredColumns(importedCustomers: customers, orders: orders, events: events)
        let cache = ColumnCache.path(forStore: store.path)
        // A copy that cannot be written only means the next read goes to the tables.
        try? ColumnCache.save(columns, identity: identity, version: version, to: cache)
        // An erasure may have committed while the copy was written (as in a snapshot's read).
        if try store.dataVersion() != version { unlink(cache) }
    }
}
