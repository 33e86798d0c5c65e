import Testing
@testable import StrataCore
@testable import StrataOutputs

/// How customers.csv writes the customers' own columns.
@Suite struct CustomerTableWriterTests {
    /// Attributes come after the features as the customers file holds them (quoted where CSV
    /// needs it, empty where a customer has none); a column that does not reach every customer
    /// is written empty past its end.
    @Test func attributesAreWrittenAsGivenAndEmptyWhereMissing() throws {
        let dir = TempDir()
        dir.write("customers.csv", RuleTestData.customers)
        dir.write("orders.csv", RuleTestData.orders)
        var data = try load(InputPaths(directory: dir.path))
        let s = Segmentation(data, settings: FeatureSettings(asOf: seconds(RuleTestData.asOf)))
        /// Each line's last four fields, the attributes (five pieces where a value holds a comma).
        func attributes() -> [[Substring]] {
            let csv = String(decoding: CustomerTableWriter.render(data.customers, s), as: UTF8.self)
            return csv.split(separator: "\n").map { line in
                Array(line.split(separator: ",", omittingEmptySubsequences: false).suffix(line.contains("a, b") ? 5 : 4))
            }
        }
        let written = attributes()
        #expect(written[0] == ["country", "city", "gender", "birth_year"])
        #expect(written[1] == ["RU", "Moscow", "f", "1995"])
        #expect(written[4] == ["RU", "Moscow", "f", ""], "c4 has no birth year")
        #expect(written[5].joined(separator: ",") == #""Land ""O'Hara""","a, b",x,2000"#)
        // The city column cut short before the last customer.
        let city = try #require(data.customers.attributes.firstIndex { $0.name == "city" })
        data.customers.attributes[city].codes.removeLast()
        let cut = attributes()
        #expect(cut[5].joined(separator: ",") == #""Land ""O'Hara""",,x,2000"#, "c5's city is empty")
        #expect(cut[1] == ["RU", "Moscow", "f", "1995"])
    }
}
