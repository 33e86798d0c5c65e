import Foundation
import Testing
@testable import StrataCore

/// What the commands print by default fits a 100-column terminal on the demo data; `--wide`
/// gives the full tables.
@Suite struct TerminalWidthTests {
    func run(_ arguments: [String]) -> (status: Int32, stdout: String, stderr: String) { StrataCommand.run(arguments) }

    /// The lines of `text` wider than the terminal.
    func wide(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { $0.count > TextWrap.width }
    }

    @Test func everyDefaultOutputFitsOneHundredColumns() throws {
        let dir = TempDir()
        let demo = "\(dir.path)/demo"
        let rules = "\(dir.path)/rules.strata"
        try "segment \"Big spenders\" = revenue > 500\ngroup \"Tier\" { segment \"Top\" = m_score = 5\n else \"Other\" }\n"
            .write(toFile: rules, atomically: true, encoding: .utf8)
        let db = "\(dir.path)/strata.db"
        var outputs: [(command: String, result: (status: Int32, stdout: String, stderr: String))] = []
        func record(_ arguments: [String]) {
            outputs.append((arguments.prefix(2).joined(separator: " "), run(arguments)))
        }
        record(["demo", "--dir", demo])
        let data = "\(demo)/data"
        record(["analyze", data, "--out", "\(dir.path)/out", "--segments", rules])
        record(["cluster", data, "--out", "\(dir.path)/clusters", "--k", "4", "--model", "none"])
        record(["validate", "--orders", "\(data)/orders.csv", "--holdout-from", "2024-01-01", "--unit", "weeks"])
        record(["fit", "\(fixtures)/cdnow/cdnow_customers_summary.csv", "--model", "pareto-nbd"])
        record(["explain", data, "--segments", rules, "--customer", "C1", "--model", "none"])
        record(["check", rules])
        record(["init", "\(data)/orders.csv", "--out", "\(dir.path)/strata.yaml"])
        record(["import", data, "--db", db])
        record(["backfill", "--db", db, "--from", "2024-01-31", "--to", "2024-06-30", "--every", "1 month", "--model", "none"])
        record(["movement", "--db", db, "--from", "2024-05-31", "--to", "2024-06-30"])
        record(["movement", "--db", db, "--from", "2024-05-31", "--to", "2024-06-30", "--scheme", "activity"])
        record(["trends", "--db", db])
        for (command, result) in outputs {
            #expect(result.status == 0, "\(command): \(result.stderr)")
            #expect(wide(result.stdout).isEmpty, "\(command): \(wide(result.stdout))")
        }
        // --wide gives the whole tables back.
        #expect(!wide(run(["movement", "--db", db, "--from", "2024-05-31", "--to", "2024-06-30", "--wide"]).stdout).isEmpty)
        #expect(run(["trends", "--db", db, "--wide"]).stdout.contains("2024-01-31"))
    }

    @Test func wrappingKeepsEveryWordAndIndentsContinuations() {
        let line = "    - " + Array(repeating: "word", count: 40).joined(separator: " ")
        let wrapped = TextWrap.wrap(line, width: 30)
        #expect(wrapped.split(separator: "\n").allSatisfy { $0.count <= 30 })
        #expect(wrapped.split(separator: "\n").dropFirst().allSatisfy { $0.hasPrefix("      word") })
        #expect(wrapped.split(whereSeparator: { $0 == " " || $0 == "\n" }).filter { $0 == "word" }.count == 40)
        let long = String(repeating: "x", count: 50)
        #expect(TextWrap.wrap("a \(long) b", width: 30) == "a\n    \(long)\n    b")
    }
}
