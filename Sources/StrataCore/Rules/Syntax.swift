/// The parsed form of a segment-definition file.
package struct RuleFile: Sendable {
    package var definitions: [Definition]
}

/// A top-level definition: a segment, or a group of segments where the first match wins.
package enum Definition: Sendable {
    case segment(SegmentSyntax)
    case group(GroupSyntax)
}

package struct SegmentSyntax: Sendable {
    package var name: String
    package var nameSpan: Span
    package var condition: Expr
}

package struct GroupSyntax: Sendable {
    package var name: String
    package var nameSpan: Span
    package var members: [SegmentSyntax]
    /// The label of customers no member matches (`else "…"`); nil leaves them empty.
    package var otherwise: String?
}

/// An expression, with the span of source it came from.
package indirect enum Expr: Sendable {
    case number(Double, Span)
    case string(String, Span)
    case date(Int64, Span)
    case boolean(Bool, Span)
    /// A customer field, or a row field inside an aggregate's filter.
    case field(String, Span)
    /// `hour(ts)`, `weekday(ts)`.
    case function(String, Expr, Span)
    case not(Expr, Span)
    case negate(Expr, Span)
    case logical(LogicalOperator, Expr, Expr)
    case compare(ComparisonOperator, Expr, Expr, Span)
    case arithmetic(ArithmeticOperator, Expr, Expr)
    case between(Expr, Expr, Expr, negated: Bool, Span)
    case inList(Expr, [Expr], negated: Bool, Span)
    case contains(Expr, Expr, Span)
    case isMissing(Expr, negated: Bool, Span)
    case inSegment(String, Span)
    case aggregate(AggregateSyntax)

    package var span: Span {
        switch self {
        case let .number(_, s), let .string(_, s), let .date(_, s), let .boolean(_, s), let .field(_, s),
             let .function(_, _, s), let .not(_, s), let .negate(_, s), let .compare(_, _, _, s),
             let .between(_, _, _, _, s), let .inList(_, _, _, s), let .contains(_, _, s),
             let .isMissing(_, _, s), let .inSegment(_, s):
            return s
        case let .logical(_, a, b), let .arithmetic(_, a, b):
            return a.span.to(b.span)
        case let .aggregate(a):
            return a.span
        }
    }
}

package enum LogicalOperator: String, Sendable { case and, or }

package enum ComparisonOperator: String, Sendable {
    case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
}

package enum ArithmeticOperator: String, Sendable { case plus = "+", minus = "-", times = "*", divide = "/" }

/// `count(events where … within 90 days)`, `sum(orders.amount where …)`, `days_since(last order)`.
package struct AggregateSyntax: Sendable {
    package enum Function: String, Sendable, CaseIterable {
        case count, sum, avg, min, max, share
        case daysSince = "days_since"
    }

    package var function: Function
    package var table: String
    package var tableSpan: Span
    /// The aggregated row field (sum, avg, min, max).
    package var field: String?
    package var fieldSpan: Span?
    package var filter: Expr?
    package var window: Window?
    /// `days_since(first …)` instead of `last`.
    package var first: Bool
    package var span: Span

    /// Rows within the last `days` days up to as-of, or at least `days` days before it.
    package enum Window: Sendable, Equatable {
        case within(days: Double)
        case before(days: Double)
    }
}
