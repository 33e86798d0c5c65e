import ArgumentParser
import Foundation
import StrataCore
import StrataEngines
import StrataPipeline

/// Where `load` and `analyze` compute: in this process (embedded), or in SQLite, PostgreSQL or
/// Spark from the generated SQL (docs/scale-out.md).
enum EngineKind: String, ExpressibleByArgument, CaseIterable {
    case embedded, sqlite, postgres, spark
}

/// The engine options of `load` and `analyze`.
struct EngineOptions: ParsableArguments {
    @Option(help: "Where to compute: embedded, sqlite, postgres or spark (docs/scale-out.md).")
    var engine: EngineKind = .embedded
    @Option(help: "The engine's database: postgres://user@host:port/db for postgres, a file for sqlite.")
    var url: String?
    @Option(help: "Spark master URL (spark: local[2], spark://host:7077, yarn …).")
    var master: String = "local[2]"
    @Option(help: "Spark: folder for the staged tables and the job's result (default: a temporary folder).")
    var staging: String?
    @Option(help: "Spark: read the tables customer_records, orders and events (.parquet, .csv or .json) from this folder or URI instead of DATA.")
    var tables: String?

    func validate() throws {
        if tables != nil, engine != .spark { throw ValidationError("--tables is for --engine spark") }
        switch engine {
        case .embedded, .spark:
            if url != nil { throw ValidationError("--url is for --engine postgres or sqlite") }
        case .sqlite, .postgres:
            guard url != nil else { throw ValidationError("--engine \(engine.rawValue) needs --url (\(engine == .postgres ? "postgres://user@host:5432/db" : "a SQLite file"))") }
        }
    }

    /// The engine to run in; nil for the embedded one.
    func make() throws -> (any FeatureEngine)? {
        switch engine {
        case .embedded: return nil
        case .sqlite: return SQLiteEngine(path: url!)
        case .postgres: return try PostgresEngine(url: url!)
        case .spark: return try SparkEngine(master: master, staging: staging, tables: tables)
        }
    }
}

/// Runs async library work from a synchronous command and returns its result. The work runs on
/// a queue of its own, not the shared concurrency pool: a caller that already holds a pool thread
/// (a test, a server) would otherwise wait for a thread it is itself keeping busy.
func blocking<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
    let done = DispatchSemaphore(value: 0)
    let box = ResultBox<T>()
    Task(executorPreference: QueueExecutor()) {
        do { box.result = .success(try await work()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try box.result!.get()
}

/// A task executor running its jobs one after another on a dispatch queue of its own.
private final class QueueExecutor: TaskExecutor {
    private let queue = DispatchQueue(label: "strata.blocking")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

private final class ResultBox<T: Sendable>: @unchecked Sendable {
    var result: Result<T, any Error>?
}

extension Strata {
    struct Load: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read customers, orders and events and load them into PostgreSQL or SQLite for `analyze --engine`.",
            discussion: helpText("""
            The files are read and checked as `analyze` reads them (bad rows rejected with their reasons, duplicates
            removed by id, line items merged), then written to the tables customer_records, orders and events
            (docs/scale-out.md), replacing earlier ones; PostgreSQL receives them with COPY.
            Then: strata analyze --engine postgres --url URL --out out/
            """, examples: [
                "strata load data/ --engine postgres --url postgres://localhost/shop",
                "strata load data/ --engine sqlite --url shop.sqlite",
            ])
        )

        @OptionGroup var input: InputOptions
        @OptionGroup var engineOptions: EngineOptions

        func validate() throws {
            try input.requireData()
            guard [.postgres, .sqlite].contains(engineOptions.engine) else {
                throw ValidationError("strata load needs --engine postgres or --engine sqlite (spark reads the files itself)")
            }
        }

        func run() throws {
            guard let engine = try engineOptions.make() else { return }
            let data = try input.source.load(progress: { _ in })
            for (file, warning) in data.report.files.flatMap({ file in file.warnings.map { (file.file, $0) } }) { warn("\(file): \(warning)") }
            try blocking { try await engine.load(data) }
            output("loaded \(NumberFormat.grouped(data.customers.count)) customers, \(NumberFormat.grouped(data.orders.count)) orders and "
                   + "\(NumberFormat.grouped(data.events.count)) events into \(engine.name) (rejected rows: \(NumberFormat.grouped(data.report.files.reduce(0) { $0 + $1.rejected })))")
        }
    }
}
