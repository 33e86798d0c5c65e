import Foundation

/// How a timestamp column is written.
public enum DateFormat: Sendable, Hashable {
    /// Decide per value: 8 digits → `yyyyMMdd`, a `-` → ISO 8601, other digits → epoch seconds.
    case auto
    /// `2024-03-01`, `2024-03-01T14:05:09Z`, `2024-03-01 14:05`, `…+03:00`, `… -0400`, fractional seconds.
    case iso8601
    /// `20240301`, as in the CDNOW log.
    case yyyyMMdd
    /// Seconds since 1970-01-01T00:00:00Z (fractions dropped).
    case epochSeconds
    /// Milliseconds since 1970-01-01T00:00:00Z.
    case epochMilliseconds
    /// An explicit pattern such as `M/d/yyyy H:mm` (``DatePattern``).
    case pattern(DatePattern)

    /// The named formats, as the config spells them.
    public static let named: [(name: String, format: DateFormat)] = [
        ("auto", .auto), ("iso8601", .iso8601), ("yyyyMMdd", .yyyyMMdd), ("epoch", .epochSeconds), ("epoch_ms", .epochMilliseconds),
    ]

    /// A named format, else a pattern; nil when it is neither.
    public init?(config text: String) {
        if let named = Self.named.first(where: { $0.name == text }) {
            self = named.format
        } else if let pattern = DatePattern(text) {
            self = .pattern(pattern)
        } else {
            return nil
        }
    }

    /// Text for the "expected" half of an error message.
    package var expectation: String {
        switch self {
        case .auto:
            return "expected a date: ISO 8601 (2024-03-01 or 2024-03-01T14:05:00Z), yyyyMMdd or epoch seconds; "
                + "for dates such as 12/1/2010 or 01.12.2010 give the pattern in the config (date_format: \"M/d/yyyy H:mm\" or \"d.M.yyyy\")"
        case .iso8601: return "expected an ISO 8601 date such as 2024-03-01 or 2024-03-01T14:05:00Z"
        case .yyyyMMdd: return "expected a date written yyyyMMdd, such as 19970101"
        case .epochSeconds: return "expected epoch seconds, such as 1709301900"
        case .epochMilliseconds: return "expected epoch milliseconds, such as 1709301900000"
        case let .pattern(pattern): return "expected a date written \(pattern)"
        }
    }
}

/// The dates an input row may carry: from 1970-01-01 to a year after the run. A date outside is
/// a bad value (a mistyped year, milliseconds read as seconds), rejected with its row, so that it
/// can never move the analysis date.
package enum PlausibleDates {
    package static let earliest: Int64 = 0
    /// A year after today (UTC), fixed when first used.
    package static let latest: Int64 = Int64(Date().timeIntervalSince1970) + 366 * 86_400

    /// The plausible timestamps: readers take the range once per file, not a lazy global per row.
    package static var range: ClosedRange<Int64> { earliest...latest }

    package static let expectation = "expected a date from 1970-01-01 to \(Timestamp.isoDate(day: Timestamp.day(latest))) "
        + "(a 13-digit number is epoch milliseconds: date_format: epoch_ms)"
}
