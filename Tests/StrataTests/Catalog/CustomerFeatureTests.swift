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

    /// The columns of a few texts, written and profiled from codes, hold for every customer the
    /// text (or the missing value) the customer's own value gives.
    @Test func textCodesGiveEachCustomersOwnText() throws {
        let dir = DataGeneratorTests().generate(400, seed: 12)
        let analysis = try Analysis.run(.files(InputPaths(directory: dir.path)))
        let s = analysis.segmentation, predictions = analysis.lifetime?.predictions, ids = analysis.dataset.customers.ids
        let coded = CustomerFeature.allCases.filter(\.hasTextCodes)
        #expect(coded.count == 8 && coded.allSatisfy { $0.type == .text && $0.scheme == nil })
        for feature in CustomerFeature.allCases {
            guard let (codes, values) = feature.textCodes(s, predictions) else {
                #expect(!feature.hasTextCodes, "\(feature.rawValue)")
                continue
            }
            #expect(feature.hasTextCodes, "\(feature.rawValue)")
            #expect(codes.count == s.features.count)
            var missing = 0
            for c in codes.indices {
                let text = codes[c] < 0 ? nil : values[Int(codes[c])]
                if text == nil { missing += 1 }
                #expect(text == feature.value(c, s, predictions, ids: ids).text, "\(feature.rawValue) of customer \(c)")
            }
            // Some customers have no NPS score or no category to suggest, none lacks a next stage.
            if [.npsClass, .relatedCategory].contains(feature) { #expect(missing > 0 && missing < codes.count, "\(feature.rawValue)") }
            if feature == .lifecycleNext { #expect(missing == 0) }
        }
        // Without the models there is no churn risk.
        #expect(CustomerFeature.churnRisk.textCodes(s, nil)?.codes.allSatisfy { $0 < 0 } == true)
    }

    @Test func aNearMissNamesTheFeature() {
        #expect(CustomerFeature.nearest(to: "revenu") == .revenue)
        #expect(CustomerFeature.nearest(to: "recency_day") == .recencyDays)
        #expect(CustomerFeature.nearest(to: "favourite_colour") == nil)
    }
}
