import Foundation
import StrataCore
import GRDB

/// Keeps the copy of the store's columns (``ColumnCache``) up to date through an import, so that
/// the snapshot after it does not read every row back through SQLite: the copy the store had
/// when the import started (none for an empty store) and the rows the import stores, written
/// beside the store while the rows go in (``writeAside(_:customersUpdating:orders:events:version:)``)
/// and put in place as the import finishes (``install(_:raises:allStored:store:)``).
///
/// It is put in place only when it is sure to equal the tables: the copy was of the data as the
/// import found it; every kept row of every file read was stored (none was there already, whose
/// stored version the copy would need); the import raised the data version as often as planned
/// and no other writer raised it meanwhile. Otherwise it is deleted, and the next read writes
/// the copy from the tables.
struct ImportColumnCopy: Sendable {
    /// The data version when the import started.
    let startVersion: Int
    /// Whether the store held no customer, order or event then.
    private let startedEmpty: Bool
    private let identity: String
    /// Where the copy is kept.
    private let cache: String

    init(_ db: Database, store: String) throws {
        startedEmpty = try Bool.fetchOne(db, sql: """
            SELECT NOT EXISTS (SELECT 1 FROM customers) AND NOT EXISTS (SELECT 1 FROM orders) AND NOT EXISTS (SELECT 1 FROM events)
            """) ?? false
        startVersion = try StrataStore.dataVersion(db)
        identity = try StrataStore.identity(db)
        cache = ColumnCache.path(forStore: store)
    }

    /// A copy written beside the store, not yet in place.
    struct Written: Sendable {
        var path: String
        var version: Int
        var customers: Int
    }

    /// Writes the columns the store will hold at data version `version`, once the import stored
    /// `data`'s customers (nil: not at all; true: as a customers file updates them; false: only
    /// those not stored yet, the customers orders and events name) and its `orders` and `events`
    /// (in the order they are stored, their customers coded as in `data`), into a file of their
    /// own; nil when the copy the store had is missing or old, when orders or events name a
    /// customer neither it nor `data` adds, or when the file could not be written.
    func writeAside(_ data: Dataset, customersUpdating: Bool?, orders: OrderColumns, events: EventColumns, version: Int) -> Written? {
        var columns = StoredColumns()
        if !startedEmpty {
            guard let base = ColumnCache.load(from: cache, identity: identity, version: startVersion),
                  base.tableCustomers == base.customers.count else { return nil }
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
            guard orders.customer.allSatisfy({ customerCode[Int($0)] >= 0 }),
                  events.customer.allSatisfy({ customerCode[Int($0)] >= 0 }) else { return nil }
        }
        columns.append(orders, customerCode: customerCode)
        columns.append(events, customerCode: customerCode)
        columns.narrowDictionaries()
        // A copy that cannot be written only means the next read goes to the tables.
        guard let path = try? ColumnCache.writeAside(columns, identity: identity, version: version, for: cache) else { return nil }
        return Written(path: path, version: version, customers: columns.customers.count)
    }

    /// Puts the `written` copy in place when it is sure to equal the tables after an import that
    /// raised the data version `raises` times and stored every kept row when `allStored`; else
    /// deletes it.
    func install(_ written: Written?, raises: Int, allStored: Bool, store: StrataStore) throws(StoreError) {
        guard let written else { return }
        let version: Int, storedCustomers: Int
        do {
            (version, storedCustomers) = try store.read { db in
                (try StrataStore.dataVersion(db), try Int.fetchOne(db, sql: "SELECT count(*) FROM customers") ?? -1)
            }
        } catch {
            unlink(written.path)
            throw error
        }
        guard allStored, version == startVersion + raises, version == written.version, storedCustomers == written.customers else {
            unlink(written.path)
            return
        }
        // A copy that cannot be renamed into place (``ColumnCache/install(_:at:)`` deletes it) only
        // means the next read goes to the tables.
        guard (try? ColumnCache.install(written.path, at: cache)) != nil else { return }
        // An erasure may have committed while the copy was put in place (as in a snapshot's read).
        if try store.dataVersion() != version { unlink(cache) }
    }

    /// Deletes a copy written for an import that failed.
    static func discard(_ written: Written?) {
        if let written { unlink(written.path) }
    }
}
