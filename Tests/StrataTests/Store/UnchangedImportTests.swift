import Foundation
import Testing
@testable import StrataCore
@testable import StrataPipeline
@testable import StrataStore

/// Importing files the store has already read, unchanged, reads no row; a file that changed in
/// any way (content, modification time, the settings it is read with) is imported again.
@Suite struct UnchangedImportTests {
    /// Appends a line to a file, as a log that grows.
    static func append(_ line: String, to path: String) throws {
        let handle = try #require(FileHandle(forWritingAtPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(line.utf8))
    }

    @Test func theContentHashFoldsEightMegabyteBlocksInOrder() throws {
        // Hashed on every core, the result is the one read block after block gives (what stores
        // written before hold), and any byte changes it.
        let dir = TempDir()
        var bytes = (0..<(2 * StrataStore.contentHashBlock + 12_345)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }
        let path = dir.write("big.csv", bytes: bytes)
        var expected: UInt64 = 0
        let handle = try #require(FileHandle(forReadingAtPath: path))
        while let block = try handle.read(upToCount: StrataStore.contentHashBlock), !block.isEmpty {
            expected = (expected ^ block.withUnsafeBytes { byteHash($0.bindMemory(to: UInt8.self)) }) &* 0x9E37_79B9_7F4A_7C15
        }
        try handle.close()
        #expect(StrataStore.contentHash(path) == String(expected, radix: 16))
        bytes[StrataStore.contentHashBlock + 7] ^= 1
        #expect(StrataStore.contentHash(dir.write("changed.csv", bytes: bytes)) != String(expected, radix: 16))
        #expect(StrataStore.contentHash(dir.write("empty.csv", bytes: [])) == "0")
        #expect(StrataStore.contentHash(dir.path + "/missing.csv") == "")
    }

    @Test func unchangedFilesAreSkippedAndChangedOnesRead() throws {
        let dir = DataGeneratorTests().generate(300, seed: 5)
        let db = dir.path + "/store.db"
        let input = AnalysisInput.files(InputPaths(directory: dir.path))
        let first = try StoreHistory.importFiles(input, into: db)
        #expect(first.files.allSatisfy { $0.unchangedSince == nil && $0.stored > 0 })

        let again = try StoreHistory.importFiles(input, into: db)
        #expect(again.files.count == first.files.count)
        #expect(again.files.allSatisfy { $0.unchangedSince != nil && $0.rowsRead == 0 && $0.stored == 0 })
        #expect(again.counts == first.counts)

        // One appended event: only the events file is read and stored again, and only the new row is new.
        try Self.append("E-new,C1,2024-06-01T10:00:00Z,site_visit,,\n", to: dir.path + "/events.csv")
        let appended = try StoreHistory.importFiles(input, into: db)
        let byKind = Dictionary(uniqueKeysWithValues: appended.files.map { ($0.kind, $0) })
        #expect(byKind[.customers]?.unchangedSince != nil && byKind[.orders]?.unchangedSince != nil)
        #expect(byKind[.events]?.unchangedSince == nil && byKind[.events]?.stored == 1)
        #expect(byKind[.events]?.grownSince != nil && byKind[.events]?.rowsRead == 1, "only the appended line is read")
        #expect(appended.counts.events == first.counts.events + 1)

        // The same bytes with a new modification time are checked again (and add nothing).
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)],
                                              ofItemAtPath: dir.path + "/orders.csv")
        let touched = try StoreHistory.importFiles(input, into: db)
        let orders = try #require(touched.files.first { $0.kind == .orders })
        #expect(orders.unchangedSince == nil && orders.stored == 0 && orders.alreadyPresent == orders.kept)

        // Other settings for the same file: read again.
        var config = InputConfig()
        config.tables[.orders] = TableOptions(skip: [RowRule(column: "category", test: .oneOf(["toys"]))])
        let reconfigured = try StoreHistory.importFiles(.files(InputPaths(directory: dir.path), config: config), into: db)
        #expect(reconfigured.files.first { $0.kind == .orders }?.unchangedSince == nil)
        #expect(reconfigured.files.first { $0.kind == .customers }?.unchangedSince != nil)
    }


    @Test func eventsOrCustomersAloneAreImported() throws {
        let dir = DataGeneratorTests().generate(200, seed: 6)
        let db = dir.path + "/store.db"
        // Events first, alone: their customers come with them.
        let events = try StoreHistory.importFiles(.files(InputPaths(events: dir.path + "/events.csv")), into: db)
        let eventsFile = try #require(events.files.first)
        #expect(events.files.count == 1 && eventsFile.kind == .events && eventsFile.stored == eventsFile.kept && eventsFile.kept > 0)
        #expect(events.counts.orders == 0 && events.counts.events == eventsFile.kept && events.counts.customers > 0)
        // Then the customers file alone, then everything: the orders are all that is new.
        let customersPath = dir.path + "/customers.csv"
        let customers = try StoreHistory.importFiles(.files(InputPaths(customers: customersPath)), into: db)
        #expect(customers.counts.customers == 200 && customers.counts.events == events.counts.events)
        // Every customer is new or takes the file's signup date and attributes.
        #expect(customers.files.first?.stored == 200)
        let stored = try StrataStore(path: db, create: false).read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM customers WHERE signup IS NULL OR attributes = '{}'")
        }
        #expect(stored == 0)
        // The same customers again (the file touched, so it is read): nothing changes.
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -60)], ofItemAtPath: customersPath)
        let again = try StoreHistory.importFiles(.files(InputPaths(customers: customersPath)), into: db)
        #expect(again.files.first?.unchangedSince == nil && again.files.first?.stored == 0 && again.files.first?.alreadyPresent == 200)
        let all = try StoreHistory.importFiles(.files(InputPaths(directory: dir.path)), into: db)
        #expect(all.files.first { $0.kind == .events }?.stored == 0)
        #expect(all.counts.orders > 0 && all.counts.events == events.counts.events)
        // No input at all is still an error naming what was expected.
        let empty = TempDir()
        #expect { try StoreHistory.importFiles(.files(InputPaths(directory: empty.path)), into: db) } throws: { error in
            "\(error)".contains("no orders input")
        }
    }
    @Test func aGrownLogIsReadFromWhereTheLastImportEnded() throws {
        let dir = DataGeneratorTests().generate(300, seed: 11)
        let db = dir.path + "/store.db"
        let events = dir.path + "/events.csv"
        let input = AnalysisInput.files(InputPaths(directory: dir.path))
        let first = try StoreHistory.importFiles(input, into: db)
        let size = try #require(FileManager.default.attributesOfItem(atPath: events)[.size] as? Int)
        let lines = try String(contentsOfFile: events, encoding: .utf8).split(separator: "\n").count
        let repeated = try #require(String(contentsOfFile: events, encoding: .utf8).split(separator: "\n")[1].split(separator: ",").first)

        // A new event, one with a bad date and a repeat of an event stored before.
        try Self.append("E-next,C2,2024-06-02T10:00:00Z,site_visit,,\nE-bad,C2,yesterday,site_visit,,\n\(repeated),C9,2024-06-03T10:00:00Z,site_visit,,\n",
                        to: events)
        let grown = try StoreHistory.importFiles(input, into: db)
        let result = try #require(grown.files.first { $0.kind == .events })
        let earlier = try StrataStore(path: db).imports().first { $0.kind == .events && $0.id != nil && $0.rowsRead > 3 }
        #expect(result.grownSince == earlier?.id && result.readFrom == size)
        #expect(result.rowsRead == 3 && result.kept == 2 && result.rejected == 1 && result.stored == 1 && result.alreadyPresent == 1)
        #expect(grown.files.first { $0.kind == .orders }?.unchangedSince != nil)
        #expect(grown.counts.events == first.counts.events + 1)
        #expect(ImportRenderer.text(grown.files).contains("grew since import #"))

        // Line numbers are those of the whole file.
        var loader = DatasetLoader(paths: InputPaths(directory: dir.path))
        loader.resumeAfter = [events: size]
        let tail = try loader.load()
        #expect(tail.events.count == 2)
        #expect(tail.report.issues.map(\.location.line) == [lines + 2])

        // The store holds what a fresh import of the whole files gives.
        let fresh = try StoreHistory.importFiles(input, into: dir.path + "/fresh.db")
        #expect(fresh.counts == grown.counts)

        // A file changed before its end (here: one byte) is read whole again.
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: events)))
        let at = try #require(bytes.firstIndex(of: UInt8(ascii: "\n"))) + 2
        bytes[at] = bytes[at] == UInt8(ascii: "E") ? UInt8(ascii: "F") : UInt8(ascii: "E")
        try Data(bytes).write(to: URL(fileURLWithPath: events))
        try Self.append("E-last,C3,2024-06-04T10:00:00Z,site_visit,,\n", to: events)
        let rewritten = try StoreHistory.importFiles(input, into: db)
        let whole = try #require(rewritten.files.first { $0.kind == .events })
        #expect(whole.grownSince == nil && whole.readFrom == 0 && whole.rowsRead == lines + 3)
    }

    @Test func aChangedCustomersFileMakesOrdersAndEventsReadAgain() throws {
        // Orders and events are checked against the customers file: an order of a customer it
        // lacked was rejected, and must be stored once the customer is there.
        let dir = DataGeneratorTests().generate(200, seed: 6)
        let db = dir.path + "/store.db"
        let input = AnalysisInput.files(InputPaths(directory: dir.path))
        try Self.append("O-late,C-late,2024-06-01T10:00:00Z,10.00,0.00,books\n", to: dir.path + "/orders.csv")
        let first = try StoreHistory.importFiles(input, into: db)
        #expect(first.files.first { $0.kind == .orders }?.rejected == 1)

        let customers = dir.path + "/customers.csv"
        let columns = try String(contentsOfFile: customers, encoding: .utf8).prefix { $0 != "\n" }.split(separator: ",").count
        try Self.append("C-late" + String(repeating: ",", count: columns - 1) + "\n", to: customers)
        let again = try StoreHistory.importFiles(input, into: db)
        let byKind = Dictionary(uniqueKeysWithValues: again.files.map { ($0.kind, $0) })
        #expect(byKind.values.allSatisfy { $0.unchangedSince == nil })
        #expect(byKind[.orders]?.stored == 1 && byKind[.orders]?.rejected == 0)
        #expect(again.counts.orders == first.counts.orders + 1)
    }

    @Test func theSettingsHashFollowsEverySettingNotTheOrderOfMaps() {
        var a = InputConfig(), b = InputConfig()
        var mapping: [String: String] = [:]
        for i in 0..<40 { mapping["column\(i)"] = "source\(i)" }
        a.tables[.orders] = TableOptions(columns: mapping)
        var reversed: [String: String] = [:]
        for i in (0..<40).reversed() { reversed["column\(i)"] = "source\(i)" }
        b.tables[.orders] = TableOptions(columns: reversed)
        #expect(a.fingerprint(for: .orders) == b.fingerprint(for: .orders))

        b.tables[.orders]?.columns["column7"] = "another"
        #expect(a.fingerprint(for: .orders) != b.fingerprint(for: .orders))
        b = a
        b.currency.rates["EUR"] = 1.1
        #expect(a.fingerprint(for: .orders) != b.fingerprint(for: .orders), "currency rates change how amounts are read")
        #expect(a.fingerprint(for: .events) == b.fingerprint(for: .events), "events have no amounts")
    }
}
