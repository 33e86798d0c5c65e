import ArgumentParser
import Foundation
import StrataCore
import StrataOutputs
import StrataPipeline
import StrataStore

extension SegmentScheme: ExpressibleByArgument {}

/// The store a command reads: it must exist.
struct StoreOption: ParsableArguments {
    @Option(help: "The store (SQLite file written by strata import).") var db: String

    func validate() throws { try requireStore(db) }

    func open() throws -> StrataStore { try StrataStore(path: db, create: false) }
}

extension Strata {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Append customers, orders and events to the embedded store (idempotent by order/event id).",
            discussion: helpText("""
            Rows are read and checked as by analyze, then written in transactions of --batch-size rows, each
            recorded in the store's import manifest. Importing the same file again adds nothing; a file whose
            size, modification time, content and settings match its last complete import is skipped without
            being read. After a crash, running the import again adds exactly the missing rows. The store is
            created when missing.
            """, examples: [
                "strata import data/ --db strata.db",
                "strata import --orders new-orders.csv --db strata.db",
                "strata import --events todays-events.csv --db strata.db",
            ])
        )

        @OptionGroup var input: InputOptions
        @Option(name: .customLong("batch-size"), help: "Rows per transaction.") var batchSize: Int = StrataStore.defaultBatchSize
        @Option(help: "Write every rejected row (file, line, field, value, reason, what was expected) to this CSV file.")
        var rejected: String?
        @OptionGroup var progressOptions: ProgressOptions

        /// Rejections shown on stderr; --rejected writes them all.
        static let rejectionsShown = 5

        func validate() throws {
            try input.requireData()
            guard let db = input.db else { throw ValidationError("Give the store with --db FILE.") }
            guard input.data != nil || input.customers != nil || input.orders != nil || input.events != nil else {
                throw ValidationError("Give a data directory, or --customers, --orders or --events FILE to import.")
            }
            guard batchSize > 0 else { throw ValidationError("--batch-size must be at least 1") }
            try requireWritableFile(db, "--db")
            if let rejected { try requireWritableFile(rejected, "--rejected") }
        }

        func run() throws {
            let (files, counts, rejections): ([FileImport], (customers: Int, orders: Int, events: Int, snapshots: Int), [IngestIssue])
            do {
                (files, counts, rejections) = try StoreHistory.importFiles(try input.files, into: input.db!, batchSize: batchSize,
                                                                          progress: progressOptions.progress().step)
            } catch let AnalysisError.nothingToImport(report) {
                try writeRejections(report.issues)
                throw AnalysisError.nothingToImport(report)
            }
            output(ImportRenderer.text(files), terminator: "")
            for issue in rejections.prefix(Self.rejectionsShown) { warn("rejected: \(issue)") }
            try writeRejections(rejections)
            if rejected == nil, rejections.count > Self.rejectionsShown {
                warn("\(rejections.count - Self.rejectionsShown) more rejections listed; --rejected FILE writes them all")
            }
            say("store \(input.db!): \(NumberFormat.grouped(counts.customers)) customers, \(NumberFormat.grouped(counts.orders)) orders, "
                + "\(NumberFormat.grouped(counts.events)) events")
        }

        /// Writes the rejected rows to the file --rejected names, when it names one.
        private func writeRejections(_ rejections: [IngestIssue]) throws {
            guard let rejected else { return }
            do { try RejectsWriter.render(rejections).write(to: URL(fileURLWithPath: rejected)) } catch {
                throw AnalysisError.cannotWrite(file: rejected, reason: error.localizedDescription)
            }
            say("rejected rows: \(rejected)")
        }
    }

    struct Snapshot: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Analyze the stored data as of a date and keep every customer's features and segments.",
            discussion: helpText("", examples: [
                "strata snapshot --db strata.db --as-of 2024-06-30",
            ])
        )

        @OptionGroup var store: StoreOption
        @Option(name: .customLong("as-of"), help: "Snapshot date (end of that day, UTC).") var asOf: String
        @Option(help: "Purchase model for P(alive) and CLV (\(ModelChoice.allValueStrings.joined(separator: ", "))).")
        var model: ModelChoice = .auto
        @OptionGroup var progressOptions: ProgressOptions

        func validate() throws { _ = try endOfDay(asOf, "--as-of") }

        func run() throws {
            let seconds = try endOfDay(asOf, "--as-of")
            let (count, warnings) = try StoreHistory.takeSnapshot(path: store.db, asOf: seconds, model: model.choice,
                                                                  progress: progressOptions.progress().step)
            for warning in warnings { warn(warning) }
            output("snapshot as of \(Timestamp.isoDateTime(seconds)): \(count) customers")
        }
    }

    struct Backfill: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take snapshots at regular dates between two dates.",
            discussion: helpText("", examples: [
                "strata backfill --db s.db --from 2024-01-31 --to 2024-06-30 --every '2 weeks'",
            ])
        )

        @OptionGroup var store: StoreOption
        @Option(help: "First snapshot date.") var from: String
        @Option(help: "Last snapshot date (inclusive).") var to: String
        @Option(help: "Step: N days, N weeks or N months, e.g. '1 month'.") var every: String = "1 month"
        @Option(help: "Purchase model for P(alive) and CLV (\(ModelChoice.allValueStrings.joined(separator: ", "))).")
        var model: ModelChoice = .auto
        @OptionGroup var progressOptions: ProgressOptions

        func validate() throws {
            let start = try endOfDay(from, "--from"), end = try endOfDay(to, "--to")
            guard end >= start else { throw ValidationError("--to '\(to)' is before --from '\(from)'") }
            guard SnapshotSchedule(every) != nil else {
                throw ValidationError("--every '\(every)': expected e.g. '7 days', '2 weeks' or '1 month'")
            }
        }

        func run() throws {
            let start = try endOfDay(from, "--from"), end = try endOfDay(to, "--to")
            guard let schedule = SnapshotSchedule(every) else { throw ValidationError("--every '\(every)'") }
            let progress = progressOptions.progress()
            let days = schedule.days(from: Timestamp.day(start), to: Timestamp.day(end))
            if model == .auto { progress.step("choosing the purchase model every snapshot will use") }
            let shared = try StoreHistory.sharedModel(path: store.db, asOf: (days.last ?? Timestamp.day(end)) * 86_400 + 86_399, choice: model.choice)
            if case let .named(kind) = shared, model == .auto { output("purchase model for every snapshot: \(kind.rawValue) (chosen on the last date)") }
            for day in days {
                let (count, warnings) = try StoreHistory.takeSnapshot(path: store.db, asOf: day * 86_400 + 86_399, model: shared,
                                                                      progress: { progress.step("snapshot \(Timestamp.isoDate(day: day)): \($0)") })
                for warning in warnings { warn(warning) }
                output("snapshot as of \(Timestamp.isoDate(day: day)): \(count) customers")
            }
        }
    }

    struct Movement: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Who moved between segments from one snapshot to another: matrix, net flows, valuable customers at risk.",
            discussion: helpText("", examples: [
                "strata movement --db s.db --from 2024-05-31 --to 2024-06-30 --scheme activity",
                "strata movement --db s.db --from 2024-05-31 --to 2024-06-30 --format json",
            ])
        )

        @OptionGroup var store: StoreOption
        @Option(help: "Earlier snapshot date.") var from: String
        @Option(help: "Later snapshot date.") var to: String
        @Option(help: "Scheme: \(SegmentScheme.allCases.map(\.rawValue).joined(separator: " or ")).") var scheme: SegmentScheme = .rfm
        @Option(help: "Movers to list (valuable → at-risk).") var limit: Int = 20
        @Option(help: "Output format.") var format: TableOrJSON = .table
        @Flag(help: "The whole from × to matrix, wider than 100 columns.") var wide = false

        func validate() throws {
            _ = try endOfDay(from, "--from")
            _ = try endOfDay(to, "--to")
            guard limit >= 0 else { throw ValidationError("--limit must be ≥ 0") }
        }

        func run() throws {
            let m = try StoreHistory.movement(path: store.db, from: try endOfDay(from, "--from"), to: try endOfDay(to, "--to"), scheme: scheme)
            if format == .json {
                output(String(decoding: try MovementRenderer.json(m, from: from, to: to, limit: limit), as: UTF8.self))
            } else {
                output(MovementRenderer.text(m, from: from, to: to, limit: limit, wide: wide), terminator: "")
            }
        }
    }

    struct Trends: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Segment sizes and revenue over all snapshots.",
            discussion: helpText("", examples: [
                "strata trends --db strata.db --scheme activity",
            ])
        )

        @OptionGroup var store: StoreOption
        @Option(help: "Scheme: \(SegmentScheme.allCases.map(\.rawValue).joined(separator: " or ")).") var scheme: SegmentScheme = .rfm
        @Flag(help: "Every snapshot, however wide (by default the latest ones that fit 100 columns).") var wide = false

        func run() throws {
            let snapshots = try StoreHistory.snapshots(path: store.db)
            guard !snapshots.isEmpty else { throw AnalysisError.notInData("no snapshots yet: run strata snapshot or strata backfill") }
            output(TrendsRenderer.text(SegmentTrends(snapshots, scheme: scheme), wide: wide), terminator: "")
        }
    }

    struct Alerts: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Alerts (JSON) between the last two snapshots: segments that grew or shrank, valuable segments losing customers.",
            discussion: helpText("", examples: [
                "strata alerts --db strata.db --change 0.3",
            ])
        )

        @OptionGroup var store: StoreOption
        @Option(help: "Relative size change that raises an alert.") var change: Double = 0.2
        @Option(name: .customLong("valuable-loss"), help: "Share of a valuable segment's customers lost that raises an alert.")
        var valuableLoss: Double = 0.1

        func validate() throws {
            guard change >= 0, change.isFinite else { throw ValidationError("--change must be ≥ 0") }
            guard (0...1).contains(valuableLoss) else { throw ValidationError("--valuable-loss must be between 0 and 1") }
        }

        func run() throws {
            let report = try StoreHistory.alerts(path: store.db, threshold: change, valuableLoss: valuableLoss)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            output(String(decoding: try encoder.encode(report), as: UTF8.self))
        }
    }

    struct Forget: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a customer from every table and snapshot of the store (right to erasure).",
            discussion: helpText("", examples: [
                "strata forget --db strata.db --customer C42",
            ])
        )

        @OptionGroup var store: StoreOption
        @Option(help: "The customer id to remove.") var customer: String

        func run() throws {
            let rows = try store.open().forget(customer: customer)
            output("removed customer \(customer): \(rows) rows; the store keeps no copy (zeroed, write-ahead log truncated)")
            output("files written before (customers.csv, reports, exports) still name them: delete or write them again")
        }
    }
}
