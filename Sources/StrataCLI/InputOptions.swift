import ArgumentParser
import Foundation
import StrataCore
import StrataPipeline

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

    /// Called by each command's own validation: some input must be given (an engine's
    /// `analyze` reads what `strata load` put there instead).
    func requireData() throws {
        if data == nil && orders == nil && db == nil {
            throw ValidationError("Give a data directory, --orders FILE or --db STORE.")
        }
    }

    /// Whether any input was given.
    var hasData: Bool { data != nil || orders != nil || db != nil }

    func validate() throws {
        if let data { try requireFolder(data, "DATA", hint: "; to read one file, give it with --orders FILE") }
        for (name, path) in [("--customers", customers), ("--orders", orders), ("--events", events), ("--config", config)] {
            if let path { try requireFile(path, name) }
        }
        if config != nil {
            do { _ = try schemeSettings() } catch { throw ValidationError("--config: \(error)") }
        }
    }

    /// The built-in schemes' thresholds with the config's `schemes:` section applied.
    func schemeSettings() throws(AnalysisError) -> SchemeSettings {
        var settings = SchemeSettings()
        guard let config else { return settings }
        let overrides = try inputConfig().schemes
        do { try settings.apply(overrides, file: config) } catch { throw .input(error) }
        return settings
    }

    /// The input config (`--config`), or the defaults.
    func inputConfig() throws(AnalysisError) -> InputConfig {
        do { return try config.map { path throws(IngestError) in try InputConfig.load(path: path) } ?? InputConfig() } catch {
            throw .input(error)
        }
    }

    /// The files given (the store is not one of them).
    var files: AnalysisInput {
        get throws {
            .files(InputPaths(directory: data, customers: customers, orders: orders, events: events), config: try inputConfig(), strict: strict)
        }
    }

    /// Paths this run may read: the files given and every file of the data folder (results must
    /// not be written over them).
    var inputPaths: [String] {
        let listed = data.map { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).map { "\(folder)/\($0)" }
        } ?? []
        return [customers, orders, events, config, db].compactMap { $0 } + listed
    }

    /// Where the data is read from: the store when `--db` is given, else the files.
    var source: AnalysisInput {
        get throws { if let db { return .store(path: db) } else { return try files } }
    }
}

/// Which purchase model to fit and how.
struct ModelOptions: ParsableArguments {
    @Option(help: "Purchase model: \(PurchaseModelKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var model: PurchaseModelKind = .bgNBD
    @Option(help: "L2 penalty on the parameters (0: plain maximum likelihood).")
    var penalty: Double = 0

    func validate() throws {
        try checkPenalty(penalty)
    }
}

/// The largest `--penalty`: larger ones press every parameter to zero, where the models'
/// predictions are no longer finite numbers.
let maximumPenalty = 100.0

/// Checks a `--penalty` value (an L2 penalty, as `lifetimes`' `penalizer_coef`; 0.001 to 0.1 is usual).
func checkPenalty(_ penalty: Double) throws {
    guard penalty >= 0, penalty <= maximumPenalty else {
        throw ValidationError("--penalty must be between 0 and \(Int(maximumPenalty)) (0.001 to 0.1 is usual), got \(penalty)")
    }
}

/// `auto` (the model that predicts a holdout period best), a named purchase model, or none.
enum ModelChoice: ExpressibleByArgument, Equatable {
    case auto
    case model(PurchaseModelKind)
    case none

    init?(argument: String) {
        switch argument {
        case "auto": self = .auto
        case "none": self = .none
        default:
            guard let kind = PurchaseModelKind(rawValue: argument) else { return nil }
            self = .model(kind)
        }
    }

    var choice: PurchaseModelChoice {
        switch self {
        case .auto: return .automatic
        case let .model(kind): return .named(kind)
        case .none: return .none
        }
    }

    static var allValueStrings: [String] { ["auto"] + PurchaseModelKind.allCases.map(\.rawValue) + ["none"] }
    var defaultValueDescription: String {
        switch self {
        case .auto: return "auto"
        case let .model(kind): return kind.rawValue
        case .none: return "none"
        }
    }
}

extension PurchaseModelKind: ExpressibleByArgument {}

/// Reads `--as-of`-style dates: a date means the end of that day (UTC); a full timestamp is taken as is.
func parseAsOf(_ text: String) -> Int64? {
    var copy = Array(text.utf8)
    return copy.withUnsafeMutableBufferPointer { buffer -> Int64? in
        let bytes = UnsafeBufferPointer(buffer)
        guard let ts = FieldTimestamp.parse(bytes) else { return nil }
        return text.count == 10 || text.count == 8 ? ts + 86_399 : ts
    }
}

/// A date option as epoch seconds at the end of that day, or a validation error naming the option.
func endOfDay(_ text: String, _ option: String) throws -> Int64 {
    guard let value = parseAsOf(text) else { throw ValidationError("\(option) '\(text)': expected a date such as 2024-06-30") }
    return value
}

/// A path that must be an existing folder.
func requireFolder(_ path: String, _ name: String, hint: String = "") throws {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
        throw ValidationError("\(name) '\(path)': no such folder")
    }
    guard isFolder.boolValue else { throw ValidationError("\(name) '\(path)' is a file, not a folder\(hint)") }
}

/// A path that must be an existing file.
func requireFile(_ path: String, _ name: String) throws {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
        throw ValidationError("\(name) '\(path)': no such file")
    }
    guard !isFolder.boolValue else { throw ValidationError("\(name) '\(path)' is a folder, not a file") }
}

/// A file to be written: its folder must exist, or be `outputFolder`, which the command creates.
func requireWritableFile(_ path: String, _ name: String, orIn outputFolder: String? = nil) throws {
    let folder = (path as NSString).deletingLastPathComponent
    let created = outputFolder.map { (folder as NSString).standardizingPath == ($0 as NSString).standardizingPath } ?? false
    guard folder.isEmpty || created || FileManager.default.fileExists(atPath: folder) else {
        throw ValidationError("\(name) '\(path)': the folder '\(folder)' does not exist")
    }
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
        throw ValidationError("\(name) '\(path)' is a folder; give a file name")
    }
}

/// An output folder: created when missing, but not in place of a file.
func requireOutputFolder(_ path: String, _ name: String) throws {
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue {
        throw ValidationError("\(name) '\(path)' is a file, not a folder")
    }
}

/// A results folder: not a file, and not holding another command's results or files no strata
/// command wrote (unless `force`), checked before the work starts.
func requireResultsFolder(_ path: String, _ name: String, for command: ResultsFolder.Command, inputs: [String] = [], force: Bool) throws {
    try requireOutputFolder(path, name)
    do { try ResultsFolder.check(path, for: command, inputs: inputs, force: force) } catch let AnalysisError.cannotWrite(_, reason) {
        throw ValidationError("\(name) '\(path)': \(reason)")
    }
}

/// Says which files a command wrote: after the summary on stdout when that is a table, else on stderr.
func listWritten(_ files: [String], onStdout: Bool) {
    let text = TextWrap.wrap("files written: " + files.joined(separator: ", "))
    if onStdout { output(text) } else { Console.current.error(text + "\n") }
}

/// A store a command reads: it must exist (reading never creates an empty store).
func requireStore(_ path: String) throws {
    guard FileManager.default.fileExists(atPath: path) else {
        throw ValidationError("--db '\(path)': no such store (strata import --db \(path) creates one)")
    }
}
