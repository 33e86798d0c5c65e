import Foundation
import Testing
@testable import StrataCore
@testable import StrataPipeline

/// An analysis's results are the same files however they are made: with the insights computed
/// inside the analysis, or beside the writing of customers.csv, and with or without the order and
/// event rows still held.
@Suite struct AnalysisArtefactsTests {
    static func files(in dir: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in ResultsFolder.Command.analyze.files {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(name)"))
        }
        return files
    }

    @Test func insightsComputedBesideTheWritingGiveTheSameFiles() throws {
        let data = DataGeneratorTests().generate(600, seed: 21)
        var settings = Analysis.Settings()
        settings.segmentDefinitions = SegmentDefinitions([.init(name: "Big spenders", expression: "revenue > 300 and orders >= 2")])
        let insights = try #require(settings.insights)
        let whole = try Analysis.run(.files(InputPaths(directory: data.path)), settings: settings)
        let first = TempDir(), second = TempDir()
        try AnalysisArtefacts.write(whole, to: first.path)

        settings.insights = nil
        var withoutInsights = try Analysis.run(.files(InputPaths(directory: data.path)), settings: settings)
        #expect(withoutInsights.insights == nil)
        withoutInsights.releaseRows()
        #expect(withoutInsights.dataset.orders.count == 0 && withoutInsights.dataset.events.count == 0)
        let (result, written) = try AnalysisArtefacts.write(withoutInsights, computingInsights: insights, to: second.path)

        #expect(written.map { URL(fileURLWithPath: $0).lastPathComponent }.sorted() == ResultsFolder.Command.analyze.files.sorted())
        #expect(try Self.files(in: second.path) == Self.files(in: first.path))
        #expect(result.insights != nil)
        #expect(result.settings.insights != nil)
    }
}
