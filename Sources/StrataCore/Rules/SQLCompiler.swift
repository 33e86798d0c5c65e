/// Compiles checked rules to one SQL query over the documented tables (docs/segments.md):
/// `customers` (the columns of customers.csv; dates as YYYY-MM-DD text, at_risk as 0/1),
/// `orders(customer_id, ts, amount, discount, category)` and
/// `events(customer_id, ts, type, channel, value)` with ts in epoch seconds (UTC).
/// It returns `customer_id`, one 0/1 column per segment and one label column per group, and
/// follows the in-memory semantics: a comparison with a missing value is false.
public struct SQLCompiler {
    package let rules: CheckedRules
    package let dialect: SQLDialect
    package let asOf: Int64
    package let schema: RuleSchema

    public init(_ rules: CheckedRules, dialect: SQLDialect, asOf: Int64, schema: RuleSchema) {
        self.rules = rules
        self.dialect = dialect
        self.asOf = asOf
        self.schema = schema
    }

    public func query() -> String {
        var columns = ["c.customer_id"]
        for index in rules.topLevel + rules.groups.flatMap(\.members) {
            let segment = rules.segments[index]
            columns.append("CASE WHEN \(condition(segment.condition)) THEN 1 ELSE 0 END AS \(dialect.quote(identifier: segment.name))")
        }
        for group in rules.groups {
            let branches = group.members.map { m in
                "WHEN \(condition(rules.segments[m].condition)) THEN \(literal(rules.segments[m].name))"
            }
            let otherwise = group.otherwise.map(literal) ?? "NULL"
            columns.append("CASE \(branches.joined(separator: " ")) ELSE \(otherwise) END AS \(dialect.quote(identifier: group.name))")
        }
        return """
            -- Strata segments as of \(Timestamp.isoDateTime(asOf)) (epoch \(asOf)), \(dialect.rawValue) dialect.
            SELECT
              \(columns.joined(separator: ",\n  "))
            FROM customers c;

            """
    }

    /// A condition: two-valued, never NULL.
    package func condition(_ e: Expr) -> String { boolean(e, .customers) }

    package typealias Scope = RuleChecker.Scope

    package func literal(_ text: String) -> String { dialect.literal(text) }

    package func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
    }

    /// A true/false SQL expression without NULLs.
    package func boolean(_ e: Expr, _ scope: Scope) -> String {
        switch e {
        case let .not(inner, _): return "(NOT \(boolean(inner, scope)))"
        case let .logical(op, a, b): return "(\(boolean(a, scope)) \(op.rawValue.uppercased()) \(boolean(b, scope)))"
        case let .boolean(v, _): return v ? "(1 = 1)" : "(1 = 0)"
        case let .inSegment(name, _):
            guard let s = rules.segments.first(where: { $0.name == name }) else { return "(1 = 0)" }
            return condition(s.condition)
        case let .compare(op, a, b, _):
            if type(a, scope) == .bool || type(b, scope) == .bool {
                let (x, y) = (boolean(a, scope), boolean(b, scope))
                return op == .equal ? "(\(x) = \(y))" : "(\(x) <> \(y))"
            }
            return "COALESCE(\(value(a, scope)) \(op == .notEqual ? "<>" : op.rawValue) \(value(b, scope)), FALSE)"
        case let .between(v, low, high, negated, _):
            return "COALESCE(\(value(v, scope)) \(negated ? "NOT " : "")BETWEEN \(value(low, scope)) AND \(value(high, scope)), FALSE)"
        case let .inList(v, items, negated, _):
            return "COALESCE(\(value(v, scope)) \(negated ? "NOT " : "")IN (\(items.map { value($0, scope) }.joined(separator: ", "))), FALSE)"
        case let .contains(v, part, _):
            return "COALESCE(\(dialect.contains(value(v, scope), value(part, scope))), FALSE)"
        case let .isMissing(v, negated, _):
            return "(\(value(v, scope)) IS \(negated ? "NOT " : "")NULL)"
        case let .field(name, _):
            // A true/false customer field (at_risk), stored as 0/1.
            return "COALESCE(\(fieldReference(name, scope)) = 1, FALSE)"
        default:
            return "(1 = 0)"
        }
    }

    /// A number, text or day-number SQL expression (NULL when missing).
    package func value(_ e: Expr, _ scope: Scope) -> String {
        switch e {
        case let .number(v, _): return number(v)
        case let .string(v, _): return literal(v)
        case let .date(day, _): return String(day)
        case let .boolean(v, _): return v ? "1" : "0"
        case let .field(name, _):
            if name == "age", schema.type(of: "birth_year") == .number, fieldReference(name, scope).hasPrefix("c.") {
                // Derived from birth_year (not a column of customers.csv).
                return "(\(Timestamp.civil(fromDays: Timestamp.day(asOf)).year) - c.\(dialect.quote(identifier: "birth_year")))"
            }
            let reference = fieldReference(name, scope)
            return type(e, scope) == .date ? dateDay(name, reference, scope) : reference
        case let .function(name, _, _):
            return name == "hour" ? dialect.hour(ofEpoch: "r.ts") : dialect.weekday(ofEpoch: "r.ts")
        case let .negate(inner, _): return "(-\(value(inner, scope)))"
        case let .arithmetic(op, a, b):
            let (x, y) = (value(a, scope), value(b, scope))
            switch op {
            case .divide: return "(CAST(\(x) AS \(dialect.real)) / NULLIF(\(y), 0))"
            default: return "(\(x) \(op.rawValue) \(y))"
            }
        case let .aggregate(a): return aggregate(a)
        default:
            // A condition used as a value (e.g. compared with true): 1 or 0.
            return "(CASE WHEN \(boolean(e, scope)) THEN 1 ELSE 0 END)"
        }
    }

    package func dateDay(_ name: String, _ reference: String, _ scope: Scope) -> String {
        if case .rows = scope, name == "ts" { return dialect.day(ofEpoch: reference) }
        return dialect.day(ofDateText: reference)
    }

    package func fieldReference(_ name: String, _ scope: Scope) -> String {
        if case let .rows(table) = scope, FieldCatalog.rowFields[table]?.contains(where: { $0.name == name }) == true {
            return "r.\(dialect.quote(identifier: name))"
        }
        return "c.\(dialect.quote(identifier: name))"
    }

    package func type(_ e: Expr, _ scope: Scope) -> FieldType? {
        switch e {
        case .number, .negate, .arithmetic, .aggregate, .function: return .number
        case .string: return .text
        case .date: return .date
        case let .field(name, _):
            if case let .rows(table) = scope, let row = FieldCatalog.rowFields[table]?.first(where: { $0.name == name }) { return row.type }
            return schema.type(of: name)
        default: return .bool
        }
    }

    package func aggregate(_ a: AggregateSyntax) -> String {
        guard let table = FieldCatalog.table(a.table) else { return "NULL" }
        var window = ["r.customer_id = c.customer_id", "r.ts <= \(asOf)"]
        switch a.window {
        case let .within(days)?: window.append("r.ts > \(asOf) - \(number(days * 86_400))")
        case let .before(days)?: window.append("r.ts <= \(asOf) - \(number(days * 86_400))")
        case nil: break
        }
        let filter = a.filter.map { boolean($0, .rows(table)) }
        let passing = (window + (filter.map { [$0] } ?? [])).joined(separator: " AND ")
        let from = "FROM \(table) r WHERE"
        let field = a.field.map { "r.\(dialect.quote(identifier: $0))" } ?? ""
        switch a.function {
        case .count: return "(SELECT COUNT(*) \(from) \(passing))"
        case .share:
            let hit = filter.map { "CASE WHEN \($0) THEN 1.0 ELSE 0.0 END" } ?? "1.0"
            return "(SELECT SUM(\(hit)) / NULLIF(COUNT(*), 0) \(from) \(window.joined(separator: " AND ")))"
        case .sum: return "(SELECT COALESCE(SUM(\(field)), 0) \(from) \(passing))"
        case .avg: return "(SELECT AVG(\(field)) \(from) \(passing))"
        case .min: return "(SELECT MIN(\(field)) \(from) \(passing))"
        case .max: return "(SELECT MAX(\(field)) \(from) \(passing))"
        case .daysSince:
            let day = dialect.day(ofEpoch: a.first ? "MIN(r.ts)" : "MAX(r.ts)")
            return "(\(Timestamp.day(asOf)) - (SELECT \(day) \(from) \(passing)))"
        }
    }
}
