import Foundation
import Testing
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline
@testable import StrataStore

/// k-means on planted, well-separated blobs: the right k, the right members, stable ids.
@Suite struct ClusteringTests {
    /// `count` points around each of the centres (unit spread), with their true blob.
    static func blobs(_ centres: [[Double]], count: Int, seed: UInt64) -> (FeatureMatrix, [Int]) {
        var random = SeededRandom(seed: seed)
        var columns = [[Double]](repeating: [], count: centres[0].count)
        var truth: [Int] = []
        for _ in 0..<count {
            for (b, centre) in centres.enumerated() {
                for j in centre.indices { columns[j].append(centre[j] + random.normal()) }
                truth.append(b)
            }
        }
        return (FeatureMatrix(names: (0..<centres[0].count).map { "f\($0)" }, columns: columns), truth)
    }

    static let centres: [[Double]] = [[0, 0, 0, 0, 0], [10, 0, 0, 5, 0], [0, 10, 0, -5, 0], [0, 0, 10, 0, 8]]

    @Test func findsThePlantedBlobsAndTheirNumber() {
        let (matrix, truth) = Self.blobs(Self.centres, count: 300, seed: 3)
        let clustering = Clustering(matrix, k: nil, range: 2...7, seed: 5)
        #expect(clustering.k == 4, "silhouettes \(clustering.silhouettes)")
        #expect(adjustedRandIndex(clustering.labels, truth) >= 0.9)
        #expect(clustering.clusters.map(\.size).reduce(0, +) == 1_200)
        #expect(clustering.silhouettes[4]! > clustering.silhouettes[3]! && clustering.silhouettes[4]! > clustering.silhouettes[5]!)
    }

    @Test func sameSeedSameClustersAndIdsStableAcrossRuns() {
        let (matrix, _) = Self.blobs(Self.centres, count: 200, seed: 8)
        let first = Clustering(matrix, k: 4, seed: 1)
        #expect(Clustering(matrix, k: 4, seed: 1).labels == first.labels)
        // Another seed numbers clusters by size differently; given the first run's centroids, it
        // keeps the first run's ids.
        let again = Clustering(matrix, k: 4, seed: 99, previous: first.clusters.map(\.centroid))
        #expect(again.labels == first.labels)
    }

    @Test func namesComeFromTheMostDistinctiveFeatures() {
        #expect(ClusterNaming.name(zScores: [2.1, 0.1, -1.2, 0.2], features: ["revenue", "orders", "engagement_rate", "clv"])
            == "High-spend, unresponsive")
        #expect(ClusterNaming.name(zScores: [0.1, -0.2], features: ["revenue", "orders"]) == "Average customers")
        #expect(ClusterNaming.name(zScores: [-0.9], features: ["p_alive"]) == "Low p_alive")
    }

    @Test func matrixLogsSkewedColumnsAndFillsMissingValues() {
        let skewed = [1.0, 1, 2, 1, 1, 2, 1, 500, 1, 3]
        let m = FeatureMatrix(names: ["spend", "score"], columns: [skewed, [1, 2, .nan, 4, 5, 6, 7, 8, 9, 10]])
        #expect(m.logged == [true, false])
        #expect(m.values[2 * 2 + 1] == 0, "a missing value is the column mean, 0 as a z-score")
        #expect(abs(m.original(m.values[7 * 2], column: 0) - 500) < 1e-9)
        let column = (0..<10).map { m.values[$0 * 2] }
        #expect(abs(column.reduce(0, +)) < 1e-9)
    }
}

/// The adjusted Rand index of two labelings (Hubert & Arabie 1985).
func adjustedRandIndex(_ a: [Int], _ b: [Int]) -> Double {
    var table: [[Int]: Int] = [:], rows: [Int: Int] = [:], columns: [Int: Int] = [:]
    for (x, y) in zip(a, b) {
        table[[x, y], default: 0] += 1
        rows[x, default: 0] += 1
        columns[y, default: 0] += 1
    }
    func pairs(_ n: Int) -> Double { Double(n) * Double(n - 1) / 2 }
    let index = table.values.reduce(0) { $0 + pairs($1) }
    let rowPairs = rows.values.reduce(0) { $0 + pairs($1) }, columnPairs = columns.values.reduce(0) { $0 + pairs($1) }
    let expected = rowPairs * columnPairs / pairs(a.count)
    let maximum = (rowPairs + columnPairs) / 2
    return (index - expected) / (maximum - expected)
}
