import Foundation

/// Segment membership of every customer, and each group's label per customer.
public struct SegmentEvaluation: Sendable {
    /// In file order.
    public var segmentNames: [String]
    public var members: [[Bool]]
    public var groupNames: [String]
    /// Per group, per customer: the first matching member's name, the `else` label, or nil.
    public var groupLabels: [[String?]]
    /// Per group, its possible labels in priority order (members, then the `else` label).
    public var groupLabelOrder: [[String]]

    /// The evaluation of `rules` from each segment's members and each group's label per customer,
    /// by name (segment and group names are unique).
    package init(_ rules: CheckedRules, members: (String) -> [Bool], labels: (String) -> [String?]) {
        segmentNames = rules.fileOrder.map { rules.segments[$0].name }
        self.members = segmentNames.map(members)
        groupNames = rules.groups.map(\.name)
        groupLabels = groupNames.map(labels)
        groupLabelOrder = rules.groups.map { g in g.members.map { rules.segments[$0].name } + (g.otherwise.map { [$0] } ?? []) }
    }

    public func members(of segment: String) -> [Bool]? {
        segmentNames.firstIndex(of: segment).map { members[$0] }
    }
}

/// Evaluates checked rules over the whole customer table at once: every expression node becomes
/// a column (one value per customer, or per order/event row inside an aggregate), never a walk
/// of the tree per customer.
public struct RuleEvaluator {
    package let rules: CheckedRules
    package let catalog: FieldCatalog
    private var segmentColumns: [[Bool]] = []
    private var cache: [String: RuleColumn] = [:]

    public static func evaluate(_ rules: CheckedRules, _ catalog: FieldCatalog) -> SegmentEvaluation {
        let evaluator = RuleEvaluator.prepared(rules, catalog)
        let labels = rules.groups.map { group -> [String?] in
            (0..<catalog.count).map { c in
                for m in group.members where evaluator.segmentColumns[m][c] { return rules.segments[m].name }
                return group.otherwise
            }
        }
        let segment = Dictionary(uniqueKeysWithValues: rules.segments.indices.map { (rules.segments[$0].name, $0) })
        let group = Dictionary(uniqueKeysWithValues: zip(rules.groups.map(\.name), labels))
        return SegmentEvaluation(rules, members: { evaluator.segmentColumns[segment[$0]!] }, labels: { group[$0]! })
    }

    package init(rules: CheckedRules, catalog: FieldCatalog) {
        self.rules = rules
        self.catalog = catalog
    }

    package mutating func appendSegment(_ members: [Bool]) { segmentColumns.append(members) }

    package func segmentMembers(_ index: Int) -> [Bool] { segmentColumns[index] }

    /// A segment condition as one flag per customer.
    package mutating func condition(_ e: Expr) -> [Bool] {
        flags(evaluate(e, .customers), count: catalog.count)
    }

    // MARK: - Operands

    package enum Scalar {
        case number(Double), text(String), bool(Bool), date(Double)
    }

    /// A column, or one value for every row.
    package enum Operand {
        case column(RuleColumn)
        case constant(Scalar)
    }

    package typealias Scope = RuleChecker.Scope

    package func length(_ scope: Scope) -> Int {
        switch scope {
        case .customers: return catalog.count
        case let .rows(table): return catalog.rowCustomers(table).count
        }
    }

    package func flags(_ operand: Operand, count: Int) -> [Bool] {
        switch operand {
        case let .column(.bool(values)): return values
        case let .constant(.bool(value)): return [Bool](repeating: value, count: count)
        default: return [Bool](repeating: false, count: count)
        }
    }

    package func numbers(_ operand: Operand, count: Int) -> [Double] {
        switch operand {
        case let .column(.number(v)), let .column(.date(v)): return v
        case let .constant(.number(v)), let .constant(.date(v)): return [Double](repeating: v, count: count)
        default: return [Double](repeating: .nan, count: count)
        }
    }

    package mutating func evaluate(_ e: Expr, _ scope: Scope) -> Operand {
        let n = length(scope)
        switch e {
        case let .number(v, _): return .constant(.number(v))
        case let .string(v, _): return .constant(.text(v))
        case let .date(day, _): return .constant(.date(Double(day)))
        case let .boolean(v, _): return .constant(.bool(v))
        case let .field(name, _):
            return .column(field(name, scope) ?? .number([Double](repeating: .nan, count: n)))
        case let .function(name, _, _):
            guard case let .rows(table) = scope else { return .constant(.number(.nan)) }
            let times = catalog.rowTimestamps(table)
            return .column(.number(times.map { Double(name == "hour" ? Timestamp.hour($0) : Timestamp.weekday($0)) }))
        case let .not(inner, _):
            return .column(.bool(flags(evaluate(inner, scope), count: n).map { !$0 }))
        case let .negate(inner, _):
            return .column(.number(numbers(evaluate(inner, scope), count: n).map { -$0 }))
        case let .logical(op, a, b):
            let left = flags(evaluate(a, scope), count: n), right = flags(evaluate(b, scope), count: n)
            return .column(.bool(op == .and ? zip(left, right).map { $0 && $1 } : zip(left, right).map { $0 || $1 }))
        case let .compare(op, a, b, _):
            return .column(.bool(compare(op, evaluate(a, scope), evaluate(b, scope), count: n)))
        case let .arithmetic(op, a, b):
            let left = numbers(evaluate(a, scope), count: n), right = numbers(evaluate(b, scope), count: n)
            return .column(.number(zip(left, right).map { x, y in
                switch op {
                case .plus: return x + y
                case .minus: return x - y
                case .times: return x * y
                case .divide: return y == 0 ? .nan : x / y
                }
            }))
        case let .between(value, low, high, negated, _):
            let v = evaluate(value, scope)
            let lowBound = evaluate(low, scope), highBound = evaluate(high, scope)
            let above = compare(.greaterOrEqual, v, lowBound, count: n)
            let below = compare(.lessOrEqual, v, highBound, count: n)
            guard negated else { return .column(.bool(zip(above, below).map { $0 && $1 })) }
            // Outside the bounds, and all three present.
            let gone = zip(zip(missing(v, count: n), missing(lowBound, count: n)), missing(highBound, count: n)).map { $0.0 || $0.1 || $1 }
            return .column(.bool((0..<n).map { !gone[$0] && !(above[$0] && below[$0]) }))
        case let .inList(value, items, negated, _):
            let v = evaluate(value, scope)
            var hit = [Bool](repeating: false, count: n)
            for item in items {
                let equal = compare(.equal, v, evaluate(item, scope), count: n)
                for i in 0..<n where equal[i] { hit[i] = true }
            }
            if negated {
                let present = missing(v, count: n).map { !$0 }
                return .column(.bool((0..<n).map { present[$0] && !hit[$0] }))
            }
            return .column(.bool(hit))
        case let .contains(value, part, _):
            return .column(.bool(textTest(evaluate(value, scope), evaluate(part, scope), count: n) { $0.contains($1) }))
        case let .isMissing(value, negated, _):
            let m = missing(evaluate(value, scope), count: n)
            return .column(.bool(negated ? m.map { !$0 } : m))
        case let .inSegment(name, _):
            guard let index = rules.segments.firstIndex(where: { $0.name == name }), index < segmentColumns.count else {
                return .constant(.bool(false))
            }
            return .column(.bool(segmentColumns[index]))
        case let .aggregate(a):
            return .column(.number(aggregate(a)))
        }
    }

    package mutating func field(_ name: String, _ scope: Scope) -> RuleColumn? {
        if case let .rows(table) = scope {
            if FieldCatalog.rowFields[table]?.contains(where: { $0.name == name }) == true {
                return catalog.rowColumn(table, name)
            }
            return field(name, .customers)?.gather(catalog.rowCustomers(table))
        }
        if let cached = cache[name] { return cached }
        let column = catalog.column(name)
        cache[name] = column
        return column
    }

    package func missing(_ operand: Operand, count n: Int) -> [Bool] {
        switch operand {
        case let .column(.number(v)), let .column(.date(v)): return v.map(\.isNaN)
        case let .column(.text(codes, _)): return codes.map { $0 < 0 }
        case .column(.bool): return [Bool](repeating: false, count: n)
        case let .constant(.number(v)), let .constant(.date(v)): return [Bool](repeating: v.isNaN, count: n)
        case .constant: return [Bool](repeating: false, count: n)
        }
    }

    /// Elementwise comparison; anything compared with a missing value is false.
    package func compare(_ op: ComparisonOperator, _ a: Operand, _ b: Operand, count n: Int) -> [Bool] {
        func test<T: Comparable>(_ x: T, _ y: T) -> Bool {
            switch op {
            case .equal: return x == y
            case .notEqual: return x != y
            case .less: return x < y
            case .lessOrEqual: return x <= y
            case .greater: return x > y
            case .greaterOrEqual: return x >= y
            }
        }
        switch (a, b) {
        case (.column(.text), _), (_, .column(.text)), (.constant(.text), .constant(.text)):
            return textTest(a, b, count: n) { test(ByteOrder($0), ByteOrder($1)) }
        case (.column(.bool), _), (_, .column(.bool)), (.constant(.bool), .constant(.bool)):
            let x = flags(a, count: n), y = flags(b, count: n)
            return zip(x, y).map { op == .equal ? $0 == $1 : op == .notEqual ? $0 != $1 : false }
        default:
            let x = numbers(a, count: n), y = numbers(b, count: n)
            return zip(x, y).map { $0.isNaN || $1.isNaN ? false : test($0, $1) }
        }
    }

    /// A test on two text operands; false where either is missing. A text column against a
    /// constant is tested once per distinct value.
    package func textTest(_ a: Operand, _ b: Operand, count n: Int, _ test: (String, String) -> Bool) -> [Bool] {
        switch (a, b) {
        case let (.column(.text(codes, values)), .constant(.text(constant))):
            let byCode = values.map { test($0, constant) }
            return codes.map { $0 >= 0 && byCode[Int($0)] }
        case let (.constant(.text(constant)), .column(.text(codes, values))):
            let byCode = values.map { test(constant, $0) }
            return codes.map { $0 >= 0 && byCode[Int($0)] }
        case let (.column(.text(c1, v1)), .column(.text(c2, v2))):
            return (0..<n).map { c1[$0] >= 0 && c2[$0] >= 0 && test(v1[Int(c1[$0])], v2[Int(c2[$0])]) }
        case let (.constant(.text(x)), .constant(.text(y))):
            return [Bool](repeating: test(x, y), count: n)
        default:
            return [Bool](repeating: false, count: n)
        }
    }

    /// One number per customer from their rows of a table (see docs/segments.md).
    package mutating func aggregate(_ a: AggregateSyntax) -> [Double] {
        let customers = catalog.count
        guard let table = FieldCatalog.table(a.table) else { return [Double](repeating: .nan, count: customers) }
        let owner = catalog.rowCustomers(table)
        let times = catalog.rowTimestamps(table)
        let rows = owner.count
        let asOf = catalog.asOf
        // Rows in the window: up to as-of, and within / at least N days before it.
        var inWindow = [Bool](repeating: false, count: rows)
        for r in 0..<rows {
            let t = times[r]
            guard t <= asOf else { continue }
            switch a.window {
            case nil: inWindow[r] = true
            case let .within(days)?: inWindow[r] = Double(asOf - t) < days * 86_400
            case let .before(days)?: inWindow[r] = Double(asOf - t) >= days * 86_400
            }
        }
        let passes = a.filter.map { flags(evaluate($0, .rows(table)), count: rows) } ?? [Bool](repeating: true, count: rows)
        let values = a.field.flatMap { catalog.rowColumn(table, $0) }.map { numbers(.column($0), count: rows) }
        var result = [Double](repeating: .nan, count: customers)
        switch a.function {
        case .count, .share:
            var hits = [Double](repeating: 0, count: customers)
            var total = [Double](repeating: 0, count: customers)
            for r in 0..<rows where inWindow[r] {
                total[Int(owner[r])] += 1
                if passes[r] { hits[Int(owner[r])] += 1 }
            }
            if a.function == .count { return hits }
            for c in 0..<customers where total[c] > 0 { result[c] = hits[c] / total[c] }
        case .sum, .avg:
            guard let values else { return result }
            var sum = [Double](repeating: 0, count: customers)
            var count = [Double](repeating: 0, count: customers)
            for r in 0..<rows where inWindow[r] && passes[r] && !values[r].isNaN {
                sum[Int(owner[r])] += values[r]
                count[Int(owner[r])] += 1
            }
            if a.function == .sum { return sum }
            for c in 0..<customers where count[c] > 0 { result[c] = sum[c] / count[c] }
        case .min, .max:
            guard let values else { return result }
            for r in 0..<rows where inWindow[r] && passes[r] && !values[r].isNaN {
                let c = Int(owner[r])
                if result[c].isNaN || (a.function == .min ? values[r] < result[c] : values[r] > result[c]) { result[c] = values[r] }
            }
        case .daysSince:
            var extreme = [Int64?](repeating: nil, count: customers)
            for r in 0..<rows where inWindow[r] && passes[r] {
                let c = Int(owner[r])
                if let e = extreme[c] { extreme[c] = a.first ? min(e, times[r]) : max(e, times[r]) } else { extreme[c] = times[r] }
            }
            let today = catalog.asOfDay
            for c in 0..<customers { if let e = extreme[c] { result[c] = Double(today - Timestamp.day(e)) } }
        }
        return result
    }
}

/// Strings ordered by their UTF-8 bytes (as SQL's binary collation orders them).
package struct ByteOrder: Comparable {
    package let text: String
    package init(_ text: String) { self.text = text }
    package static func < (a: ByteOrder, b: ByteOrder) -> Bool { a.text.utf8.lexicographicallyPrecedes(b.text.utf8) }
    package static func == (a: ByteOrder, b: ByteOrder) -> Bool { a.text.utf8.elementsEqual(b.text.utf8) }
}
