/// k-means with k-means++ seeding (Arthur & Vassilvitskii 2007) and Lloyd iterations, best of
/// `restarts` seeds by inertia; deterministic: the same data and seed give the same clusters at
/// any thread count (partial sums are added in a fixed order).
public struct KMeans: Sendable {
    public var k: Int
    public var seed: UInt64
    public var maximumIterations = 300
    public var restarts = 4
    /// Stop when the centroids move less than this in total squared distance (scikit-learn's
    /// rule: 1e-4 times the mean feature variance, which is 1 for a standardised matrix).
    public var tolerance = 1e-4

    public init(k: Int, seed: UInt64 = 1) {
        self.k = k
        self.seed = seed
    }

    public struct Result: Sendable {
        /// `k × columns`, row-major.
        public var centroids: [Double]
        public var labels: [Int32]
        /// Sum of squared distances to the assigned centroid.
        public var inertia: Double
        public var iterations: Int
    }

    public func fit(_ m: FeatureMatrix) -> Result {
        var best: Result?
        for restart in 0..<max(1, restarts) {
            let result = run(m, seed: seed &+ UInt64(restart) &* 0x9E37_79B9)
            if best == nil || result.inertia < best!.inertia { best = result }
        }
        return best!
    }

    package func run(_ m: FeatureMatrix, seed: UInt64) -> Result {
        let d = m.columns, n = m.rows
        let k = max(1, min(self.k, n))
        var centroids = seedCentroids(m, k: k, seed: seed)
        var labels = [Int32](repeating: -1, count: n)
        var inertia = 0.0
        var iterations = 0
        for iteration in 1...maximumIterations {
            iterations = iteration
            let ranges = Parallel.reductionRanges(n, minimumSize: 8192)
            let current = centroids
            let previous = labels
            let parts = Parallel.map(ranges.count) { piece -> (labels: [Int32], sums: [Double], counts: [Int], inertia: Double, changed: Int) in
                var sums = [Double](repeating: 0, count: k * d)
                var counts = [Int](repeating: 0, count: k)
                var out = [Int32]()
                out.reserveCapacity(ranges[piece].count)
                var inertia = 0.0
                var changed = 0
                // Up to 8 centroids: coordinate j of every centroid in one SIMD vector (spare lanes far away).
                let transposed: [SIMD8<Double>]? = k <= 8 ? (0..<d).map { j in
                    var lanes = SIMD8<Double>(repeating: 1e150)
                    for c in 0..<k { lanes[c] = current[c * d + j] }
                    return lanes
                } : nil
                m.values.withUnsafeBufferPointer { x in
                    current.withUnsafeBufferPointer { centres in
                    for i in ranges[piece] {
                        let (best, distance) = transposed.map { Self.nearest(x, row: i, d: d, $0, k: k) }
                            ?? Self.nearest(x, row: i, d: d, centres, k: k)
                        out.append(Int32(best))
                        if Int32(best) != previous[i] { changed += 1 }
                        inertia += distance
                        counts[best] += 1
                        for j in 0..<d { sums[best * d + j] += x[i * d + j] }
                    }
                    }
                }
                return (out, sums, counts, inertia, changed)
            }
            var sums = [Double](repeating: 0, count: k * d)
            var counts = [Int](repeating: 0, count: k)
            var changed = 0
            inertia = 0
            var offset = 0
            for part in parts {
                for (t, label) in part.labels.enumerated() { labels[offset + t] = label }
                offset += part.labels.count
                for t in 0..<(k * d) { sums[t] += part.sums[t] }
                for c in 0..<k { counts[c] += part.counts[c] }
                inertia += part.inertia
                changed += part.changed
            }
            var shift = 0.0
            for c in 0..<k where counts[c] > 0 {
                for j in 0..<d {
                    let moved = sums[c * d + j] / Double(counts[c])
                    shift += (moved - centroids[c * d + j]) * (moved - centroids[c * d + j])
                    centroids[c * d + j] = moved
                }
            }
            if changed == 0 || shift <= tolerance { break }
        }
        return Result(centroids: centroids, labels: labels, inertia: inertia, iterations: iterations)
    }

    /// k-means++: the first centre at random, each next one with probability ∝ squared distance
    /// to the nearest centre so far. On large inputs the seeding looks at an evenly spaced sample.
    package func seedCentroids(_ m: FeatureMatrix, k: Int, seed: UInt64) -> [Double] {
        let d = m.columns
        let stride = max(1, m.rows / 50_000)
        let sample = Swift.stride(from: 0, to: m.rows, by: stride).map { $0 }
        var random = SeededRandom(seed: seed)
        var centroids: [Double] = []
        var first = sample[Int(random.uniform(0, Double(sample.count)))]
        centroids += m.values[(first * d)..<(first * d + d)]
        var nearest = [Double](repeating: .infinity, count: sample.count)
        for _ in 1..<k {
            let last = centroids.count / d - 1
            var total = 0.0
            for (t, i) in sample.enumerated() {
                var distance = 0.0
                for j in 0..<d { let diff = m.values[i * d + j] - centroids[last * d + j]; distance += diff * diff }
                nearest[t] = min(nearest[t], distance)
                total += nearest[t]
            }
            var target = random.unit() * total
            first = sample.last!
            for (t, i) in sample.enumerated() {
                target -= nearest[t]
                if target < 0 { first = i; break }
            }
            centroids += m.values[(first * d)..<(first * d + d)]
        }
        return centroids
    }

    /// The nearest of up to 8 centroids given coordinate by coordinate.
    @inline(__always)
    package static func nearest(_ x: UnsafeBufferPointer<Double>, row i: Int, d: Int, _ transposed: [SIMD8<Double>], k: Int) -> (Int, Double) {
        var distance = SIMD8<Double>(repeating: 0)
        for j in 0..<d {
            let diff = SIMD8<Double>(repeating: x[i * d + j]) - transposed[j]
            distance += diff * diff
        }
        var best = 0
        for c in 1..<k where distance[c] < distance[best] { best = c }
        return (best, distance[best])
    }

    @inline(__always)
    package static func nearest(_ x: UnsafeBufferPointer<Double>, row i: Int, d: Int, _ centroids: UnsafeBufferPointer<Double>, k: Int) -> (Int, Double) {
        var best = 0
        var bestDistance = Double.infinity
        for c in 0..<k {
            var distance = 0.0
            for j in 0..<d {
                let diff = x[i * d + j] - centroids[c * d + j]
                distance += diff * diff
            }
            if distance < bestDistance { bestDistance = distance; best = c }
        }
        return (best, bestDistance)
    }
}
