import Foundation
import Testing
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline

/// Results do not depend on the number of cores: the work is cut by its size alone and summed in
/// order, so one worker and eight give the same bits.
@Suite struct ParallelDeterminismTests {
    /// Runs `body` with 1 worker and with 8.
    func both<T>(_ body: () throws -> T) rethrows -> (one: T, eight: T) {
        (try Parallel.$workerLimit.withValue(1) { try body() }, try Parallel.$workerLimit.withValue(8) { try body() })
    }

    func bits(_ values: [Double]) -> [UInt64] { values.map(\.bitPattern) }

    @Test func theCutDependsOnTheRowCountOnly() {
        let one = Parallel.$workerLimit.withValue(1) { Parallel.ranges(2_000_000) }
        let eight = Parallel.$workerLimit.withValue(8) { Parallel.ranges(2_000_000) }
        #expect(one == eight && one.count == Parallel.maximumPieces)
        #expect(Parallel.ranges(10_000).count == 2 && Parallel.ranges(10).count == 1)
    }

    @Test func likelihoodFitsAreBitIdentical() throws {
        // Continuous times: every customer is their own group, so the likelihood sums over many pieces.
        let summaries = SummarySimulator(kind: .bgNBD, parameters: [0.243, 4.414, 0.793, 2.426], spend: [6.25, 3.74, 15.44],
                                         ageRange: 26...78, resolution: 0, seed: 3).run(customers: 40_000)
        for kind in PurchaseModelKind.allCases {
            let (one, eight) = try both { try ModelFitter.fit(kind, summaries).fit }
            #expect(bits(one.parameters) == bits(eight.parameters), "\(kind)")
            #expect(one.logLikelihood.bitPattern == eight.logLikelihood.bitPattern, "\(kind)")
        }
        let (one, eight) = try both { try ModelFitter.fitSpend(summaries).fit }
        #expect(bits(one.parameters) == bits(eight.parameters), "gamma-gamma")
    }

    @Test func kMeansIsBitIdentical() {
        let (matrix, _) = ClusteringTests.blobs(ClusteringTests.centres, count: 5_000, seed: 4)
        let (one, eight) = both { Clustering(matrix, k: nil, range: 3...4, seed: 2) }
        #expect(one.labels == eight.labels)
        #expect(one.clusters.map { bits($0.centroid.sorted { $0.key < $1.key }.map(\.value)) }
            == eight.clusters.map { bits($0.centroid.sorted { $0.key < $1.key }.map(\.value)) })
        #expect(bits(one.silhouettes.sorted { $0.key < $1.key }.map(\.value)) == bits(eight.silhouettes.sorted { $0.key < $1.key }.map(\.value)))
    }

    @Test func theWholeAnalysisIsByteIdentical() throws {
        let dir = DataGeneratorTests().generate(12_000, seed: 6)
        let (one, eight) = try both {
            let analysis = try Analysis.run(.files(InputPaths(directory: dir.path)))
            return (CustomerTableWriter.render(analysis.dataset.customers, analysis.segmentation, lifetime: analysis.lifetime),
                    try InsightsWriter.json(try #require(analysis.insights)))
        }
        #expect(one.0 == eight.0, "customers.csv")
        #expect(one.1 == eight.1, "insights.json")
    }
}
