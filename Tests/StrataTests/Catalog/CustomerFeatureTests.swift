import Foundation
import Testing
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline

/// The feature registry is the one list of customers.csv columns: the CSV header, the segment
/// language's fields and the table in docs/outputs.md all follow it.
@Suite struct CustomerFeatureTests {
    /// The column table docs/outputs.md must hold, generated from the registry.
    static var documentedTable: String {
        var lines = ["| column | type | unit | meaning |", "|---|---|---|---|"]
        for feature in CustomerFeature.allCases {
            let name = feature == .expectedPurchases ? "expected_purchases_<H>" : feature.rawValue
            lines.append("| `\(name)` | \(feature.type.rawValue) | \(feature.unit) | \(feature.meaning) |")
        }
        return lines.joined(separator: "\n")
    }

    @Test func docsListEveryColumnAsTheRegistryDefinesIt() throws {
        let docs = try String(contentsOfFile: "\(fixtures)/../../docs/outputs.md", encoding: .utf8)
        let start = try #require(docs.range(of: "| column | type | unit | meaning |"), "docs/outputs.md has no column table")
        let table = docs[start.lowerBound...].split(separator: "\n", omittingEmptySubsequences: false)
            .prefix { $0.hasPrefix("|") }.joined(separator: "\n")
        #expect(table == Self.documentedTable, "docs/outputs.md's column table should read:\n\(Self.documentedTable)")
    }

    @Test func theCSVHeaderAndTheSegmentLanguageFollowTheRegistry() throws {
        let dir = DataGeneratorTests().generate(400, seed: 12)
        let analysis = try Analysis.run(.files(InputPaths(directory: dir.path)))
        let names = CustomerFeature.names(lifetime: analysis.lifetime)
        #expect(names.contains("expected_purchases_365") && names.contains("clv"))
        let header = CustomerTableWriter.header(analysis.dataset.customers, lifetime: analysis.lifetime)
        #expect(Array(header.prefix(names.count)) == names)
        #expect(Array(analysis.catalog.customerFields.prefix(names.count).map(\.name)) == names)
        for feature in CustomerFeature.allCases where feature != .expectedPurchases {
            #expect(analysis.catalog.type(of: feature.rawValue) == feature.type, "\(feature.rawValue)")
        }
        #expect(CustomerFeature.names(lifetime: nil).allSatisfy { !$0.hasPrefix("p_alive") && $0 != "clv" })
    }

    @Test func aNearMissNamesTheFeature() {
        #expect(CustomerFeature.nearest(to: "revenu") == .revenue)
        #expect(CustomerFeature.nearest(to: "recency_day") == .recencyDays)
        #expect(CustomerFeature.nearest(to: "favourite_colour") == nil)
    }
}
