/// Why one customer is or is not in each segment: every condition of every definition with its
/// outcome and the values it compared.
public enum RuleExplainer {
    public static func explain(_ rules: CheckedRules, _ catalog: FieldCatalog, customer c: Int) -> String {
        var evaluator = RuleEvaluator.prepared(rules, catalog)
        let source = rules.source
        var out = ""
        func explainSegment(_ index: Int, indent: String) {
            let segment = rules.segments[index]
            let inside = evaluator.segmentMembers(index)[c]
            out += "\(indent)\"\(segment.name)\": \(inside ? "yes" : "no")\n"
            for leaf in leaves(segment.condition) {
                let holds = evaluator.flag(leaf, customer: c)
                var line = "\(indent)  \(holds ? "✓" : "✗") \(source.slice(leaf.span))"
                let values = operands(leaf).compactMap { operand -> String? in
                    guard let shown = evaluator.display(operand, customer: c) else { return nil }
                    if case let .field(name, _) = operand { return "\(name) = \(shown)" }
                    return operands(leaf).count == 1 ? "value \(shown)" : "\(source.slice(operand.span)) = \(shown)"
                }
                if !values.isEmpty { line += "    [" + values.joined(separator: ", ") + "]" }
                out += line + "\n"
            }
        }
        let grouped = Set(rules.groups.flatMap(\.members))
        for index in rules.topLevel where !grouped.contains(index) { explainSegment(index, indent: "") }
        for group in rules.groups {
            let winner = group.members.first { evaluator.segmentMembers($0)[c] }
            let label = winner.map { "\"\(rules.segments[$0].name)\" (first match)" } ?? group.otherwise.map { "\"\($0)\" (else)" } ?? "none"
            out += "group \"\(group.name)\": \(label)\n"
            for member in group.members { explainSegment(member, indent: "  ") }
        }
        return out
    }

    /// The conditions of an expression, outside-in: and/or/not are taken apart.
    package static func leaves(_ e: Expr) -> [Expr] {
        switch e {
        case let .logical(_, a, b): return leaves(a) + leaves(b)
        case let .not(inner, _): return leaves(inner)
        default: return [e]
        }
    }

    /// The values worth showing in a condition: its fields and aggregates, not its literals.
    package static func operands(_ e: Expr) -> [Expr] {
        func shown(_ x: Expr) -> [Expr] {
            switch x {
            case .field, .aggregate: return [x]
            case let .arithmetic(_, a, b): return [x] + shown(a) + shown(b)
            case let .negate(inner, _): return shown(inner)
            default: return []
            }
        }
        switch e {
        case let .compare(_, a, b, _): return shown(a) + shown(b)
        case let .between(v, low, high, _, _): return shown(v) + shown(low) + shown(high)
        case let .inList(v, _, _, _), let .contains(v, _, _), let .isMissing(v, _, _): return shown(v)
        default: return []
        }
    }
}

extension RuleEvaluator {
    /// An evaluator with every segment already evaluated (for references and explanations).
    package static func prepared(_ rules: CheckedRules, _ catalog: FieldCatalog) -> RuleEvaluator {
        var evaluator = RuleEvaluator(rules: rules, catalog: catalog)
        for segment in rules.segments { evaluator.appendSegment(evaluator.condition(segment.condition)) }
        return evaluator
    }

    package mutating func flag(_ e: Expr, customer c: Int) -> Bool { condition(e)[c] }

    /// A customer-level value for display; nil for a constant.
    package mutating func display(_ e: Expr, customer c: Int) -> String? {
        switch evaluate(e, .customers) {
        case let .column(column): return column.display(c)
        case .constant: return nil
        }
    }
}
