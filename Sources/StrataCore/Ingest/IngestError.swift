/// An error that stops reading an input: the file cannot be used at all, or `--strict` met a bad row.
///
/// Row-level problems are not thrown in the default mode; they are collected as ``IngestIssue``s
/// in the ``IngestReport`` and the row is rejected.
public enum IngestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file does not exist or cannot be opened.
    case cannotOpen(file: String, reason: String)
    /// The file holds no bytes, or only a header and no rows where rows are required.
    case emptyFile(file: String)
    /// A required column is missing; lists what was found so the user can map it in a config.
    case missingColumns(file: String, missing: [String], found: [String])
    /// `--strict` mode stopped at the first rejected row.
    case strictModeRejected(IngestIssue)
    /// No orders input was given or found in a directory.
    case noOrders(directory: String, found: [String])
    /// The configuration file is malformed or names something unknown.
    case invalidConfig(file: String, message: String)
    /// A value that must be read for the result to mean anything is not valid (model inputs).
    case invalidValue(IngestIssue)
    /// Two header fields share a name (ignoring case): which one a column means is unknowable.
    case duplicateColumn(file: String, name: String, positions: [Int])
    /// A config maps a column to a name the file does not have.
    case unknownConfiguredColumn(file: String, column: String, name: String, found: [String])
    /// An input was named twice (e.g. `orders.csv` and `orders.ndjson` in one directory).
    case ambiguousInput(kind: String, files: [String])

    public var description: String {
        switch self {
        case let .cannotOpen(file, reason):
            return "\(file): cannot open: \(reason)"
        case let .emptyFile(file):
            return "\(file): the file is empty: expected a header row and at least one data row"
        case let .missingColumns(file, missing, found):
            let foundText = found.isEmpty ? "none" : found.map { "'\($0)'" }.joined(separator: ", ")
            return "\(file):1: missing required column\(missing.count == 1 ? "" : "s") "
                + missing.map { name in
                    let likely = TableKind.likelyColumns(for: name, in: found)
                    return "'\(name)'" + (likely.isEmpty ? "" : " (likely " + likely.map { "'\($0)'" }.joined(separator: " or ") + ")")
                }.joined(separator: ", ")
                + "; columns found: \(foundText). Map your column names with --config (see docs/input.md)."
        case let .duplicateColumn(file, name, positions):
            return "\(file):1: the header names '\(name)' twice (fields \(positions.map(String.init).joined(separator: " and "))): "
                + "rename one, so that it is clear which one to read"
        case let .unknownConfiguredColumn(file, column, name, found):
            return "\(file):1: the config maps \(column) to '\(name)', which is not a column of this file; columns found: "
                + found.map { "'\($0)'" }.joined(separator: ", ")
        case let .strictModeRejected(issue):
            return "\(issue) (stopped by --strict)"
        case let .noOrders(directory, found):
            let list = found.isEmpty ? "no files" : found.joined(separator: ", ")
            return "\(directory): no orders input: expected orders.csv or orders.ndjson; found \(list)"
        case let .invalidValue(issue):
            return issue.description
        case let .invalidConfig(file, message):
            return "\(file): invalid config: \(message)"
        case let .ambiguousInput(kind, files):
            return "more than one \(kind) input: \(files.joined(separator: ", ")); keep one or pass --\(kind)"
        }
    }
}
