import ArgumentParser
import Foundation
import StrataCore

/// Opens the store or exits with the error.
func openStore(_ path: String) -> StrataStore {
    do { return try StrataStore(path: path) } catch { fail("\(error)") }
}

/// Runs a store operation or exits with its error.
func storeStep<T>(_ body: () throws -> T) -> T {
    do { return try body() } catch { fail("\(error)") }
}

/// A date option as epoch seconds at the end of that day.
func endOfDay(_ text: String, _ option: String) throws -> Int64 {
    guard let value = parseAsOf(text) else { throw ValidationError("\(option) '\(text)': expected a date such as 2024-06-30") }
    return value
}

extension SegmentScheme: ExpressibleByArgument {}

extension Strata {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Append customers, orders and events to the embedded store (idempotent by order/event id).",
            discussion: """
            Rows are read and checked as by analyze, then written in transactions of --batch-size rows, each
            recorded in the store's import manifest. Importing the same file again adds nothing; after a
            crash, running the import again adds exactly the missing rows.
            """
        )

        @OptionGroup var input: InputOptions
        @Option(name: .customLong("batch-size"), help: "Rows per transaction.") var batchSize: Int = StrataStore.defaultBatchSize

        func validate() throws {
            guard input.db != nil else { throw ValidationError("Give the store with --db FILE.") }
            guard input.data != nil || input.orders != nil else { throw ValidationError("Give a data directory or --orders FILE to import.") }
            guard batchSize > 0 else { throw ValidationError("--batch-size must be at least 1") }
        }

        func run() throws {
            let progress = Progress()
            let data = try input.load(progress: progress, files: true, keepRowIDs: true)
            let store = openStore(input.db!)
            var paths: [String: String] = [:]
            for file in data.report.files { paths[file.file] = file.file }
            let results = storeStep { try store.importData(data, paths: paths, batchSize: batchSize, progress: progress.step) }
            var rows = [["file", "read", "kept", "rejected", "duplicates", "stored", "already there", "batches", "ms"]]
            for r in results {
                rows.append([r.file, String(r.rowsRead), String(r.kept), String(r.rejected), String(r.duplicates), String(r.stored),
                             String(r.alreadyPresent), String(r.batches), String(r.durationMs)])
            }
            print(SummaryRenderer.table(rows), terminator: "")
            let counts = storeStep { try store.counts() }
            print("store \(input.db!): \(counts.customers) customers, \(counts.orders) orders, \(counts.events) events")
        }
    }

    struct Snapshot: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Analyze the stored data as of a date and keep every customer's features and segments."
        )

        @Option(help: "The store.") var db: String
        @Option(name: .customLong("as-of"), help: "Snapshot date (end of that day, UTC).") var asOf: String
        @Option(help: "Purchase model for P(alive) and CLV, or none.") var model: String = "bg-nbd"

        func run() throws {
            let store = openStore(db)
            let seconds = try endOfDay(asOf, "--as-of")
            let count = storeStep { try store.takeSnapshot(asOf: seconds, model: PurchaseModelKind(rawValue: model)) }
            print("snapshot as of \(Timestamp.isoDateTime(seconds)): \(count) customers")
        }
    }

    struct Backfill: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take snapshots at regular dates between two dates.")

        @Option(help: "The store.") var db: String
        @Option(help: "First snapshot date.") var from: String
        @Option(help: "Last snapshot date (inclusive).") var to: String
        @Option(help: "Step: N days, N weeks or N months, e.g. '1 month'.") var every: String = "1 month"
        @Option(help: "Purchase model for P(alive) and CLV, or none.") var model: String = "bg-nbd"

        func run() throws {
            let store = openStore(db)
            let start = try endOfDay(from, "--from"), end = try endOfDay(to, "--to")
            guard let schedule = SnapshotSchedule(every) else {
                throw ValidationError("--every '\(every)': expected e.g. '7 days', '2 weeks' or '1 month'")
            }
            let progress = Progress()
            for day in schedule.days(from: Timestamp.day(start), to: Timestamp.day(end)) {
                progress.step("snapshot as of \(Timestamp.isoDate(day: day))")
                let count = storeStep { try store.takeSnapshot(asOf: day * 86_400 + 86_399, model: PurchaseModelKind(rawValue: model)) }
                print("snapshot as of \(Timestamp.isoDate(day: day)): \(count) customers")
            }
        }
    }

    struct Movement: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Who moved between segments from one snapshot to another: matrix, net flows, valuable customers at risk."
        )

        @Option(help: "The store.") var db: String
        @Option(help: "Earlier snapshot date.") var from: String
        @Option(help: "Later snapshot date.") var to: String
        @Option(help: "Scheme: rfm or activity.") var scheme: SegmentScheme = .rfm
        @Option(help: "Movers to list (valuable → at-risk).") var limit: Int = 20
        @Option(help: "Output: table or json.") var format: OutputFormat = .table

        func run() throws {
            let store = openStore(db)
            let before = storeStep { try store.snapshot(asOf: try endOfDay(from, "--from")) }
            let after = storeStep { try store.snapshot(asOf: try endOfDay(to, "--to")) }
            let m = SegmentMovement(from: before, to: after, scheme: scheme)
            if format == .json {
                print(String(decoding: try MovementRenderer.json(m, from: from, to: to, limit: limit), as: UTF8.self))
            } else {
                print(MovementRenderer.text(m, from: from, to: to, limit: limit), terminator: "")
            }
        }
    }

    struct Trends: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Segment sizes and revenue over all snapshots.")

        @Option(help: "The store.") var db: String
        @Option(help: "Scheme: rfm or activity.") var scheme: SegmentScheme = .rfm

        func run() throws {
            let store = openStore(db)
            let snapshots = storeStep { try store.snapshots() }
            guard !snapshots.isEmpty else { fail("no snapshots yet: run strata snapshot or strata backfill") }
            let names = scheme == .rfm ? RFMSegment.allCases.map(\.rawValue) : ActivitySegment.allCases.map(\.rawValue)
            var sizes = [["segment"] + snapshots.map { Timestamp.isoDate(day: Timestamp.day($0.asOf)) }]
            var revenue = sizes
            let data = snapshots.map { s in storeStep { try store.snapshot(asOf: s.asOf) } }
            for name in names {
                let members = data.map { $0.filter { $0.segment(scheme) == name } }
                sizes.append([name] + members.map { SummaryRenderer.grouped($0.count) })
                revenue.append([name] + members.map { SummaryRenderer.money($0.reduce(0) { $0 + $1.revenue }) })
            }
            print("Customers per segment\n" + SummaryRenderer.table(sizes) + "\nRevenue to date per segment\n" + SummaryRenderer.table(revenue), terminator: "")
        }
    }

    struct Alerts: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Alerts (JSON) between the last two snapshots: segments that grew or shrank, valuable segments losing customers."
        )

        @Option(help: "The store.") var db: String
        @Option(help: "Relative size change that raises an alert.") var change: Double = 0.2
        @Option(name: .customLong("valuable-loss"), help: "Share of a valuable segment's customers lost that raises an alert.")
        var valuableLoss: Double = 0.1

        func run() throws {
            let store = openStore(db)
            let snapshots = storeStep { try store.snapshots() }
            guard snapshots.count >= 2 else { fail("alerts compare two snapshots; the store has \(snapshots.count)") }
            let before = storeStep { try store.snapshot(asOf: snapshots[snapshots.count - 2].asOf) }
            let after = storeStep { try store.snapshot(asOf: snapshots[snapshots.count - 1].asOf) }
            let alerts = SegmentScheme.allCases.flatMap { scheme in
                SegmentAlert.alerts(SegmentMovement(from: before, to: after, scheme: scheme), threshold: change, valuableLoss: valuableLoss)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let object = AlertReport(from: Timestamp.isoDateTime(snapshots[snapshots.count - 2].asOf),
                                     to: Timestamp.isoDateTime(snapshots[snapshots.count - 1].asOf), alerts: alerts)
            print(String(decoding: try encoder.encode(object), as: UTF8.self))
        }

        struct AlertReport: Encodable {
            var from: String
            var to: String
            var alerts: [SegmentAlert]
        }
    }

    struct Forget: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a customer from every table and snapshot of the store (right to erasure)."
        )

        @Option(help: "The store.") var db: String
        @Option(help: "The customer id to remove.") var customer: String

        func run() throws {
            let store = openStore(db)
            let rows = storeStep { try store.forget(customer: customer) }
            print("removed customer \(customer): \(rows) rows")
        }
    }
}
