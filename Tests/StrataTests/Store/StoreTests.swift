import Foundation
import GRDB
import Testing
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline
@testable import StrataStore

/// The embedded store: idempotent imports, snapshots equal to analyses of filtered files,
/// movement between snapshots, and erasure.
@Suite struct StoreTests {
    func importing(_ dir: TempDir, into path: String, batchSize: Int = 10_000) throws -> [FileImport] {
        var loader = DatasetLoader(paths: InputPaths(directory: dir.path))
        loader.keepRowIDs = true
        let data = try loader.load()
        let store = try StrataStore(path: path)
        return try store.importData(data, batchSize: batchSize)
    }

    @Test func importIsIdempotentAndEveryRowIsAccountedFor() throws {
        let dir = DataGeneratorTests().generate(800, seed: 3)
        // One bad order row and one duplicate order id.
        var orders = try String(contentsOfFile: "\(dir.path)/orders.csv", encoding: .utf8)
        let firstRow = orders.split(separator: "\n")[1]
        orders += "\(firstRow)\nOX,C1,not-a-date,5.00,0,books\n"
        dir.write("orders.csv", orders)
        let db = "\(dir.path)/strata.db"
        let first = try importing(dir, into: db)
        for file in first {
            #expect(file.rowsRead == file.kept + file.rejected + file.duplicates, "\(file.file)")
            #expect(file.stored == file.kept && file.alreadyPresent == 0, "\(file.file)")
        }
        let orderImport = try #require(first.first { $0.kind == .orders })
        #expect(orderImport.rejected == 1 && orderImport.duplicates == 1)
        let counts = try StrataStore(path: db).counts()
        #expect(counts.customers == 800 && counts.orders == orderImport.kept)

        let again = try importing(dir, into: db)
        for file in again {
            #expect(file.stored == 0 && file.alreadyPresent == file.kept, "\(file.file)")
        }
        #expect(try StrataStore(path: db).counts() == counts)
        #expect(try StrataStore(path: db).integrityCheck() == "ok")
    }

    @Test func rowsWithoutIDsAreKeyedByContent() throws {
        let dir = TempDir()
        dir.write("orders.csv", "customer_id,ts,amount\na,2024-01-01,10\nb,2024-01-02,20\na,2024-01-03,5\n")
        let db = "\(dir.path)/strata.db"
        #expect(try importing(dir, into: db).first?.stored == 3)
        dir.write("orders.csv", "customer_id,ts,amount\na,2024-01-01,10\nb,2024-01-02,20\na,2024-01-03,5\nc,2024-02-01,7\n")
        let second = try importing(dir, into: db)
        #expect(second.first?.stored == 1 && second.first?.alreadyPresent == 3)
        #expect(try StrataStore(path: db).counts().orders == 4)
    }

    /// Two identical purchases in a file without order ids are two orders in the store, as in
    /// `analyze` (revenue 40, not 30), and importing the file again adds nothing.
    @Test func identicalRowsWithoutIDsAreKeptApart() throws {
        let dir = TempDir()
        dir.write("orders.csv", "customer_id,ts,amount\na,2024-01-01,10\na,2024-01-01,10\nb,2024-01-02,20\n")
        let db = "\(dir.path)/strata.db"
        #expect(try importing(dir, into: db).first?.stored == 3)
        #expect(try importing(dir, into: db).first?.alreadyPresent == 3)
        let stored = try Analysis.run(.store(path: db, asOf: nil))
        let files = try Analysis.run(.files(InputPaths(directory: dir.path)))
        #expect(stored.summary.schemes[0].overall.revenue == 40 && files.summary.schemes[0].overall.revenue == 40)
    }

    /// A snapshot as of D equals `analyze` on the files cut to rows at or before D (customers:
    /// those who signed up by D).
    @Test func snapshotEqualsAnalysisOfFilteredFiles() throws {
        let dir = DataGeneratorTests().generate(1_200, seed: 5)
        let db = "\(dir.path)/strata.db"
        _ = try importing(dir, into: db)
        let cut = "2024-03-31T23:59:59Z"
        let asOf = seconds(cut)
        let store = try StrataStore(path: db)
        try StoreHistory.takeSnapshot(path: db, asOf: asOf, model: .named(.bgNBD))
        let stored = try store.snapshot(asOf: asOf)

        let filtered = TempDir()
        for (name, column) in [("customers.csv", 1), ("orders.csv", 2), ("events.csv", 2)] {
            let lines = try String(contentsOfFile: "\(dir.path)/\(name)", encoding: .utf8).split(separator: "\n")
            let kept = [lines[0]] + lines.dropFirst().filter { $0.split(separator: ",", omittingEmptySubsequences: false)[column] <= cut }
            filtered.write(name, kept.joined(separator: "\n") + "\n")
        }
        let data = try load(InputPaths(directory: filtered.path))
        let s = Segmentation(data, settings: FeatureSettings(asOf: asOf))
        let lifetime = try LifetimeAnalysis(s.features, settings: PredictionSettings(horizon: 365))
        #expect(stored.count == data.customers.count)
        var byID: [String: SnapshotCustomer] = [:]
        for customer in stored { byID[customer.customerID] = customer }
        let f = s.features
        for c in 0..<data.customers.count {
            let id = data.customers.ids.string(c)
            let snap = try #require(byID[id])
            #expect(snap.rfmSegment == s.rfm[c].rawValue, "rfm of \(id)")
            #expect(snap.activitySegment == s.activity[c].rawValue, "activity of \(id)")
            #expect(snap.orders == Int(f.orders[c]) && abs(snap.revenue - Double(f.revenueCents[c]) / 100) < 1e-9, "orders of \(id)")
            #expect(snap.daysSinceLastPurchase == f.daysSinceLastPurchase(c), "recency of \(id)")
            #expect(snap.engagementRate == f.engagementRate(c), "engagement of \(id)")
            #expect(snap.atRisk == f.atRisk(c))
            let p = lifetime.predictions.pAlive[c]
            #expect(p.isNaN ? snap.pAlive == nil : abs(snap.pAlive! - p) < 1e-6, "P(alive) of \(id)")
        }
    }

    @Test func movementMatrixFlowsMoversAndAlerts() {
        func customer(_ id: String, _ rfm: RFMSegment, days: Int, engagement: Double) -> SnapshotCustomer {
            SnapshotCustomer(customerID: id, rfmSegment: rfm.rawValue, activitySegment: "active", lifecycleStage: "active", orders: 5, revenue: 100,
                             daysSinceLastPurchase: days, engagementRate: engagement, pAlive: nil, clv: nil, atRisk: false)
        }
        let before = (0..<20).map { customer("c\($0)", .champions, days: 5, engagement: 0.71) }
            + [customer("x", .lost, days: 400, engagement: 0)]
        let after = (0..<15).map { customer("c\($0)", .champions, days: 10, engagement: 0.7) }
            + (15..<20).map { customer("c\($0)", .atRisk, days: 94, engagement: 0.12) }
            + [customer("n", .newCustomers, days: 1, engagement: 1)]
        let m = SegmentMovement(from: before, to: after, scheme: .rfm)
        let champions = m.segments.firstIndex(of: "Champions")!, risk = m.segments.firstIndex(of: "At Risk")!
        let lost = m.segments.firstIndex(of: "Lost")!, new = m.segments.firstIndex(of: "New Customers")!
        #expect(m.matrix[champions][champions] == 15 && m.matrix[champions][risk] == 5)
        #expect(m.left[lost] == 1 && m.entered[new] == 1)
        #expect(m.netFlow[champions] == -5 && m.netFlow[risk] == 5 && m.netFlow[lost] == -1)
        #expect(m.share(champions, risk) == 0.25)
        #expect(m.movers.count == 5)
        #expect(m.movers[0].changes == "no order for 94 days; engagement 0.71 → 0.12")
        let alerts = SegmentAlert.alerts(m, threshold: 0.2, valuableLoss: 0.1)
        #expect(alerts.map(\.kind) == [.shrank, .valuableLoss])
        #expect(alerts[1].message == "Champions lost 25.0% of its 20 customers to other segments")
    }

    /// Every segment's size history in one pass equals each segment's own.
    @Test func everySegmentsSizeHistoryInOnePass() throws {
        let dir = DataGeneratorTests().generate(300, seed: 8)
        let db = "\(dir.path)/strata.db"
        _ = try importing(dir, into: db)
        let store = try StrataStore(path: db)
        for date in ["2024-04-30T23:59:59Z", "2024-06-30T23:59:59Z"] { try StoreHistory.takeSnapshot(path: db, asOf: seconds(date), model: .none) }
        for scheme in SnapshotCustomer.keptSchemes {
            let all = try store.segmentSizes(scheme: scheme)
            #expect(!all.isEmpty)
            for (segment, sizes) in all {
                let one = try store.segmentSizes(scheme: scheme, segment: segment)
                #expect(sizes.map(\.asOf) == one.map(\.asOf) && sizes.map(\.size) == one.map(\.size), "\(scheme):\(segment)")
            }
            #expect(all.values.reduce(0) { $0 + $1[1].size } == 300, "every customer in one segment of the last snapshot")
        }
        #expect(try store.segmentSizes(scheme: .email).isEmpty)
    }

    /// A snapshot from an analysis that read the store before an erasure is not saved: it may
    /// hold the erased customer, whose rows the erasure already deleted.
    @Test func aSnapshotReadBeforeAnErasureIsNotSaved() throws {
        let dir = DataGeneratorTests().generate(50, seed: 8)
        let db = "\(dir.path)/strata.db"
        _ = try importing(dir, into: db)
        let store = try StrataStore(path: db)
        let row = SnapshotCustomer(customerID: "C7", rfmSegment: "Champions", activitySegment: "active", lifecycleStage: "active", orders: 1, revenue: 1,
                                   daysSinceLastPurchase: 1, engagementRate: 0, pAlive: nil, clv: nil, atRisk: false)
        let read = try store.dataVersion()
        #expect(try store.saveSnapshot(asOf: 100, customers: [row], models: nil, unlessErasedAfter: read) == 1)
        try store.forget(customer: "C7")
        #expect(try store.snapshot(asOf: 100).isEmpty, "the erasure deleted the snapshot's row")
        #expect(try store.saveSnapshot(asOf: 200, customers: [row], models: nil, unlessErasedAfter: read) == nil)
        #expect(try store.snapshots().map(\.asOf) == [100])
        #expect(try store.saveSnapshot(asOf: 200, customers: [], models: nil, unlessErasedAfter: try store.dataVersion()) == 0)
    }

    @Test func forgetRemovesEveryTraceOfACustomer() throws {
        let dir = DataGeneratorTests().generate(300, seed: 8)
        let db = "\(dir.path)/strata.db"
        _ = try importing(dir, into: db)
        let store = try StrataStore(path: db)
        try StoreHistory.takeSnapshot(path: db, asOf: seconds("2024-06-30T23:59:59Z"), model: .named(.bgNBD))
        let before = try store.counts()
        let removed = try store.forget(customer: "C7")
        #expect(removed > 1)
        #expect(throws: StoreError.self) { try store.forget(customer: "C7") }
        // No table holds the id anywhere, in any text column.
        let queue = try DatabaseQueue(path: db)
        try queue.read { db in
            for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") {
                let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").map { $0["name"] as String }
                for column in columns {
                    let hits = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table) WHERE CAST(\(column) AS TEXT) = 'C7'") ?? 0
                    #expect(hits == 0, "\(table).\(column)")
                }
            }
        }
        let after = try store.counts()
        #expect(after.customers == before.customers - 1)
        #expect(try store.snapshot(asOf: seconds("2024-06-30T23:59:59Z")).count == 299)
    }
}

extension StoreTests {
    /// Erasure leaves no byte of the customer in the database file or its write-ahead log,
    /// whatever the SQLite build's `secure_delete` default (the store sets it); with another
    /// connection holding the log it says so instead of exiting as if done, and a second run
    /// once that connection is gone completes it.
    @Test func erasureLeavesNoBytesAndSaysWhenItCannot() throws {
        let dir = DataGeneratorTests().generate(300, seed: 8)
        let id = "ERASE-ME-7f3a"
        let customers = try String(contentsOfFile: "\(dir.path)/customers.csv", encoding: .utf8)
        let orders = try String(contentsOfFile: "\(dir.path)/orders.csv", encoding: .utf8)
        dir.write("customers.csv", customers + "\(id),2024-01-01,RU,Kazan,f,1980,email\n")
        dir.write("orders.csv", orders + "OX1,\(id),2024-02-01T10:00:00Z,12.00,0.00,books\nOX2,\(id),2024-03-01T10:00:00Z,8.00,0.00,toys\n")
        let db = "\(dir.path)/strata.db"
        _ = try importing(dir, into: db)
        try StoreHistory.takeSnapshot(path: db, asOf: seconds("2024-06-30T23:59:59Z"), model: .none)
        func bytesMention() throws -> Bool {
            let needle = Array(id.utf8)
            for file in [db, db + "-wal", ColumnCache.path(forStore: db)] where FileManager.default.fileExists(atPath: file) {
                let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
                if bytes.count >= needle.count, (0...(bytes.count - needle.count)).contains(where: { bytes[$0] == needle[0] && Array(bytes[$0..<($0 + needle.count)]) == needle }) {
                    return true
                }
            }
            return false
        }
        #expect(try bytesMention(), "the id is in the store before")
        #expect(FileManager.default.fileExists(atPath: ColumnCache.path(forStore: db)), "the snapshot kept a copy of the columns")

        // Another process's connection in a read transaction keeps the log.
        let other = try DatabaseQueue(path: db)
        try other.read { otherDB in
            _ = try Int.fetchOne(otherDB, sql: "SELECT COUNT(*) FROM orders")
            #expect(throws: StoreError.erasureIncomplete(path: db, customer: id)) { try StrataStore(path: db).forget(customer: id) }
        }
        try other.close()
        #expect(throws: StoreError.unknownCustomer(id)) { try StrataStore(path: db).forget(customer: id) }
        #expect(try !bytesMention(), "no byte of the id remains in the database or its log")
        #expect(try StrataStore(path: db).read { try Int.fetchOne($0, sql: "PRAGMA secure_delete") } == 1)
    }

    /// Reading the store while an import is unfinished would read half of it: refused, naming
    /// the file, until the import is run again.
    @Test func aSnapshotDuringAnUnfinishedImportIsRefused() throws {
        let dir = DataGeneratorTests().generate(200, seed: 9)
        let db = "\(dir.path)/strata.db"
        _ = try importing(dir, into: db)
        let store = try StrataStore(path: db)
        try store.write { try $0.execute(sql: "UPDATE imports SET status = 'running' WHERE file LIKE '%orders.csv'") }
        #expect(throws: AnalysisError.self) { try StoreHistory.takeSnapshot(path: db, asOf: seconds("2024-06-30T23:59:59Z"), model: .none) }
        let result = StrataCommand.run(["snapshot", "--db", db, "--as-of", "2024-06-30"])
        #expect(result.status == 2 && result.stderr.contains("orders.csv is running, or stopped mid-way"), "\(result.stderr)")
        _ = try importing(dir, into: db)
        #expect(try StoreHistory.takeSnapshot(path: db, asOf: seconds("2024-06-30T23:59:59Z"), model: .none).customers == 200)
    }

    @Test func backfillScheduleKeepsTheDayOfMonth() throws {
        let schedule = try #require(SnapshotSchedule("1 month"))
        let days = schedule.days(from: Timestamp.daysFromCivil(year: 2024, month: 1, day: 31),
                                 to: Timestamp.daysFromCivil(year: 2024, month: 6, day: 30))
        #expect(days.map { Timestamp.isoDate(day: $0) } == ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31", "2024-06-30"])
        // From a month's end, from month end to month end; from another day, that day (capped).
        let fromApril = schedule.days(from: Timestamp.daysFromCivil(year: 2024, month: 4, day: 30),
                                      to: Timestamp.daysFromCivil(year: 2024, month: 7, day: 31))
        #expect(fromApril.map { Timestamp.isoDate(day: $0) } == ["2024-04-30", "2024-05-31", "2024-06-30", "2024-07-31"])
        let from29 = schedule.days(from: Timestamp.daysFromCivil(year: 2024, month: 1, day: 29),
                                   to: Timestamp.daysFromCivil(year: 2024, month: 3, day: 31))
        #expect(from29.map { Timestamp.isoDate(day: $0) } == ["2024-01-29", "2024-02-29", "2024-03-29"])
        #expect(SnapshotSchedule("2 weeks")?.days(from: 0, to: 30) == [0, 14, 28])
        #expect(SnapshotSchedule("fortnightly") == nil && SnapshotSchedule("0 days") == nil)
    }
}

extension StoreTests {
    @Test func aMissingSnapshotListsTheOnesThatExist() throws {
        let dir = TempDir()
        dir.write("orders.csv", "customer_id,ts,amount\na,2024-01-01,10\na,2024-02-01,20\n")
        let db = "\(dir.path)/strata.db"
        _ = try importing(dir, into: db)
        let store = try StrataStore(path: db)
        try StoreHistory.takeSnapshot(path: db, asOf: seconds("2024-03-31T23:59:59Z"), model: .none)
        #expect {
            try store.snapshot(asOf: seconds("2024-04-30T23:59:59Z"))
        } throws: { error in
            "\(error)" == "no snapshot as of 2024-04-30T23:59:59Z; snapshots: 2024-03-31T23:59:59Z"
        }
    }
}
