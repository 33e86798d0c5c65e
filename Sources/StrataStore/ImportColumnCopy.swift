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
    /// The imported orders and events in the order the tables hold them (key order).
    var orderRows: [Int32] = []
    var eventRows: [Int32] = []

    /// A copy to fill when the store holds no rows; nil otherwise.
    init?(_ db: Database) throws {
        let empty = try Bool.fetchOne(db, sql: """
            SELECT NOT EXISTS (SELECT 1 FROM customers) AND NOT EXISTS (SELECT 1 FROM orders) AND NOT EXISTS (SELECT 1 FROM events)
            """) ?? false
        guard empty else { return nil }
        startVersion = try StrataStore.dataVersion(db)
    }

    /// Writes the copy beside `store` when the tables hold exactly the customers of `data` and its
    /// rows named here, and no other writer wrote since the import started.
    func save(_ data: Dataset, store: StrataStore) throws(StoreError) {
        let (identity, version, stored) = try store.read { db in
            (try StrataStore.identity(db), try StrataStore.dataVersion(db), try Int.fetchOne(db, sql: "SELECT count(*) FROM customers") ?? -1)
        }
        guard version == startVersion + raises, stored == data.customers.count else { return }
        var orders = OrderColumns(), events = EventColumns()
        orders.customer = Parallel.gather(data.orders.customer, at: orderRows)
        orders.timestamp = Parallel.gather(data.orders.timestamp, at: orderRows)
        orders.amountCents = Parallel.gather(data.orders.amountCents, at: orderRows)
        orders.discountCents = Parallel.gather(data.orders.discountCents, at: orderRows)
        (orders.category, orders.categories) = (Parallel.gather(data.orders.category, at: orderRows), data.orders.categories)
        events.customer = Parallel.gather(data.events.customer, at: eventRows)
        events.timestamp = Parallel.gather(data.events.timestamp, at: eventRows)
        events.type = Parallel.gather(data.events.type, at: eventRows)
        events.channel = Parallel.gather(data.events.channel, at: eventRows)
        events.value = Parallel.gather(data.events.value, at: eventRows)
        (events.types, events.channels) = (data.events.types, data.events.channels)
        let columns = StoredColumns(importedCustomers: data.customers, orders: orders, events: events)
        let cache = ColumnCache.path(forStore: store.path)
        // A copy that cannot be written only means the next read goes to the tables.
        try? ColumnCache.save(columns, identity: identity, version: version, to: cache)
        // An erasure may have committed while the copy was written (as in a snapshot's read).
        if try store.dataVersion() != version { unlink(cache) }
    }
}
