import Foundation
import StrataCore

/// Writes `rejected.csv`: every rejected row kept in the report, with file, line, column,
/// reason, value and what was expected.
public enum RejectsWriter {
    public static func render(_ issues: [IngestIssue]) -> Data {
        var out = CSVBuffer()
        out.text("file,line,column,reason,value,expected")
        out.newline()
        for issue in issues {
            out.text(issue.location.file); out.comma()
            out.int(issue.location.line); out.comma()
            out.int(issue.location.column); out.comma()
            out.text(issue.reason.rawValue); out.comma()
            out.text(issue.value); out.comma()
            out.text(issue.expected)
            out.newline()
        }
        return Data(out.bytes)
    }
}
