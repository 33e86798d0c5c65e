import Foundation
import Testing
@testable import StrataCore

/// A header that cannot be read one way only, or a config that names what is not there, stops
/// the run with both places named, rather than reading the wrong field or none.
@Suite struct HeaderTests {
    @Test func aNameTwiceInTheHeaderIsAnError() throws {
        let dir = TempDir()
        dir.write("orders.csv", "customer_id,ts,amount,Amount\na,2024-01-01,5,6\n")
        let error = #expect(throws: IngestError.self) { try load(InputPaths(directory: dir.path)) }
        #expect(error == .duplicateColumn(file: "\(dir.path)/orders.csv", name: "Amount", positions: [3, 4]))
        #expect(error?.description.contains("the header names 'Amount' twice (fields 3 and 4)") == true)
    }

    @Test func aConfigNamingAMissingColumnIsAnError() throws {
        let dir = TempDir()
        dir.write("orders.csv", "customer_id,ts,amount\na,2024-01-01,5\n")
        let config = try InputConfig.parse("orders: {columns: {order_id: txn}}", file: "c.yaml")
        let error = #expect(throws: IngestError.self) { try load(InputPaths(directory: dir.path), config: config) }
        #expect(error?.description.contains("the config maps order_id to 'txn', which is not a column of this file") == true)
    }
}

extension HeaderTests {
    /// YAML nested 10,000 deep (flow or block) is refused with its line, before the parser recurses.
    @Test func deeplyNestedYAMLIsRefused() throws {
        let flow = "orders: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let block = "orders:\n" + (1...10_000).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n")
        for text in [flow, block] {
            #expect {
                _ = try InputConfig.parse(text, file: "deep.yaml")
            } throws: { error in
                "\(error)".contains("levels deep; a config nests at most 64")
            }
            #expect(throws: PlaybookError.self) { _ = try Playbook(yaml: text, file: "deep.yaml") }
        }
        // Real configs and the built-in playbook are far from the limit.
        #expect(NestingGuard.firstTooDeep(Playbook.defaultYAML) == nil)
        // Brackets in comments do not nest; a `#` inside a word is not a comment.
        let commented = (1...100).map { "# note [\($0)\nk\($0): a#[b]" }.joined(separator: "\n")
        #expect(NestingGuard.firstTooDeep(commented) == nil)
        #expect(NestingGuard.firstTooDeep("k: a#" + String(repeating: "[", count: 70)) != nil)
    }
}

extension HeaderTests {
    /// Absurd currency rates are refused in the config; a conversion too large is a rejected row.
    @Test func currencyRatesAndConvertedAmountsStayInRange() throws {
        #expect(throws: IngestError.self) { _ = try InputConfig.parse("currency: {base: USD, rates: {EUR: .inf}}", file: "c") }
        #expect(throws: IngestError.self) { _ = try InputConfig.parse("currency: {base: USD, rates: {EUR: 1e300}}", file: "c") }
        let dir = TempDir()
        dir.write("orders.csv", "customer_id,ts,amount,currency\na,2024-01-01,999999999999.99,VND\na,2024-01-02,10,USD\n")
        let config = try InputConfig.parse("currency: {base: USD, rates: {VND: 1000000}}", file: "c")
        let data = try load(InputPaths(directory: dir.path), config: config)
        #expect(data.orders.amountCents == [1_000] && data.report.files[0].rejectedByReason == ["invalid_number": 1])
        #expect(data.report.files[0].balances)
        let issue = try #require(data.report.issues.first)
        #expect(issue.location.field == "amount" && issue.location.fieldNumber == 3, "the rejection names the amount field")
        #expect {
            _ = try load(InputPaths(directory: dir.path), config: config, strict: true)
        } throws: { error in
            "\(error)".contains(":2:") && "\(error)".contains("once converted")
        }
    }
}

extension HeaderTests {
    /// Absurd dates are rejected with their rows and never move the analysis date.
    @Test func implausibleDatesAreRejected() throws {
        let dir = TempDir()
        dir.write("orders.csv", """
            customer_id,ts,amount
            a,2024-01-01,10
            a,99999999999999999,10
            a,1709208000000,10
            b,9999-12-31,10
            b,1960-05-01,10
            b,2024-02-01,10

            """)
        let data = try load(InputPaths(directory: dir.path))
        #expect(data.report.files[0].rejectedByReason == ["invalid_date": 4] && data.report.files[0].balances)
        #expect(data.latestTimestamp == seconds("2024-02-01T00:00:00Z"))
        #expect(data.report.issues.allSatisfy { $0.expected.contains("date_format: epoch_ms") })
    }

    /// A 5,000-column export (wide attribute dumps exist) reads every row, and `init` reads it too.
    @Test func aWideExportHasNoColumnCap() throws {
        let dir = TempDir()
        let extra = (0..<4_997).map { "attribute_\($0)" }.joined(separator: ",")
        var text = "customer_id,ts,amount," + extra + "\n"
        let filler = Array(repeating: "x", count: 4_997).joined(separator: ",")
        for i in 0..<20 { text += "c\(i % 4),2024-01-0\(1 + i % 9),1.50,\(filler)\n" }
        let file = dir.write("orders.csv", text)
        let data = try load(InputPaths(directory: dir.path))
        #expect(data.report.files[0].rowsRead == 20 && data.report.files[0].kept == 20)
        let result = StrataCommand.run(["init", file, "--out", "\(dir.path)/strata.yaml"])
        #expect(result.status == 0, "\(result.stderr)")
    }
}
