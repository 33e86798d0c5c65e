import StrataCore
import StrataEngines
import StrataStore

/// Why an analysis could not run or its results could not be written.
public enum AnalysisError: Error, Sendable, CustomStringConvertible {
    /// An input file is missing, unreadable or (with `strict`) has a bad row.
    case input(IngestError)
    case store(StoreError)
    /// Every row was rejected or skipped, or the files were empty; the account says why.
    case nothingToAnalyze(IngestReport)
    /// Every row read for an import was rejected or skipped: the store is left as it was.
    case nothingToImport(IngestReport)
    /// A file the analysis needs (segment definitions, playbook, earlier clusters) cannot be read.
    case unreadable(file: String, reason: String)
    /// Segment definitions with errors, each located by line and column.
    case rules(file: String, RuleErrors)
    case playbook(PlaybookError)
    /// A model could not be fitted to the summaries of a file.
    case modelFit(file: String, ModelError)
    /// A result file cannot be written.
    case cannotWrite(file: String, reason: String)
    /// A database or cluster running the analysis failed.
    case engine(EngineError)
    /// What was asked for is not in the data: a customer, a clustering feature, enough snapshots.
    case notInData(String)

    public var description: String {
        switch self {
        case let .input(error): return error.description
        case let .store(error): return error.description
        case let .engine(error): return error.description
        case let .nothingToAnalyze(report): return Self.nothingKept(report, "no orders or events were kept; nothing to analyze", list: "rejected.csv")
        case let .nothingToImport(report): return Self.nothingKept(report, "every row read was rejected or skipped; nothing was imported",
                                                                       list: "the file --rejected names")
        case let .unreadable(file, reason): return "\(file): \(reason)"
        case let .rules(file, errors):
            let count = errors.diagnostics.count
            return "\(errors.description)\n\(file): \(count) error\(count == 1 ? "" : "s")"
        case let .playbook(error): return error.description
        case let .modelFit(file, error): return "\(file): \(error)"
        case let .cannotWrite(file, reason): return "cannot write \(file): \(reason)"
        case let .notInData(message): return message
        }
    }

    /// `lead`, then the most frequent reasons rows were not kept, each with an example; `list`
    /// names the file that lists every rejection.
    private static func nothingKept(_ report: IngestReport, _ lead: String, list: String) -> String {
        var text = lead
        let reasons = report.files.flatMap { file in file.rejectedByReason.map { (file.file, $0.key, $0.value) } }
            .sorted { ($0.2, $1.1) > ($1.2, $0.1) }.prefix(5)
        if !reasons.isEmpty { text += "\nthe most frequent reasons (\(list) lists them, up to 10,000 per check in each block of the file):" }
        for (file, reason, count) in reasons {
            text += "\n  \(file): \(reason) × \(count)"
            if let example = report.issues.first(where: { $0.location.file == file && $0.reason.rawValue == reason }) {
                text += ", e.g. \(example)"
            }
        }
        for file in report.files where file.skipped > 0 {
            text += "\n  \(file.file): \(file.skipped) skipped by the config's rules"
        }
        for file in report.files where file.rowsRead == 0 && file.table != .customers {
            text += "\n  \(file.file): no data rows (a header only)"
        }
        return text
    }
}
