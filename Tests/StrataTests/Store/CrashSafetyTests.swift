import Foundation
import GRDB
import Testing
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline
@testable import StrataStore

/// A real `strata import` process killed with SIGKILL mid-import leaves a consistent store that
/// holds whole batches only, and running the import again completes it exactly.
@Suite struct CrashSafetyTests {
    /// The `strata` binary built next to the test bundle.
    static var binary: String? {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("strata").path,
            URL(fileURLWithPath: fixtures).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent(".build/debug/strata").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test func killDuringImportLosesNothingAndARerunCompletesExactly() throws {
        let strata = try #require(Self.binary, "the strata executable is built by `swift test` next to the tests")
        let dir = DataGeneratorTests().generate(12_000, seed: 13)
        let db = "\(dir.path)/strata.db"
        let batch = 500

        let process = Process()
        process.executableURL = URL(fileURLWithPath: strata)
        process.arguments = ["import", dir.path, "--db", db, "--batch-size", String(batch)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()

        // Kill it once a few order batches are in, while the import is still running.
        var killedMidway = false
        let deadline = Date().addingTimeInterval(120)
        var reader: DatabaseQueue?
        while Date() < deadline, process.isRunning {
            if reader == nil, FileManager.default.fileExists(atPath: db) {
                reader = try? DatabaseQueue(path: db, configuration: { var c = Configuration(); c.readonly = true; return c }())
            }
            if let batches = try? reader?.read({ try Int.fetchOne($0, sql: "SELECT batches FROM imports WHERE kind = 'orders' AND status = 'running'") }),
               batches >= 3 {
                kill(process.processIdentifier, SIGKILL)
                killedMidway = true
                break
            }
            usleep(2_000)
        }
        reader = nil
        process.waitUntilExit()
        #expect(killedMidway, "the import finished before it could be killed")
        #expect(process.terminationReason == .uncaughtSignal)

        // Consistent, and only whole batches.
        let store = try StrataStore(path: db)
        #expect(try store.integrityCheck() == "ok")
        let partial = try store.counts()
        let manifest = try DatabaseQueue(path: db).read { db in
            try Row.fetchOne(db, sql: "SELECT batches, stored, status FROM imports WHERE kind = 'orders'")
        }
        let batches: Int = try #require(manifest)["batches"]
        let stored: Int = try #require(manifest)["stored"]
        #expect(partial.orders == stored && partial.orders == batches * batch)
        #expect(partial.events == 0)

        // The re-run adds exactly what is missing.
        var loader = DatasetLoader(paths: InputPaths(directory: dir.path))
        loader.keepRowIDs = true
        let data = try loader.load()
        let rerun = try store.importData(data, batchSize: batch)
        for file in rerun {
            #expect(file.rowsRead == file.kept + file.rejected + file.duplicates, "\(file.file)")
        }
        let orders = try #require(rerun.first { $0.kind == .orders })
        #expect(orders.alreadyPresent == partial.orders && orders.stored == orders.kept - partial.orders)
        let final = try store.counts()
        #expect(final.customers == data.customers.count && final.orders == data.orders.count && final.events == data.events.count)
        #expect(try store.imports().contains { $0.status == .interrupted })
        #expect(try store.integrityCheck() == "ok")
    }
}
