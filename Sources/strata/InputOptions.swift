import ArgumentParser
import Foundation
import StrataCore

/// The options that say where the customers, orders and events are.
struct InputOptions: ParsableArguments {
    @Argument(help: "Directory with customers/orders/events files.")
    var data: String?

    @Option(help: "Customers file (CSV or NDJSON).") var customers: String?
    @Option(help: "Orders file (CSV or NDJSON).") var orders: String?
    @Option(help: "Events file (CSV or NDJSON).") var events: String?
    @Option(help: "YAML or JSON file mapping columns, delimiters, date formats and currencies.") var config: String?
    @Flag(help: "Stop at the first bad row with a non-zero exit instead of rejecting it and going on.")
    var strict = false
    @Option(help: "Embedded store (SQLite file): read the data from it instead of files (see strata import).")
    var db: String?

    func validate() throws {
        if data == nil && orders == nil && db == nil {
            throw ValidationError("Give a data directory, --orders FILE or --db STORE.")
        }
    }

    /// Reads the inputs (the store when `--db` is given and `files` is false); prints the error
    /// and exits with status 2 when they cannot be used.
    func load(progress: Progress, files: Bool = false, keepRowIDs: Bool = false) throws -> Dataset {
        if let db, !files {
            progress.step("reading \(db)")
            do { return try StrataStore(path: db).dataset() } catch { fail("\(error)") }
        }
        do {
            let inputConfig = try config.map { path throws(IngestError) in try InputConfig.load(path: path) } ?? InputConfig()
            var loader = DatasetLoader(
                paths: InputPaths(directory: data, customers: customers, orders: orders, events: events),
                config: inputConfig, strict: strict)
            loader.keepRowIDs = keepRowIDs
            return try loader.load(progress: progress.step)
        } catch {
            fail("\(error)")
        }
    }
}

/// Which purchase model to fit and how.
struct ModelOptions: ParsableArguments {
    @Option(help: "Purchase model: \(PurchaseModelKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var model: PurchaseModelKind = .bgNBD
    @Option(help: "L2 penalty on the parameters (0: plain maximum likelihood).")
    var penalty: Double = 0

    func validate() throws {
        guard penalty >= 0, penalty.isFinite else { throw ValidationError("--penalty must be ≥ 0, got \(penalty)") }
    }
}

extension PurchaseModelKind: ExpressibleByArgument {}

/// Prints `error: message` on stderr and exits with status 2.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    Foundation.exit(2)
}

/// Reads `--as-of`-style dates: a date means the end of that day (UTC); a full timestamp is taken as is.
func parseAsOf(_ text: String) -> Int64? {
    var copy = Array(text.utf8)
    return copy.withUnsafeMutableBufferPointer { buffer -> Int64? in
        let bytes = UnsafeBufferPointer(buffer)
        guard let ts = FieldTimestamp.parse(bytes) else { return nil }
        return text.count == 10 || text.count == 8 ? ts + 86_399 : ts
    }
}
