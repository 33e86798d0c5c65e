import Foundation
import Testing
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline
@testable import StrataStore

/// Random token streams and random mutations of valid files never crash the checker, and every
/// rejection carries at least one diagnostic located inside the file.
@Suite struct RuleFuzzTests {
    static let vocabulary = [
        "segment", "group", "\"a\"", "\"b\"", "\"Lapsed\"", "=", "!=", "<", "<=", ">", ">=", "and", "or", "not", "in",
        "between", "contains", "is", "missing", "where", "within", "before", "days", "weeks", "last", "first", "else",
        "(", ")", "{", "}", ",", ".", "+", "-", "*", "/", "0", "1.5", "90", "2024-01-01", "2024-13-01", "\"RU\"",
        "orders", "events", "ts", "amount", "type", "country", "recency_days", "m_score", "at_risk", "count", "sum",
        "avg", "share", "days_since", "hour", "weekday", "true", "false", "#", "\n", "\"", "é", "@", "segment \"x\" =",
    ]

    static let valid = RuleEvaluationTests.catalog

    /// Cases per test: 3,000 in the normal suite; `STRATA_FUZZ_CASES` raises it (scripts/fuzz-rules.sh).
    static let cases = ProcessInfo.processInfo.environment["STRATA_FUZZ_CASES"].flatMap(Int.init) ?? 3_000

    /// Checks a text; returns false when something is wrong with the outcome itself.
    func checkOutcome(_ text: String, schema: RuleSchema) -> Bool {
        let source = RuleSource(file: "f.strata", text: text)
        switch RuleChecker.check(source, schema: schema) {
        case let .success(rules):
            _ = RuleEvaluator.evaluate(rules, Self.valid)
            _ = SQLCompiler(rules, dialect: .postgres, asOf: 0, schema: schema).query()
            return true
        case let .failure(errors):
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
            return !errors.diagnostics.isEmpty && errors.diagnostics.allSatisfy { $0.line >= 1 && $0.line <= lines && $0.column >= 1 }
        }
    }

    @Test func randomTokenStreams() {
        var random = SeededRandom(seed: 42)
        let schema = RuleSchema(Self.valid)
        for _ in 0..<Self.cases {
            let length = Int(random.uniform(1, 40))
            let text = (0..<length).map { _ in Self.vocabulary[Int(random.uniform(0, Double(Self.vocabulary.count)))] }
                .joined(separator: random.chance(0.8) ? " " : "")
            #expect(checkOutcome(text, schema: schema), "\(text)")
        }
    }

    @Test func mutationsOfValidFiles() {
        var random = SeededRandom(seed: 7)
        let base = Array(SQLAgreementTests.rules.utf8)
        let schemas = [RuleSchema(Self.valid), RuleSchema.standard]
        for i in 0..<Self.cases {
            var bytes = base
            for _ in 0..<Int(random.uniform(1, 6)) {
                let at = Int(random.uniform(0, Double(bytes.count)))
                switch Int(random.uniform(0, 4)) {
                case 0: bytes.remove(at: at)
                case 1: bytes.insert(UInt8(random.uniform(32, 127)), at: at)
                case 2: bytes[at] = UInt8(random.uniform(32, 127))
                default:
                    let end = min(bytes.count, at + Int(random.uniform(1, 30)))
                    let piece = Array(bytes[at..<end])
                    bytes.insert(contentsOf: piece, at: Int(random.uniform(0, Double(bytes.count))))
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(checkOutcome(text, schema: schemas[i % 2]), "\(text)")
        }
    }
}
