/// Named custom segments kept one by one (the live service's `PUT /v1/segments/{name}`), as one
/// rules file in their order: `segment "name" =` on a line, then the expression's lines. Checking
/// the file checks every definition together (an `in segment` reference must name one defined
/// before it); a diagnostic is traced back to its definition and to its line within it.
public struct SegmentDefinitions: Sendable {
    public struct Definition: Sendable, Hashable {
        public var name: String
        public var expression: String

        public init(name: String, expression: String) {
            self.name = name
            self.expression = expression
        }
    }

    /// A diagnostic of one definition: its line and column within the expression as sent.
    public struct Problem: Sendable, Hashable, Codable {
        public var segment: String
        public var line: Int
        public var column: Int
        public var message: String
    }

    public var definitions: [Definition]

    public init(_ definitions: [Definition]) {
        self.definitions = definitions
    }

    /// Why a name cannot be a segment's: nil when it can.
    public static func nameProblem(_ name: String) -> String? {
        if name.isEmpty || name.count > 200 { return "a segment name has 1 to 200 characters" }
        if name.contains("\"") || name.contains(where: \.isNewline) { return "a segment name has no double quote and no line break" }
        return nil
    }

    /// The rules file, named `file`.
    public func source(file: String = "segments") -> RuleSource {
        RuleSource(file: file, text: definitions.map { "segment \"\($0.name)\" =\n\($0.expression)\n" }.joined(separator: "\n"))
    }

    /// Every problem of definitions the rule language refused, each in its definition.
    public struct Refusal: Error, Sendable {
        public var problems: [Problem]
    }

    /// The definitions checked together against `schema`.
    public func check(schema: RuleSchema) throws(Refusal) -> CheckedRules {
        switch RuleChecker.check(source(), schema: schema) {
        case let .success(rules): return rules
        case let .failure(errors): throw Refusal(problems: errors.diagnostics.map(problem))
        }
    }

    /// Where a diagnostic of the whole file falls: the definition, and the line within its
    /// expression (line 0 is the `segment "name" =` line the file adds).
    func problem(_ diagnostic: RuleDiagnostic) -> Problem {
        var start = 1
        for definition in definitions {
            let lines = 2 + definition.expression.split(separator: "\n", omittingEmptySubsequences: false).count
            if diagnostic.line < start + lines {
                return Problem(segment: definition.name, line: diagnostic.line - start, column: diagnostic.column, message: diagnostic.message)
            }
            start += lines
        }
        return Problem(segment: definitions.last?.name ?? "", line: diagnostic.line - start, column: diagnostic.column, message: diagnostic.message)
    }
}
