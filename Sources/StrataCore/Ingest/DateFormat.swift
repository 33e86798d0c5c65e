/// How a timestamp column is written.
public enum DateFormat: String, Sendable, Hashable, CaseIterable, Codable {
    /// Decide per value: 8 digits → `yyyyMMdd`, a `-` → ISO 8601, other digits → epoch seconds.
    case auto
    /// `2024-03-01`, `2024-03-01T14:05:09Z`, `2024-03-01 14:05`, `…+03:00`, fractional seconds.
    case iso8601
    /// `20240301`, as in the CDNOW log.
    case yyyyMMdd
    /// Seconds since 1970-01-01T00:00:00Z (fractions dropped).
    case epochSeconds = "epoch"
    /// Milliseconds since 1970-01-01T00:00:00Z.
    case epochMilliseconds = "epoch_ms"

    /// Text for the "expected" half of an error message.
    package var expectation: String {
        switch self {
        case .auto: return "expected a date: ISO 8601 (2024-03-01 or 2024-03-01T14:05:00Z), yyyyMMdd or epoch seconds"
        case .iso8601: return "expected an ISO 8601 date such as 2024-03-01 or 2024-03-01T14:05:00Z"
        case .yyyyMMdd: return "expected a date written yyyyMMdd, such as 19970101"
        case .epochSeconds: return "expected epoch seconds, such as 1709301900"
        case .epochMilliseconds: return "expected epoch milliseconds, such as 1709301900000"
        }
    }
}
