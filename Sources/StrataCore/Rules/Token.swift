/// A lexical token of the segment language.
package struct Token: Sendable, Equatable {
    package enum Kind: Sendable, Equatable {
        case identifier(String)
        case keyword(Keyword)
        case string(String)
        case number(Double)
        /// A date literal such as 2024-06-30, as a UTC day number.
        case date(Int64)
        case symbol(Symbol)
        case end
    }

    package var kind: Kind
    package var span: Span
}

/// Reserved words (case-insensitive).
package enum Keyword: String, Sendable, CaseIterable {
    case segment, group, and, or, not, `in`, between, contains, `is`, missing, `where`, within, before
    case day, days, week, weeks, last, first, `else`, `true`, `false`
}

package enum Symbol: String, Sendable, CaseIterable {
    case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case plus = "+", minus = "-", times = "*", divide = "/"
    case leftParen = "(", rightParen = ")", comma = ",", dot = ".", leftBrace = "{", rightBrace = "}"
}

extension Token.Kind: CustomStringConvertible {
    package var description: String {
        switch self {
        case let .identifier(name): return "'\(name)'"
        case let .keyword(word): return "'\(word.rawValue)'"
        case let .string(text): return "\"\(text)\""
        case let .number(value): return "number \(value)"
        case let .date(day): return "date \(Timestamp.isoDate(day: day))"
        case let .symbol(symbol): return "'\(symbol.rawValue)'"
        case .end: return "the end of the file"
        }
    }
}
