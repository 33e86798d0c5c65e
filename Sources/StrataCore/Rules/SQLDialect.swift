/// SQL flavours Strata writes (`strata sql`) and runs (`--engine`): the expressions whose
/// spelling differs between SQLite, PostgreSQL and Spark SQL, each giving the same value in all three.
public enum SQLDialect: String, Sendable, CaseIterable {
    case sqlite, postgres, spark

    /// Integer division of two integer expressions, rounded toward zero.
    package func divide(_ a: String, _ b: String) -> String {
        self == .spark ? "((\(a)) div (\(b)))" : "((\(a)) / (\(b)))"
    }

    /// The UTC day number of an epoch-seconds expression, rounded down (times before 1970 too).
    package func day(ofEpoch column: String) -> String {
        "(CASE WHEN \(column) >= 0 THEN \(divide(column, "86400")) ELSE \(divide("(\(column) - 86399)", "86400")) END)"
    }

    /// The UTC day number of a `YYYY-MM-DD` text column.
    package func day(ofDateText column: String) -> String {
        switch self {
        case .sqlite: return "CAST(julianday(\(column)) - 2440587.5 AS INTEGER)"
        case .postgres: return "(CAST(\(column) AS DATE) - DATE '1970-01-01')"
        case .spark: return "datediff(CAST(\(column) AS DATE), DATE '1970-01-01')"
        }
    }

    /// A day number written `YYYY-MM-DD`.
    package func dateText(ofDay day: String) -> String {
        switch self {
        case .sqlite: return "date(\(day) * 86400, 'unixepoch')"
        case .postgres: return "to_char(DATE '1970-01-01' + CAST(\(day) AS INTEGER), 'YYYY-MM-DD')"
        case .spark: return "date_format(date_add(DATE '1970-01-01', CAST(\(day) AS INT)), 'yyyy-MM-dd')"
        }
    }

    /// The floating-point type name.
    package var real: String {
        switch self {
        case .sqlite: return "REAL"
        case .postgres: return "DOUBLE PRECISION"
        case .spark: return "DOUBLE"
        }
    }

    /// The 64-bit integer type name.
    package var integer: String { self == .sqlite ? "INTEGER" : "BIGINT" }

    /// The text type name.
    package var text: String { self == .spark ? "STRING" : "TEXT" }

    /// An expression as a double (literals too: Spark and PostgreSQL read `0.1` as an exact decimal).
    package func double(_ expression: String) -> String { "CAST(\(expression) AS \(real))" }

    /// A text expression ordered by the bytes of its UTF-8 form, whatever the database's locale.
    package func byteOrder(_ expression: String) -> String {
        self == .postgres ? "\(expression) COLLATE \"C\"" : expression
    }

    /// The UTC hour 0–23 of an epoch-seconds expression.
    package func hour(ofEpoch column: String) -> String {
        divide("(\(column) - \(day(ofEpoch: column)) * 86400)", "3600")
    }

    /// ISO weekday 1 (Monday) … 7; 1970-01-01 was a Thursday.
    package func weekday(ofEpoch column: String) -> String {
        "((((\(day(ofEpoch: column)) % 7) + 10) % 7) + 1)"
    }

    package func contains(_ text: String, _ part: String) -> String {
        self == .postgres ? "(strpos(\(text), \(part)) > 0)" : "(instr(\(text), \(part)) > 0)"
    }

    package func quote(identifier: String) -> String {
        self == .spark ? "`" + identifier.replacingOccurrences(of: "`", with: "``") + "`"
            : "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A text literal. Spark escapes with a backslash where the others double the quote.
    package func literal(_ text: String) -> String {
        guard self == .spark else { return "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
        return "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }
}
