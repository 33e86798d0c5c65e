import Foundation

/// Data-driven clusters of customers: k-means on standardised features, k chosen by the mean
/// silhouette on a sample when asked, clusters numbered by size (or matched to a previous run's
/// centroids so ids stay stable) and named from their most distinctive features.
public struct Clustering: Sendable {
    /// The default features: value, frequency, recency, engagement, responsiveness, breadth.
    public static let defaultFeatures = ["revenue", "orders", "recency_days", "avg_order_value",
                                         "engagement_rate", "avg_response_days", "usage_breadth", "discount_share"]

    public struct Cluster: Sendable, Codable {
        public var id: Int
        public var name: String
        public var size: Int
        public var share: Double
        /// Centroid in each feature's own units, and as a z-score.
        public var centroid: [String: Double]
        public var zScores: [String: Double]
    }

    public var features: [String]
    public var k: Int
    /// Mean silhouette per tried k (when k was chosen automatically).
    public var silhouettes: [Int: Double]
    public var clusters: [Cluster]
    /// Per customer: cluster id.
    public var labels: [Int]

    /// - Parameters:
    ///   - k: a fixed number of clusters, or nil to choose in `range` by silhouette.
    ///   - previous: centroids (feature → value) of an earlier run, to keep cluster ids stable.
    public init(_ matrix: FeatureMatrix, k fixed: Int?, range: ClosedRange<Int> = 2...8, seed: UInt64 = 1,
                previous: [[String: Double]] = []) {
        features = matrix.names
        var silhouettes: [Int: Double] = [:]
        var chosen = fixed ?? range.lowerBound
        var result = fixed.map { KMeans(k: $0, seed: seed).fit(matrix) } ?? KMeans.Result(centroids: [], labels: [], inertia: 0, iterations: 0)
        if fixed == nil {
            // Choose k on an evenly spaced sample of at most 50,000 customers, then fit it on all.
            let selection = matrix.rows > 50_000 ? matrix.everyNth(matrix.rows / 50_000) : matrix
            let sample = Silhouette.sample(selection.rows, size: 3_000, seed: seed)
            var best = -Double.infinity
            for candidate in range where candidate <= selection.rows {
                let fit = KMeans(k: candidate, seed: seed).fit(selection)
                let score = Silhouette.mean(selection, labels: fit.labels, k: candidate, sample: sample)
                silhouettes[candidate] = score
                if score > best + 1e-12 {
                    best = score
                    chosen = candidate
                }
            }
            result = KMeans(k: chosen, seed: seed).fit(matrix)
        }
        self.silhouettes = silhouettes
        k = chosen
        let d = matrix.columns
        var sizes = [Int](repeating: 0, count: chosen)
        for label in result.labels { sizes[Int(label)] += 1 }
        // Order: matched to previous centroids when given, else by size (largest first).
        let order = Self.order(result.centroids, sizes: sizes, matrix: matrix, previous: previous)
        var id = [Int](repeating: 0, count: chosen)
        for (position, c) in order.enumerated() { id[c] = position }
        labels = result.labels.map { id[Int($0)] }
        clusters = order.enumerated().map { position, c in
            let z = Array(result.centroids[(c * d)..<(c * d + d)])
            var centroid: [String: Double] = [:], scores: [String: Double] = [:]
            for j in 0..<d {
                centroid[matrix.names[j]] = matrix.original(z[j], column: j)
                scores[matrix.names[j]] = z[j]
            }
            return Cluster(id: position, name: ClusterNaming.name(zScores: z, features: matrix.names), size: sizes[c],
                           share: Double(sizes[c]) / Double(max(1, matrix.rows)), centroid: centroid, zScores: scores)
        }
    }

    /// Cluster indexes in output order: greedily matched to the nearest previous centroid, the
    /// rest (and all, without a previous run) by size.
    package static func order(_ centroids: [Double], sizes: [Int], matrix: FeatureMatrix, previous: [[String: Double]]) -> [Int] {
        let d = matrix.columns, k = sizes.count
        let bySize = (0..<k).sorted { (sizes[$0], -$0) > (sizes[$1], -$1) }
        guard !previous.isEmpty else { return bySize }
        // Previous centroids into this run's standardised space.
        let old: [[Double]] = previous.map { p in
            (0..<d).map { j in
                guard let v = p[matrix.names[j]] else { return 0 }
                let t = matrix.logged[j] ? log1p(max(v, 0)) : v
                return (t - matrix.means[j]) / matrix.deviations[j]
            }
        }
        var pairs: [(distance: Double, new: Int, old: Int)] = []
        for c in 0..<k {
            for (o, p) in old.enumerated() {
                var distance = 0.0
                for j in 0..<d { distance += (centroids[c * d + j] - p[j]) * (centroids[c * d + j] - p[j]) }
                pairs.append((distance, c, o))
            }
        }
        var slot = [Int?](repeating: nil, count: max(k, old.count))
        var used = Set<Int>()
        for pair in pairs.sorted(by: { ($0.distance, $0.new, $0.old) < ($1.distance, $1.new, $1.old) })
            where slot[pair.old] == nil && !used.contains(pair.new) && pair.old < k {
            slot[pair.old] = pair.new
            used.insert(pair.new)
        }
        var rest = bySize.filter { !used.contains($0) }
        return (0..<k).map { position in
            if let c = slot[position] { return c }
            return rest.removeFirst()
        }
    }
}

/// Mean silhouette (Rousseeuw 1987) over a sample of points, distances to all sampled points.
package enum Silhouette {
    package static func sample(_ rows: Int, size: Int, seed: UInt64) -> [Int] {
        guard rows > size else { return Array(0..<rows) }
        var random = SeededRandom(seed: seed ^ 0x5157)
        var picked = Set<Int>()
        while picked.count < size { picked.insert(Int(random.uniform(0, Double(rows)))) }
        return picked.sorted()
    }

    package static func mean(_ m: FeatureMatrix, labels: [Int32], k: Int, sample: [Int]) -> Double {
        let d = m.columns
        let scores = Parallel.map(sample.count) { t -> Double in
            let i = sample[t]
            var sum = [Double](repeating: 0, count: k), count = [Int](repeating: 0, count: k)
            for other in sample where other != i {
                var distance = 0.0
                for j in 0..<d { let diff = m.values[i * d + j] - m.values[other * d + j]; distance += diff * diff }
                sum[Int(labels[other])] += distance.squareRoot()
                count[Int(labels[other])] += 1
            }
            let own = Int(labels[i])
            guard count[own] > 0 else { return 0 }
            let a = sum[own] / Double(count[own])
            let b = (0..<k).filter { $0 != own && count[$0] > 0 }.map { sum[$0] / Double(count[$0]) }.min() ?? 0
            let denominator = max(a, b)
            return denominator > 0 ? (b - a) / denominator : 0
        }
        return scores.reduce(0, +) / Double(max(1, scores.count))
    }
}

/// Names a cluster from its two or three most distinctive features: "High revenue, low engagement rate".
package enum ClusterNaming {
    package static let phrases: [String: (high: String, low: String)] = [
        "revenue": ("high-spend", "low-spend"), "orders": ("frequent buyers", "rare buyers"),
        "recency_days": ("lapsed", "recent buyers"), "avg_order_value": ("big baskets", "small baskets"),
        "engagement_rate": ("engaged", "unresponsive"), "avg_response_days": ("slow to respond", "quick to respond"),
        "usage_breadth": ("broad usage", "narrow usage"), "discount_share": ("discount-driven", "full-price"),
    ]

    package static func name(zScores z: [Double], features: [String]) -> String {
        let ranked = z.indices.filter { abs(z[$0]) >= 0.5 }.sorted { abs(z[$0]) > abs(z[$1]) }.prefix(3)
        guard !ranked.isEmpty else { return "Average customers" }
        let words = ranked.map { j -> String in
            let phrase = phrases[features[j]]
            let label = z[j] > 0 ? phrase?.high ?? "high \(features[j])" : phrase?.low ?? "low \(features[j])"
            return label
        }
        let text = words.joined(separator: ", ")
        return text.prefix(1).uppercased() + text.dropFirst()
    }
}
