import Foundation
import StrataCore

/// Writes `rejected.csv`: every rejected row kept in the report, with its file, line, field
/// (name and 1-based position), byte offset within the line, reason, value and what was expected.
public enum RejectsWriter {
    public static let header = ["file", "line", "field", "field_number", "offset", "reason", "value", "expected"]

    public static func render(_ issues: [IngestIssue]) -> Data {
        var out = CSVBuffer()
        out.row(header)
        for issue in issues {
            out.text(issue.location.file); out.comma()
            out.int(issue.location.line); out.comma()
            out.text(issue.location.field); out.comma()
            if issue.location.fieldNumber > 0 { out.int(issue.location.fieldNumber) }; out.comma()
            if issue.location.column > 0 { out.int(issue.location.column) }; out.comma()
            out.text(issue.reason.rawValue); out.comma()
            out.text(issue.value); out.comma()
            out.text(issue.expected)
            out.newline()
        }
        return Data(out.bytes)
    }
}
