/// A rule file that parsed and type-checked: segments in an order where every referenced
/// segment comes before its users, and groups as lists of their member segments.
public struct CheckedRules: Sendable {
    public struct Segment: Sendable {
        public var name: String
        package let condition: Expr
        /// Indexes of the segments it refers to.
        package var references: [Int]
    }

    public struct Group: Sendable {
        public var name: String
        /// Member segments (indexes into ``segments``) in priority order.
        public var members: [Int]
        public var otherwise: String?
    }

    /// Every segment, group members included, in evaluation order.
    public var segments: [Segment]
    /// Indexes into ``segments`` in the order the file defines them.
    public var fileOrder: [Int]
    public var groups: [Group]
    /// Segments defined at the top level (not as group members), in file order.
    public var topLevel: [Int]
    /// Names taken for customer attributes when checked without data.
    public var assumedAttributes: [String]
    package let source: RuleSource
}

/// Parses and type-checks segment definitions against a schema, reporting every problem found
/// as `file:line:col: message` with the source line and a caret.
public enum RuleChecker {
    public static func check(_ source: RuleSource, schema: RuleSchema) -> Result<CheckedRules, RuleErrors> {
        let tokens: [Token]
        switch Lexer(source: source).tokens() {
        case let .success(t): tokens = t
        case let .failure(d): return .failure(RuleErrors(diagnostics: [d]))
        }
        var parser = Parser(source: source, tokens: tokens)
        let file = parser.parseFile()
        var context = Context(source: source, schema: schema)
        context.diagnostics = parser.diagnostics
        let rules = context.check(file)
        let diagnostics = context.diagnostics.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
        guard diagnostics.isEmpty, let rules else { return .failure(RuleErrors(diagnostics: diagnostics)) }
        return .success(rules)
    }

    /// A type, or "any" for an attribute assumed without data.
    package enum Checked: Equatable {
        case known(FieldType)
        case any

        package func fits(_ other: Checked) -> Bool {
            switch (self, other) {
            case (.any, _), (_, .any): return true
            case let (.known(a), .known(b)): return a == b
            }
        }

        package var description: String {
            switch self {
            case let .known(type): return type.article
            case .any: return "an attribute"
            }
        }
    }

    package enum Scope: Equatable {
        case customers
        case rows(String)
    }

    package struct Context {
        package let source: RuleSource
        package let schema: RuleSchema
        package var diagnostics: [RuleDiagnostic] = []
        package var assumed: [String] = []
        package var segmentIndex: [String: Int] = [:]
        package var currentReferences: [Int] = []

        package mutating func error(_ span: Span, _ message: String) {
            diagnostics.append(RuleDiagnostic(source, span, message))
        }

        package mutating func check(_ file: RuleFile) -> CheckedRules? {
            // Names first, so references may point forward.
            var flat: [(SegmentSyntax, group: Int?)] = []
            var groups: [CheckedRules.Group] = []
            var topLevel: [Int] = []
            var names: Set<String> = []
            func claim(_ name: String, _ span: Span, _ what: String) -> Bool {
                guard !name.isEmpty else { error(span, "\(what) name is empty"); return false }
                guard names.insert(name).inserted else { error(span, "\"\(name)\" is defined twice: segment and group names must be unique"); return false }
                if schema.type(of: name) != nil { error(span, "\"\(name)\" is also a customer field; choose another \(what) name"); return false }
                return true
            }
            for definition in file.definitions {
                switch definition {
                case let .segment(segment):
                    if claim(segment.name, segment.nameSpan, "segment") {
                        topLevel.append(flat.count)
                        segmentIndex[segment.name] = flat.count
                        flat.append((segment, nil))
                    }
                case let .group(group):
                    guard claim(group.name, group.nameSpan, "group") else { continue }
                    var members: [Int] = []
                    for member in group.members where claim(member.name, member.nameSpan, "segment") {
                        segmentIndex[member.name] = flat.count
                        members.append(flat.count)
                        flat.append((member, groups.count))
                    }
                    if members.isEmpty { error(group.nameSpan, "group \"\(group.name)\" has no segments") }
                    groups.append(CheckedRules.Group(name: group.name, members: members, otherwise: group.otherwise))
                }
            }
            var segments: [CheckedRules.Segment] = []
            let fileSegments = Set(segmentIndex.keys)
            for (segment, _) in flat {
                currentReferences = []
                let condition = BuiltInSegmentReference.rewrite(segment.condition, fileSegments: fileSegments)
                if let type = check(condition, .customers), !type.fits(.known(.bool)) {
                    error(condition.span, "the condition of \"\(segment.name)\" is \(type.description), not true/false: compare it, e.g. recency_days > 90")
                }
                segments.append(CheckedRules.Segment(name: segment.name, condition: condition, references: currentReferences))
            }
            guard let order = evaluationOrder(segments, flat.map(\.0)) else { return nil }
            // Renumber into evaluation order.
            var position = [Int](repeating: 0, count: segments.count)
            for (i, s) in order.enumerated() { position[s] = i }
            let ordered = order.map { i -> CheckedRules.Segment in
                var s = segments[i]
                s.references = s.references.map { position[$0] }
                return s
            }
            for g in groups.indices { groups[g].members = groups[g].members.map { position[$0] } }
            return CheckedRules(segments: ordered, fileOrder: position, groups: groups, topLevel: topLevel.map { position[$0] },
                                assumedAttributes: assumed, source: source)
        }

        /// A topological order of the segments; reports each cycle at a reference in it.
        package mutating func evaluationOrder(_ segments: [CheckedRules.Segment], _ syntax: [SegmentSyntax]) -> [Int]? {
            var state = [Int](repeating: 0, count: segments.count) // 0 new, 1 on path, 2 done
            var order: [Int] = []
            var path: [Int] = []
            var failed = false
            // Depth-first, with an explicit stack: a chain of references as long as the file is
            // never deep recursion.
            for root in segments.indices where state[root] == 0 {
                var stack: [(segment: Int, next: Int)] = [(root, 0)]
                state[root] = 1
                path.append(root)
                while let top = stack.last {
                    let references = segments[top.segment].references
                    guard top.next < references.count else {
                        stack.removeLast()
                        path.removeLast()
                        state[top.segment] = 2
                        order.append(top.segment)
                        continue
                    }
                    stack[stack.count - 1].next += 1
                    let r = references[top.next]
                    if state[r] == 2 { continue }
                    if state[r] == 1 {
                        let cycle = path[(path.lastIndex(of: r) ?? 0)...] + [r]
                        error(syntax[top.segment].nameSpan,
                              "segments refer to each other in a cycle: " + cycle.map { "\"\(segments[$0].name)\"" }.joined(separator: " → "))
                        failed = true
                        continue
                    }
                    state[r] = 1
                    path.append(r)
                    stack.append((r, 0))
                }
            }
            return failed ? nil : order
        }

        /// The type of an expression, or nil after reporting an error in it.
        package mutating func check(_ e: Expr, _ scope: Scope) -> Checked? {
            switch e {
            case .number: return .known(.number)
            case .string: return .known(.text)
            case .date: return .known(.date)
            case .boolean: return .known(.bool)
            case let .field(name, span):
                return field(name, span, scope)
            case let .function(name, argument, span):
                guard case let .rows(table) = scope else {
                    error(span, "\(name)() applies to an order or event time inside an aggregate, e.g. share(orders where \(name)(ts) >= 22)")
                    return nil
                }
                guard case let .field(arg, _) = argument, arg == "ts" else {
                    error(argument.span, "\(name)() takes the row time ts of \(table), e.g. \(name)(ts)")
                    return nil
                }
                return .known(.number)
            case let .not(inner, _):
                return expect(inner, .bool, scope, "'not' applies to true/false")
            case let .negate(inner, _):
                return expect(inner, .number, scope, "'-' applies to numbers")
            case let .logical(op, a, b):
                let left = expect(a, .bool, scope, "'\(op.rawValue)' joins true/false conditions")
                let right = expect(b, .bool, scope, "'\(op.rawValue)' joins true/false conditions")
                return left != nil && right != nil ? .known(.bool) : nil
            case let .compare(op, a, b, span):
                guard let left = check(a, scope), let right = check(b, scope) else { return nil }
                guard left.fits(right) else {
                    error(span, "cannot compare \(source.slice(a.span)) (\(left.description)) with \(source.slice(b.span)) (\(right.description))")
                    return nil
                }
                if left == .known(.bool) || right == .known(.bool), op != .equal, op != .notEqual {
                    error(span, "true/false values can only be compared with = or !=")
                    return nil
                }
                return .known(.bool)
            case let .arithmetic(op, a, b):
                let left = expect(a, .number, scope, "'\(op.rawValue)' applies to numbers")
                let right = expect(b, .number, scope, "'\(op.rawValue)' applies to numbers")
                return left != nil && right != nil ? .known(.number) : nil
            case let .between(value, low, high, _, span):
                guard let v = check(value, scope), let l = check(low, scope), let h = check(high, scope) else { return nil }
                guard v.fits(l), v.fits(h), l.fits(h) else {
                    error(span, "'between' needs a value and bounds of one type: \(v.description), \(l.description) and \(h.description) given")
                    return nil
                }
                if v == .known(.bool) { error(span, "'between' does not apply to true/false"); return nil }
                return .known(.bool)
            case let .inList(value, items, _, _):
                guard let v = check(value, scope) else { return nil }
                var ok = true
                for item in items {
                    guard let t = check(item, scope) else { ok = false; continue }
                    if !t.fits(v) {
                        error(item.span, "the list holds \(t.description) but \(source.slice(value.span)) is \(v.description)")
                        ok = false
                    }
                }
                return ok ? .known(.bool) : nil
            case let .contains(value, part, _):
                let a = expect(value, .text, scope, "'contains' applies to text")
                let b = expect(part, .text, scope, "'contains' looks for text")
                return a != nil && b != nil ? .known(.bool) : nil
            case let .isMissing(value, _, _):
                return check(value, scope) == nil ? nil : .known(.bool)
            case let .inSegment(name, span):
                guard scope == .customers else {
                    error(span, "'in segment' applies to customers, not inside an aggregate's filter")
                    return nil
                }
                guard let index = segmentIndex[name] else {
                    if case let .failure(ambiguity)? = BuiltInSegmentReference.resolve(name) {
                        error(span, ambiguity.message)
                        return nil
                    }
                    let hint = suggestion(for: name, among: Array(segmentIndex.keys)).map { " (did you mean \"\($0)\"?)" } ?? ""
                    error(span, "unknown segment \"\(name)\"\(hint)")
                    return nil
                }
                currentReferences.append(index)
                return .known(.bool)
            case let .aggregate(a):
                return aggregate(a, scope)
            }
        }

        package mutating func expect(_ e: Expr, _ type: FieldType, _ scope: Scope, _ rule: String) -> Checked? {
            guard let t = check(e, scope) else { return nil }
            guard t.fits(.known(type)) else {
                error(e.span, "\(rule); \(source.slice(e.span)) is \(t.description)")
                return nil
            }
            return .known(type)
        }

        package mutating func field(_ name: String, _ span: Span, _ scope: Scope) -> Checked? {
            if case let .rows(table) = scope, let row = FieldCatalog.rowFields[table]?.first(where: { $0.name == name }) {
                return .known(row.type)
            }
            if let type = schema.type(of: name) { return .known(type) }
            var candidates = schema.fields.map(\.name)
            if case let .rows(table) = scope { candidates += FieldCatalog.rowFields[table]?.map(\.name) ?? [] }
            let hint = suggestion(for: name, among: candidates)
            if schema.openAttributes, hint == nil, CustomerFeature.renameNote(name) == nil {
                if !assumed.contains(name) { assumed.append(name) }
                return .any
            }
            var message = "unknown field '\(name)'"
            if let note = CustomerFeature.renameNote(name) { message += ": \(note)" }
            else if let hint { message += " (did you mean '\(hint)'?)" }
            if case let .rows(table) = scope, hint == nil {
                message += "; \(table) rows have " + (FieldCatalog.rowFields[table]?.map(\.name).joined(separator: ", ") ?? "")
            }
            error(span, message)
            return nil
        }

        package mutating func aggregate(_ a: AggregateSyntax, _ scope: Scope) -> Checked? {
            guard scope == .customers else {
                error(a.span, "aggregates cannot be nested inside another aggregate's filter")
                return nil
            }
            guard let table = FieldCatalog.table(a.table) else {
                error(a.tableSpan, "unknown table '\(a.table)': expected orders or events")
                return nil
            }
            var ok = true
            if let field = a.field, let span = a.fieldSpan {
                guard let row = FieldCatalog.rowFields[table]?.first(where: { $0.name == field }) else {
                    let names = FieldCatalog.rowFields[table]?.map(\.name) ?? []
                    let hint = suggestion(for: field, among: names).map { " (did you mean '\($0)'?)" } ?? ""
                    error(span, "\(table) have no field '\(field)'\(hint); fields: \(names.joined(separator: ", "))")
                    return nil
                }
                if row.type != .number {
                    error(span, "\(a.function.rawValue)() needs a number field; \(table).\(field) is \(row.type.article)")
                    ok = false
                }
            }
            if let filter = a.filter, let t = check(filter, .rows(table)), !t.fits(.known(.bool)) {
                error(filter.span, "the 'where' filter must be true/false; \(source.slice(filter.span)) is \(t.description)")
                ok = false
            }
            return ok ? .known(.number) : nil
        }
    }
}
