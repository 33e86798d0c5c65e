import Foundation
import GRDB
import Testing
@testable import StrataCore
@testable import StrataPipeline
@testable import StrataStore

/// The copy of the store's columns kept beside it: read from it, the data as of any date is the
/// data the tables give; any write to the store, a damaged file or another store's file sends
/// the read back to the tables; an erasure deletes it.
@Suite struct ColumnCacheTests {
    /// A generated store, plus an order naming a customer the customers table lacks (what an
    /// interrupted import leaves).
    func store(_ customers: Int, seed: UInt64) throws -> (dir: TempDir, db: String) {
        let dir = DataGeneratorTests().generate(customers, seed: seed)
        let db = "\(dir.path)/strata.db"
        _ = try StoreTests().importing(dir, into: db)
        try StrataStore(path: db).write { db in
            try db.execute(sql: """
                INSERT INTO orders (order_key, customer_id, ts, amount_cents, discount_cents, category)
                VALUES ('#ghost', 'GHOST', \(seconds("2024-02-10T10:00:00Z")), 1250, 0, 'garden')
                """)
            _ = try StrataStore.raiseDataVersion(db)
        }
        // The copy the import wrote (stale now): these tests read the tables first.
        ColumnCache.remove(forStore: db)
        return (dir, db)
    }

    @Test func theCopyGivesWhatTheTablesGiveAtEveryDate() throws {
        let (_, db) = try store(400, seed: 21)
        let store = try StrataStore(path: db)
        let cache = ColumnCache.path(forStore: db)
        #expect(!FileManager.default.fileExists(atPath: cache))
        let dates: [Int64?] = [nil, seconds("2022-01-31T23:59:59Z"), seconds("2024-02-09T23:59:59Z"), seconds("2024-02-10T23:59:59Z"),
                               seconds("2024-05-31T23:59:59Z"), 0]
        for asOf in dates {
            let fromCopy = try store.dataset(asOf: asOf, cached: true)
            #expect(FileManager.default.fileExists(atPath: cache))
            expectSame(fromCopy, try store.dataset(asOf: asOf), "as of \(String(describing: asOf))")
        }
        let all = try store.dataset(asOf: nil, cached: true)
        #expect(all.customers.ids.code(of: "GHOST") != nil && all.customers.count == 401)
        #expect(try store.dataset(asOf: seconds("2024-02-09T23:59:59Z"), cached: true).customers.ids.code(of: "GHOST") == nil)
        #expect(try store.dataset(asOf: 0, cached: true).orders.count == 0)
    }

    @Test func everyWriteToTheStoreMakesTheCopyStale() throws {
        let (dir, db) = try store(300, seed: 22)
        let store = try StrataStore(path: db)
        let cache = ColumnCache.path(forStore: db)
        let asOf = seconds("2030-01-01T00:00:00Z")
        let before = try store.dataset(asOf: asOf, cached: true)
        #expect(ColumnCache.load(from: cache, identity: try identity(store), version: try store.dataVersion()) != nil)

        // An import of new rows.
        var orders = try String(contentsOfFile: "\(dir.path)/orders.csv", encoding: .utf8)
        orders += "ONEW1,C3,2024-06-30T12:00:00Z,99.00,0.00,books\n"
        dir.write("orders.csv", orders)
        _ = try StoreTests().importing(dir, into: db)
        let imported = try store.dataset(asOf: asOf, cached: true)
        #expect(imported.orders.count == before.orders.count + 1)
        expectSame(imported, try store.dataset(asOf: asOf), "after an import")

        // A live write.
        let events = #"[{"event_id": "live-1", "customer_id": "C5", "ts": "2024-06-30T13:00:00Z", "type": "visit"}]"#
        _ = try store.append([try APIBatch.read(Array(events.utf8), kind: .events)])
        let appended = try store.dataset(asOf: asOf, cached: true)
        #expect(appended.events.count == imported.events.count + 1)
        expectSame(appended, try store.dataset(asOf: asOf), "after a live write")

        // An erasure deletes the copy; the next read writes one without the customer.
        try store.forget(customer: "C5")
        #expect(!FileManager.default.fileExists(atPath: cache))
        let erased = try store.dataset(asOf: asOf, cached: true)
        #expect(erased.customers.ids.code(of: "C5") == nil)
        expectSame(erased, try store.dataset(asOf: asOf), "after an erasure")
    }

    @Test func aDamagedOrForeignCopyIsReadAgainFromTheTables() throws {
        let (_, db) = try store(200, seed: 23)
        let (_, other) = try self.store(150, seed: 24)
        let store = try StrataStore(path: db), otherStore = try StrataStore(path: other)
        // Two stores at the same data version.
        while try otherStore.dataVersion() < store.dataVersion() { try otherStore.raiseDataVersion() }
        while try store.dataVersion() < otherStore.dataVersion() { try store.raiseDataVersion() }
        let cache = ColumnCache.path(forStore: db)
        let truth = try store.dataset()
        _ = try store.dataset(cached: true)
        let whole = try Data(contentsOf: URL(fileURLWithPath: cache))
        let identity = try identity(store), version = try store.dataVersion()

        var altered = whole
        altered[whole.count / 2] ^= 0x5A
        for damaged in [whole.prefix(whole.count - 9), altered, whole + Data([0])] {
            try damaged.write(to: URL(fileURLWithPath: cache))
            #expect(ColumnCache.load(from: cache, identity: identity, version: version) == nil)
            expectSame(try store.dataset(cached: true), truth, "from a damaged copy")
            #expect(try Data(contentsOf: URL(fileURLWithPath: cache)) == whole, "written anew")
        }

        // Another store's copy, at the same data version, is not taken for this one's.
        try FileManager.default.copyItem(atPath: cache, toPath: ColumnCache.path(forStore: other))
        #expect(try otherStore.dataVersion() == version)
        expectSame(try otherStore.dataset(cached: true), try otherStore.dataset(), "beside another store")
    }

    /// An import into an empty store writes the copy of what it stored as it finishes, at the
    /// store's data version: the same rows in the same order as the tables give, so the first
    /// snapshot reads the copy. An import into a store that holds rows leaves the copy to the
    /// next read.
    @Test func anImportIntoAnEmptyStoreWritesTheCopy() throws {
        // Time order: the rows go in in key order, not file order. Rows the tables change on the
        // way: a value of −0, rows without an id, identical rows at one second, a customer without
        // signup, a category only a rejected row names.
        let dir = DataGeneratorTests().generate(300, seed: 26, rowOrder: .time)
        var events = try String(contentsOfFile: "\(dir.path)/events.csv", encoding: .utf8)
        events += "EZERO,C7,2024-03-01T10:00:00Z,visit,web,-0\n"
        events += ",C7,2024-03-01T10:00:00Z,visit,web,\n,C7,2024-03-01T10:00:00Z,visit,web,\n"
        dir.write("events.csv", events)
        var orders = try String(contentsOfFile: "\(dir.path)/orders.csv", encoding: .utf8)
        orders += "OBAD,C1,not-a-date,5.00,0.00,vinyl\n"
        dir.write("orders.csv", orders)
        var customers = try String(contentsOfFile: "\(dir.path)/customers.csv", encoding: .utf8)
        customers += "C9999,,US,Seattle,f,1990,organic\n"
        dir.write("customers.csv", customers)

        let db = "\(dir.path)/strata.db"
        _ = try StoreTests().importing(dir, into: db)
        let store = try StrataStore(path: db)
        let cache = ColumnCache.path(forStore: db)
        let copy = try #require(ColumnCache.load(from: cache, identity: try identity(store), version: try store.dataVersion()))
        let tables = try store.read { db in try StoredColumns.read(db) }
        #expect(copy.customers.ids.strings == tables.customers.ids.strings && copy.tableCustomers == tables.tableCustomers)
        #expect(copy.orders.timestamp == tables.orders.timestamp && copy.events.timestamp == tables.events.timestamp, "key order")
        #expect(!copy.orders.categories.contains("vinyl"))
        for asOf: Int64? in [nil, seconds("2023-06-30T23:59:59Z"), seconds("2024-03-01T10:00:00Z")] {
            expectSame(copy.dataset(asOf: asOf), tables.dataset(asOf: asOf), "as of \(String(describing: asOf))")
        }

    }

    /// The copy is written while the rows go in, for the data version the import will end at:
    /// imports of many batches each, with or without a customers file, put it in place.
    @Test func importsOfManyBatchesPutTheCopyInPlace() throws {
        let dir = DataGeneratorTests().generate(120, seed: 28, rowOrder: .time)
        let db = "\(dir.path)/strata.db"
        let files = try StoreTests().importing(dir, into: db, batchSize: 37)
        #expect(files.allSatisfy { $0.batches > 1 })
        let store = try StrataStore(path: db)
        let cache = ColumnCache.path(forStore: db)
        let copy = try #require(ColumnCache.load(from: cache, identity: try identity(store), version: try store.dataVersion()))
        expectSame(copy.dataset(asOf: nil), try store.read { db in try StoredColumns.read(db) }.dataset(asOf: nil), "customers file")

        // Events alone, naming a customer the store lacks: it is stored first, in a raise of its own.
        let events = dir.write("more-events.csv", "event_id,customer_id,ts,type,channel,value\n"
            + (1...9).map { "EM\($0),C\($0 * 7),2024-04-0\($0)T09:00:00Z,visit,web,\n" }.joined() + "EM10,CNEW,2024-04-10T09:00:00Z,visit,web,\n")
        _ = try StoreHistory.importFiles(.files(InputPaths(events: events)), into: db, batchSize: 3)
        let after = try #require(ColumnCache.load(from: cache, identity: try identity(store), version: try store.dataVersion()))
        #expect(after.customers.ids.code(of: "CNEW") != nil)
        expectSame(after.dataset(asOf: nil), try store.read { db in try StoredColumns.read(db) }.dataset(asOf: nil), "events alone")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    /// Imports into a store with rows bring the copy up to date when every row they read is
    /// new: events alone (a customer new with them, an event at the second of another of its
    /// customer's), a customers file alone (a signup and an attribute changed, a new attribute,
    /// a new customer), an orders log that grew. Read again whole, with rows already stored, a
    /// file leaves the copy stale, to be written from the tables by the next read.
    @Test func importsIntoAStoreWithRowsKeepTheCopyUpToDate() throws {
        let dir = DataGeneratorTests().generate(250, seed: 27, rowOrder: .time)
        let db = "\(dir.path)/strata.db"
        _ = try StoreHistory.importFiles(.files(InputPaths(directory: dir.path)), into: db)
        let store = try StrataStore(path: db)
        let cache = ColumnCache.path(forStore: db)
        func expectCopyIsCurrent(_ context: String) throws {
            let copy = try #require(ColumnCache.load(from: cache, identity: try identity(store), version: try store.dataVersion()), "\(context)")
            let tables = try store.read { db in try StoredColumns.read(db) }
            #expect(copy.orders.count == tables.orders.count && copy.events.count == tables.events.count, "\(context)")
            for asOf: Int64? in [nil, seconds("2023-06-30T23:59:59Z"), seconds("2024-03-01T10:00:00Z")] {
                expectSame(copy.dataset(asOf: asOf), tables.dataset(asOf: asOf), "\(context), as of \(String(describing: asOf))")
            }
        }
        try expectCopyIsCurrent("first import")

        // At the second of one of C7's events, a new one that comes first by id (the tables' order)
        // and last by content: the copy, which adds new rows at the end, orders ties by content.
        let stored = try String(contentsOfFile: "\(dir.path)/events.csv", encoding: .utf8).split(separator: "\n")
        let tie = try #require(stored.first { $0.split(separator: ",")[1] == "C7" }).split(separator: ",")[2]
        let events = dir.write("today-events.csv", "event_id,customer_id,ts,type,channel,value\n"
            + "E0a,C7,\(tie),zz_survey,web,-0\nE0b,C7,\(tie),zz_survey,web,3\n"
            + "EX3,C9998,2024-04-01T09:00:00Z,visit,web,2.5\n")
        _ = try StoreHistory.importFiles(.files(InputPaths(events: events)), into: db)
        try expectCopyIsCurrent("events alone")

        let customers = dir.write("today-customers.csv", "customer_id,signup_date,country,tier\nC1,2021-01-01,DE,gold\nC9997,,US,silver\n")
        _ = try StoreHistory.importFiles(.files(InputPaths(customers: customers)), into: db)
        try expectCopyIsCurrent("customers alone")
        let updated = try #require(ColumnCache.load(from: cache, identity: try identity(store), version: try store.dataVersion()))
        #expect(updated.customers.attributes.map(\.name).last == "tier" && updated.customers.ids.code(of: "C9997") != nil)

        var orders = try String(contentsOfFile: "\(dir.path)/orders.csv", encoding: .utf8)
        orders += "ONEW1,C3,2024-06-30T12:00:00Z,99.00,0.00,vinyl\n"
        dir.write("orders.csv", orders)
        let grown = try StoreHistory.importFiles(.files(InputPaths(directory: dir.path)), into: db)
        #expect(grown.files.first { $0.kind == .orders }?.grownSince != nil)
        try expectCopyIsCurrent("a grown orders log")

        // The whole file again, its rows stored already: the copy is stale, and read again.
        _ = try StoreTests().importing(dir, into: db)
        #expect(ColumnCache.load(from: cache, identity: try identity(store), version: try store.dataVersion()) == nil)
        expectSame(try store.dataset(cached: true), try store.dataset(), "read again")
    }

    /// A half-written copy left by a writer that is gone is removed by the next write; an
    /// erasure removes every half-written copy, whoever wrote it.
    @Test func halfWrittenCopiesDoNotOutliveTheirWriterOrAnErasure() throws {
        let (_, db) = try store(100, seed: 25)
        let store = try StrataStore(path: db)
        let cache = ColumnCache.path(forStore: db)
        let gone = cache + ".2147483646.tmp", running = cache + ".1.tmp"
        for file in [gone, running] { FileManager.default.createFile(atPath: file, contents: Data("half".utf8)) }
        _ = try store.dataset(cached: true)
        #expect(!FileManager.default.fileExists(atPath: gone), "its process is gone")
        #expect(FileManager.default.fileExists(atPath: running), "its process (pid 1) runs")
        try store.forget(customer: "C3")
        for file in [cache, running] { #expect(!FileManager.default.fileExists(atPath: file), "\(file)") }
    }

    func identity(_ store: StrataStore) throws -> String {
        try store.read { try StrataStore.identity($0) }
    }

    /// Every column of two data sets, value for value.
    func expectSame(_ a: Dataset, _ b: Dataset, _ context: String) {
        #expect(a.customers.ids.strings == b.customers.ids.strings, "customer ids, \(context)")
        #expect(a.customers.signup == b.customers.signup, "signup, \(context)")
        #expect(a.customers.attributes.map(\.name) == b.customers.attributes.map(\.name), "attribute names, \(context)")
        for (x, y) in zip(a.customers.attributes, b.customers.attributes) {
            #expect(x.codes == y.codes && x.values == y.values, "attribute \(x.name), \(context)")
        }
        let (o, p) = (a.orders, b.orders)
        #expect(o.customer == p.customer && o.timestamp == p.timestamp, "orders, \(context)")
        #expect(o.amountCents == p.amountCents && o.discountCents == p.discountCents, "order amounts, \(context)")
        #expect(o.category == p.category && o.categories == p.categories, "order categories, \(context)")
        let (e, f) = (a.events, b.events)
        #expect(e.customer == f.customer && e.timestamp == f.timestamp, "events, \(context)")
        #expect(e.type == f.type && e.types == f.types && e.channel == f.channel && e.channels == f.channels, "event types, \(context)")
        #expect(e.value.map(\.bitPattern) == f.value.map(\.bitPattern), "event values, \(context)")
        #expect(a.report.files.map(\.rowsRead) == b.report.files.map(\.rowsRead), "report, \(context)")
    }
}
