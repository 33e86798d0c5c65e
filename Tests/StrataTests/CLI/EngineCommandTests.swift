import Foundation
import Testing
@testable import StrataCore
@testable import StrataEngines
@testable import StrataOutputs

/// `strata load`, `strata analyze --engine` and `strata sql --features`, as a user runs them.
@Suite struct EngineCommandTests {
    @Test func loadThenAnalyzeInSQLiteWritesTheEmbeddedCustomersTable() async throws {
        try await offPool { try loadThenAnalyzeInSQLite() }
    }

    func loadThenAnalyzeInSQLite() throws {
        let dir = DataGeneratorTests().generate(400, seed: 3, rowOrder: .time)
        let db = "\(dir.path)/engine.sqlite"
        let loaded = StrataCommand.run(["load", dir.path, "--engine", "sqlite", "--url", db])
        #expect(loaded.status == 0, "\(loaded.stderr)")
        #expect(loaded.stdout.contains("loaded 400 customers"))
        // The rules' row aggregates read one customer's rows by these indexes.
        let indexes = try SQLiteEngine(path: db).rows("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name").values("name")
        #expect(indexes == [.text("events_by_customer"), .text("orders_by_customer")])

        let engine = StrataCommand.run(["analyze", "--engine", "sqlite", "--url", db, "--model", "pareto-nbd", "--out", "\(dir.path)/engine",
                                        "--report", "\(dir.path)/engine.html", "--quiet"])
        #expect(engine.status == 0, "\(engine.stderr)")
        #expect(engine.stdout.hasPrefix("Strata: 400 customers, as of 2024-06-30T23:20:55Z, computed in SQLite"))
        #expect(engine.stdout.contains("Lifetime models") && engine.stdout.contains("Activity segments"))
        let embedded = StrataCommand.run(["analyze", dir.path, "--model", "pareto-nbd", "--out", "\(dir.path)/embedded", "--quiet"])
        #expect(embedded.status == 0, "\(embedded.stderr)")

        let mine = try CSVTable(path: "\(dir.path)/engine/customers.csv")
        let theirs = try CSVTable(path: "\(dir.path)/embedded/customers.csv")
        #expect(mine.rows.count == 400)
        for column in mine.header where column != "birth_year" {
            #expect(mine.column(column) == theirs.column(column), "column \(column)")
        }

        // segments.json holds the embedded run's RFM and activity profiles; insights and plans are written.
        func summary(_ folder: String) throws -> AnalysisSummary {
            try JSONDecoder().decode(AnalysisSummary.self, from: Data(contentsOf: URL(fileURLWithPath: "\(dir.path)/\(folder)/segments.json")))
        }
        let engineSummary = try summary("engine"), embeddedSummary = try summary("embedded")
        #expect(engineSummary.engine == "SQLite" && embeddedSummary.engine == nil)
        #expect(engineSummary.schemes == embeddedSummary.schemes.filter { [.rfm, .activity].contains($0.scheme) })
        let plan = try String(contentsOfFile: "\(dir.path)/engine/plan.md", encoding: .utf8)
        #expect(plan.contains("least-engaged"))
        #expect(FileManager.default.fileExists(atPath: "\(dir.path)/engine/insights.json"))
        #expect(engine.stdout.contains("No benefits, cycle, daypart, email,"), "the behavioural schemes on one line")
        let json = StrataCommand.run(["analyze", "--engine", "sqlite", "--url", db, "--model", "pareto-nbd", "--out", "\(dir.path)/engine-json",
                                      "--format", "json", "--quiet"])
        #expect(json.status == 0, "\(json.stderr)")
        let printed = try JSONDecoder().decode(AnalysisSummary.self, from: Data(json.stdout.utf8))
        #expect(printed.engine == "SQLite" && printed.schemes == engineSummary.schemes)
        let html = try String(contentsOfFile: "\(dir.path)/engine.html", encoding: .utf8)
        #expect(html.contains("Champions") && html.contains("least-engaged") && html.contains("computed in SQLite"))
    }

    @Test func engineOptionsAreCheckedBeforeAnyWork() {
        let noURL = StrataCommand.run(["analyze", "--engine", "postgres", "--out", TempDir().path])
        #expect(noURL.status == 64)
        #expect(noURL.stderr.contains("--engine postgres needs --url"))
        let store = StrataCommand.run(["analyze", "--engine", "sqlite", "--url", "x.sqlite", "--db", "s.db", "--out", TempDir().path])
        #expect(store.status == 64)
        #expect(store.stderr.contains("drop --db"))
        let spark = StrataCommand.run(["load", "--orders", "\(fixtures)/cdnow/CDNOW_sample.txt", "--engine", "spark"])
        #expect(spark.status == 64)
        #expect(spark.stderr.contains("strata load needs --engine postgres or --engine sqlite"))
        let missing = StrataCommand.run(["analyze", "--engine", "sqlite", "--url", TempDir().path + "/none.sqlite", "--out", TempDir().path])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("none.sqlite: no such file"))
        let empty = TempDir().write("empty.sqlite", "")
        let nothingLoaded = StrataCommand.run(["analyze", "--engine", "sqlite", "--url", empty, "--out", TempDir().path])
        #expect(nothingLoaded.status != 0)
        #expect(nothingLoaded.stderr.contains("no data loaded by `strata load`"), "\(nothingLoaded.stderr)")
    }

    @Test func theFeatureQueryPrintedForAWarehouseComputesTheFeatures() throws {
        let dir = DataGeneratorTests().generate(300, seed: 4, rowOrder: .time)
        let printed = StrataCommand.run(["sql", "--features", "--dialect", "sqlite", "--as-of", "2024-06-30", "--data", dir.path,
                                         "\(fixtures)/../../examples/segments/benchmark.strata"])
        #expect(printed.status == 0, "\(printed.stderr)")
        #expect(printed.stdout.hasPrefix("-- Strata customer features as of 2024-06-30T23:59:59Z, sqlite dialect"))

        // The printed statements, run in a SQLite file holding the loaded tables, give the engine's features.
        let data = try load(InputPaths(directory: dir.path))
        let engine = SQLiteEngine(path: "\(dir.path)/warehouse.sqlite")
        try engine.load(data)
        let statements = printed.stdout.components(separatedBy: ";\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty && !$0.allSatisfy { $0 == "\n" } }
        #expect(statements.count == 2)
        _ = try engine.rows(statements[0].components(separatedBy: "\n").drop { $0.hasPrefix("--") }.joined(separator: "\n"))
        let printedFeatures = try engine.rows("SELECT * FROM customers ORDER BY customer_id")
        let differences = EngineEquality.differences(printedFeatures, EngineEquality.embedded(data, asOf: DataGenerator.periodEnd))
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
        let segments = try engine.rows(statements[1])
        #expect(segments.rows.count == 300)
        #expect(segments.columns.contains("s01 lapsed VIPs"))
    }
}
