/// Parses tokens into a ``RuleFile`` by recursive descent. A syntax error is recorded and the
/// parser skips to the next `segment` or `group`, so one run reports every broken definition.
package struct Parser {
    private let source: RuleSource
    private let tokens: [Token]
    private var position = 0
    private var depth = 0
    package private(set) var diagnostics: [RuleDiagnostic] = []

    /// Deeper nesting than this is reported instead of risking the stack.
    package static let maximumDepth = 200

    package init(source: RuleSource, tokens: [Token]) {
        self.source = source
        self.tokens = tokens
    }

    package struct Failure: Error {}

    package mutating func parseFile() -> RuleFile {
        var definitions: [Definition] = []
        while !atEnd {
            do {
                if accept(.segment) {
                    definitions.append(.segment(try segmentBody()))
                } else if accept(.group) {
                    definitions.append(.group(try groupBody()))
                } else {
                    throw fail(current.span, "expected 'segment' or 'group', found \(current.kind)")
                }
            } catch {
                while !atEnd, !check(.segment), !check(.group) { position += 1 }
            }
        }
        return RuleFile(definitions: definitions)
    }

    // MARK: - Definitions

    private mutating func segmentBody() throws(Failure) -> SegmentSyntax {
        let (name, span) = try stringLiteral("a segment name in double quotes")
        try expect(.equal, "'=' after the segment name")
        return SegmentSyntax(name: name, nameSpan: span, condition: try expression())
    }

    private mutating func groupBody() throws(Failure) -> GroupSyntax {
        let (name, span) = try stringLiteral("a group name in double quotes")
        try expect(.leftBrace, "'{' to open the group")
        var members: [SegmentSyntax] = []
        var otherwise: String?
        while !check(.rightBrace) {
            if accept(.segment) {
                members.append(try segmentBody())
            } else if accept(.else) {
                otherwise = try stringLiteral("a label in double quotes after 'else'").0
            } else {
                throw fail(current.span, "expected 'segment', 'else' or '}' in group \"\(name)\", found \(current.kind)")
            }
        }
        try expect(.rightBrace, "'}'")
        return GroupSyntax(name: name, nameSpan: span, members: members, otherwise: otherwise)
    }

    // MARK: - Expressions

    package mutating func expression() throws(Failure) -> Expr {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { throw fail(current.span, "expression nested too deeply") }
        var left = try andExpression()
        while accept(.or) { left = .logical(.or, left, try andExpression()) }
        return left
    }

    private mutating func andExpression() throws(Failure) -> Expr {
        var left = try notExpression()
        while accept(.and) { left = .logical(.and, left, try notExpression()) }
        return left
    }

    private mutating func notExpression() throws(Failure) -> Expr {
        let start = current.span
        if accept(.not) {
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maximumDepth else { throw fail(start, "expression nested too deeply") }
            let inner = try notExpression()
            return .not(inner, start.to(inner.span))
        }
        return try predicate()
    }

    private mutating func predicate() throws(Failure) -> Expr {
        let start = current.span
        if accept(.in) {
            try expect(.segment, "'segment' after 'in'")
            let name = try stringLiteral("a segment name in double quotes").0
            return .inSegment(name, start.to(previous.span))
        }
        let left = try additive()
        if case let .symbol(symbol) = current.kind, let op = ComparisonOperator(rawValue: symbol.rawValue) {
            position += 1
            let right = try additive()
            return .compare(op, left, right, left.span.to(right.span))
        }
        let negated = accept(.not)
        if accept(.between) {
            let low = try additive()
            try expect(.and, "'and' between the bounds of 'between'")
            let high = try additive()
            return .between(left, low, high, negated: negated, left.span.to(high.span))
        }
        if accept(.in) {
            try expect(.leftParen, "'(' to open the list after 'in'")
            var items = [try additive()]
            while accept(.comma) { items.append(try additive()) }
            try expect(.rightParen, "')' to close the list")
            return .inList(left, items, negated: negated, left.span.to(previous.span))
        }
        if negated { throw fail(previous.span, "expected 'between' or 'in' after 'not' here") }
        if accept(.contains) {
            let right = try additive()
            return .contains(left, right, left.span.to(right.span))
        }
        if accept(.is) {
            let negatedMissing = accept(.not)
            try expect(.missing, "'missing' after 'is'")
            return .isMissing(left, negated: negatedMissing, left.span.to(previous.span))
        }
        return left
    }

    private mutating func additive() throws(Failure) -> Expr {
        var left = try multiplicative()
        while true {
            if accept(.plus) { left = .arithmetic(.plus, left, try multiplicative()) }
            else if accept(.minus) { left = .arithmetic(.minus, left, try multiplicative()) }
            else { return left }
        }
    }

    private mutating func multiplicative() throws(Failure) -> Expr {
        var left = try unary()
        while true {
            if accept(.times) { left = .arithmetic(.times, left, try unary()) }
            else if accept(.divide) { left = .arithmetic(.divide, left, try unary()) }
            else { return left }
        }
    }

    private mutating func unary() throws(Failure) -> Expr {
        let start = current.span
        if accept(.minus) {
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maximumDepth else { throw fail(start, "expression nested too deeply") }
            let inner = try unary()
            return .negate(inner, start.to(inner.span))
        }
        return try primary()
    }

    private mutating func primary() throws(Failure) -> Expr {
        let token = current
        switch token.kind {
        case let .number(value):
            position += 1
            if let days = durationUnit() { return .number(value * days, token.span.to(previous.span)) }
            return .number(value, token.span)
        case let .string(text):
            position += 1
            return .string(text, token.span)
        case let .date(day):
            position += 1
            return .date(day, token.span)
        case .keyword(.true), .keyword(.false):
            position += 1
            return .boolean(token.kind == .keyword(.true), token.span)
        case .symbol(.leftParen):
            position += 1
            let inner = try expression()
            try expect(.rightParen, "')'")
            return inner
        case let .identifier(name):
            position += 1
            guard check(.leftParen) else { return .field(name, token.span) }
            position += 1
            if let function = AggregateSyntax.Function(rawValue: name.lowercased()) {
                return .aggregate(try aggregate(function, start: token.span))
            }
            guard ["hour", "weekday"].contains(name.lowercased()) else {
                throw fail(token.span, "unknown function '\(name)': expected count, sum, avg, min, max, share, days_since, hour or weekday")
            }
            let argument = try expression()
            try expect(.rightParen, "')' after the argument of \(name)")
            return .function(name.lowercased(), argument, token.span.to(previous.span))
        default:
            throw fail(token.span, "expected a value, a field or '(', found \(token.kind)")
        }
    }

    /// `count(events where … within 90 days)`, `sum(orders.amount …)`, `days_since(last order …)`.
    private mutating func aggregate(_ function: AggregateSyntax.Function, start: Span) throws(Failure) -> AggregateSyntax {
        var first = false
        if function == .daysSince {
            if accept(.first) { first = true } else { try expect(.last, "'last' or 'first' in days_since(last order …)") }
        }
        guard case let .identifier(table) = current.kind else {
            throw fail(current.span, "expected a table (orders or events), found \(current.kind)")
        }
        let tableSpan = current.span
        position += 1
        var field: String?
        var fieldSpan: Span?
        if [.sum, .avg, .min, .max].contains(function) {
            try expect(.dot, "'.' and a field: \(function.rawValue)(\(table).amount …)")
            guard case let .identifier(name) = current.kind else { throw fail(current.span, "expected a field name after '.'") }
            field = name
            fieldSpan = current.span
            position += 1
        }
        var filter: Expr?
        if accept(.where) { filter = try expression() }
        var window: AggregateSyntax.Window?
        if accept(.within) {
            window = .within(days: try windowLength())
        } else if accept(.before) {
            window = .before(days: try windowLength())
        }
        try expect(.rightParen, "')' to close \(function.rawValue)(…)")
        return AggregateSyntax(function: function, table: table, tableSpan: tableSpan, field: field, fieldSpan: fieldSpan,
                               filter: filter, window: window, first: first, span: start.to(previous.span))
    }

    private mutating func windowLength() throws(Failure) -> Double {
        guard case let .number(value) = current.kind else { throw fail(current.span, "expected a number of days, e.g. 'within 90 days'") }
        position += 1
        guard let days = durationUnit() else { throw fail(current.span, "expected 'days' or 'weeks' after the number") }
        return value * days
    }

    /// Consumes `day(s)` or `week(s)`; the length in days.
    private mutating func durationUnit() -> Double? {
        if accept(.day) || accept(.days) { return 1 }
        if accept(.week) || accept(.weeks) { return 7 }
        return nil
    }

    // MARK: - Tokens

    private var current: Token { tokens[min(position, tokens.count - 1)] }
    private var previous: Token { tokens[max(0, min(position, tokens.count) - 1)] }
    private var atEnd: Bool { current.kind == .end }

    private func check(_ keyword: Keyword) -> Bool { current.kind == .keyword(keyword) }
    private func check(_ symbol: Symbol) -> Bool { current.kind == .symbol(symbol) }

    private mutating func accept(_ keyword: Keyword) -> Bool {
        guard check(keyword) else { return false }
        position += 1
        return true
    }

    private mutating func accept(_ symbol: Symbol) -> Bool {
        guard check(symbol) else { return false }
        position += 1
        return true
    }

    private mutating func expect(_ keyword: Keyword, _ what: String) throws(Failure) {
        guard accept(keyword) else { throw fail(current.span, "expected \(what), found \(current.kind)") }
    }

    private mutating func expect(_ symbol: Symbol, _ what: String) throws(Failure) {
        guard accept(symbol) else { throw fail(current.span, "expected \(what), found \(current.kind)") }
    }

    private mutating func stringLiteral(_ what: String) throws(Failure) -> (String, Span) {
        guard case let .string(text) = current.kind else { throw fail(current.span, "expected \(what), found \(current.kind)") }
        position += 1
        return (text, previous.span)
    }

    private mutating func fail(_ span: Span, _ message: String) -> Failure {
        diagnostics.append(RuleDiagnostic(source, span, message))
        return Failure()
    }
}
