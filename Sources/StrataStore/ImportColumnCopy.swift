import Foundation
import StrataCore
import GRDB

/// Keeps the copy of the store's columns (``ColumnCache``) up to date through an import, so that
/// the snapshot after it does not read every row back through SQLite: the copy the store had
/// when the import started (none for an empty store) and the rows the import stored, written
/// anew as the import finishes.
///
/// It is written only when it is sure to equal the tables: the copy was of the data as the
/// import found it; every kept row of every file read was stored (none was there already, whose
/// stored version the copy would need); and no other writer raised the data version meanwhile.
/// Otherwise the copy is left stale, and the next read writes it from the tables.
struct ImportColumnCopy {
    /// The data version when the import started.
    private let startVersion: Int
    /// Whether the store held no customer, order or event then.
    private let startedEmpty: Bool
    /// How many times the import raised the data version.
    var raises = 0
    /// How the data's customers went in: nil, not at all; true, as a customers file updates
    /// them; false, only those not stored yet (the customers orders and events name).
    var customersUpdating: Bool?
    /// The stored orders and events, as rows of the data.
    var orderRows: [Int32] = []
    var eventRows: [Int32] = []

    init(_ db: Database) throws {
        startedEmpty = try Bool.fetchOne(db, sql: """
            SELECT NOT EXISTS (SELECT 1 FROM customers) AND NOT EXISTS (SELECT 1 FROM orders) AND NOT EXISTS (SELECT 1 FROM events)
            """) ?? false
        startVersion = try StrataStore.dataVersion(db)
    }

    /// Writes the copy beside `store` when it is sure to equal the tables after the import of `data`.
    func save(_ data: Dataset, store: StrataStore) throws(StoreError) {
        guard raises > 0 else { return }  // nothing written: the copy, if current, still is
        let cache = ColumnCache.path(forStore: store.path)
        let (identity, version, storedCustomers) = try store.read { db in
            (try StrataStore.identity(db), try StrataStore.dataVersion(db), try Int.fetchOne(db, sql: "SELECT count(*) FROM customers") ?? -1)
        }
        guard version == startVersion + raises else { return }
        var columns = StoredColumns()
        if !startedEmpty {
            guard let base = ColumnCache.load(from: cache, identity: identity, version: startVersion),
                  base.tableCustomers == base.customers.count else { return }
            columns = base
        }
        let customerCode: [Int32]
        if let customersUpdating {
            customerCode = columns.add(customersOf: data.customers, updating: customersUpdating)
        } else {
            // Orders and events name only stored customers then (none is, for a customers file read unchanged).
            customerCode = (0..<data.customers.count).map { c in
                Int32(data.customers.ids.key(c).withUnsafeBufferPointer { columns.customers.ids.code(of: $0) } ?? -1)
            }
            guard orderRows.allSatisfy({ customerCode[Int(data.orders.customer[Int($0)])] >= 0 }),
                  eventRows.allSatisfy({ customerCode[Int(data.events.customer[Int($0)])] >= 0 }) else { return }
        }
        guard storedCustomers == columns.customers.count else { return }
        columns.append(data.orders, rows: orderRows, customerCode: customerCode)
        columns.append(data.events, rows: eventRows, customerCode: customerCode)
        columns.narrowDictionaries()
        // A copy that cannot be written only means the next read goes to the tables.
        try? ColumnCache.save(columns, identity: identity, version: version, to: cache)
        // An erasure may have committed while the copy was written (as in a snapshot's read).
        if try store.dataVersion() != version { unlink(cache) }
    }
}
