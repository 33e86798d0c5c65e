/// A column of values, one per customer (or per order/event row inside an aggregate).
/// Missing values are NaN (numbers, dates as day numbers) or code -1 (text).
package enum RuleColumn: Sendable {
    case number([Double])
    case text(codes: [Int32], values: [String])
    case bool([Bool])
    /// UTC day numbers.
    case date([Double])

    package var count: Int {
        switch self {
        case let .number(v), let .date(v): return v.count
        case let .text(codes, _): return codes.count
        case let .bool(v): return v.count
        }
    }

    /// The values at `rows` (a row table's customer index, say).
    package func gather(_ rows: [Int32]) -> RuleColumn {
        switch self {
        case let .number(v): return .number(rows.map { v[Int($0)] })
        case let .date(v): return .date(rows.map { v[Int($0)] })
        case let .text(codes, values): return .text(codes: rows.map { codes[Int($0)] }, values: values)
        case let .bool(v): return .bool(rows.map { v[Int($0)] })
        }
    }

    /// One value for display (explain): empty text for missing.
    package func display(_ i: Int) -> String {
        switch self {
        case let .number(v): return v[i].isNaN ? "missing" : Self.format(v[i])
        case let .date(v): return v[i].isNaN ? "missing" : Timestamp.isoDate(day: Int64(v[i]))
        case let .text(codes, values): return codes[i] < 0 ? "missing" : "\"\(values[Int(codes[i])])\""
        case let .bool(v): return v[i] ? "true" : "false"
        }
    }

    package static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return NumberFormat.decimal(value, 4)
    }
}
