import Foundation
import Testing
@testable import StrataCore

/// Numbers with a decimal comma (`decimal: comma` in a table's config): read exactly, with
/// thousands separators only between groups of three digits; anything else refused, not guessed.
@Suite struct DecimalCommaTests {
    func cents(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { bytes in DecimalComma.withPointDecimal(bytes) { $0.flatMap(FieldParser.cents) } }
    }

    @Test(arguments: [
        ("12,50", 1250), ("1.234,56", 123_456), ("1 234,56", 123_456), ("1\u{00A0}234,56", 123_456), ("1\u{202F}234,56", 123_456),
        ("-3", -300), ("0,5", 50), ("1.234.567,89", 123_456_789), ("12", 1200), ("+7,1", 710), (" 4,99 ", 499), ("1.000", 100_000),
    ] as [(String, Int64)])
    func readsNumbersWithADecimalComma(text: String, expected: Int64) {
        #expect(cents(text) == expected, "\(text)")
    }

    @Test(arguments: ["1.5", "12.50", "1,2,3", "1.23,4", ",5", "1..234", "1234.567", "abc", "", "12,50 €", "1.2345,6", "-"])
    func refusesWhatIsNotANumberWithADecimalComma(text: String) {
        #expect(cents(text) == nil, "\(text)")
    }

    @Test func aEuropeanExportWithDecimalCommasAddsUpExactly() throws {
        let dir = TempDir()
        dir.write("orders.csv", """
            Bestellnummer;Kunde;Datum;Menge;Einzelpreis
            B1;K1;31.12.2023;2;1,25
            B1;K1;31.12.2023;1;1.234,50
            B2;K2;02.01.2024;3;0,99
            B3;K2;03.01.2024;1;12.50

            """)
        dir.write("events.csv", "Kunde;Datum;Typ;Wert\nK1;05.01.2024;nps;9,5\nK2;05.01.2024;nps;7\n")
        let config = try InputConfig.parse("""
            orders:
              delimiter: semicolon
              date_format: "dd.MM.yyyy"
              decimal: comma
              columns: {order_id: Bestellnummer, customer_id: Kunde, ts: Datum, quantity: Menge, unit_price: Einzelpreis}
            events:
              delimiter: semicolon
              date_format: "dd.MM.yyyy"
              decimal: comma
              columns: {customer_id: Kunde, ts: Datum, type: Typ, value: Wert}
            """, file: "c.yaml")
        let data = try load(InputPaths(directory: dir.path), config: config)
        #expect(data.orders.amountCents == [123_700, 297])
        #expect(data.events.value == [9.5, 7])
        let orders = data.report.files.first { $0.table == .orders }!
        #expect(orders.rejectedByReason == ["invalid_number": 1] && orders.balances)
        let issue = try #require(data.report.issues.first)
        #expect(issue.value == "12.50" && issue.expected.contains("2,55"), "\(issue)")
        #expect(throws: IngestError.self) { try InputConfig.parse("orders: {decimal: dot}", file: "c.yaml") }
    }
}
