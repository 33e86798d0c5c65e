/// Interests (seed 002, "top categories; related interests for recommendations"): each customer's
/// most and second most bought category, and a related category they have not bought as one of
/// those two, the one bought most often by their top category's buyers relative to its
/// popularity (lift, from the co-purchase table ``CustomerFeatures/categoryPairs``).
///
/// As a scheme, its segments are the `segmentLimit` categories with most top-category customers
/// (in that order), `other` for the rest and `not-enough-data` for customers without a
/// categorised purchase.
public struct Interests: Sendable {
    public static let segmentLimit = 20
    /// The scheme's segment names.
    public var names: [String]
    /// Each category's segment (index into ``names``).
    public var segmentOfCategory: [UInt8]
    /// The segment of a category outside the leading ones (`other`, or `not-enough-data` when
    /// every category bought leads).
    public var otherSegment: UInt8
    /// The related category of buyers of each category (code, -1: none), by lift over the buyers
    /// of at least `minimumBuyers` of both.
    public var related: [Int32]

    public static let minimumBuyers: Int32 = 20

    public init(_ f: CustomerFeatures) {
        var fans = [Int](repeating: 0, count: f.categoryNames.count)
        for top in f.topCategory where top >= 0 { fans[Int(top)] += 1 }
        let leading = fans.indices.filter { fans[$0] > 0 }.sorted { (fans[$0], $1) > (fans[$1], $0) }.prefix(Self.segmentLimit)
        let other = leading.count < fans.filter { $0 > 0 }.count
        names = leading.map { f.categoryNames[$0] } + (other ? ["other"] : []) + [SegmentScheme.notEnoughData]
        var segmentOf = [UInt8](repeating: UInt8(leading.count), count: f.categoryNames.count)
        for (i, category) in leading.enumerated() { segmentOf[category] = UInt8(i) }
        segmentOfCategory = segmentOf
        otherSegment = UInt8(leading.count)
        let k = Int(Double(f.categoryPairs.count).squareRoot())
        let buyers = (0..<k).map { f.categoryPairs[$0 * k + $0] }
        let total = Double(max(f.topCategory.lazy.filter { $0 >= 0 }.count, 1))
        related = (0..<k).map { a in
            var best: Int32 = -1, bestLift = 1.0
            for b in 0..<k where b != a && f.categoryPairs[a * k + b] >= Self.minimumBuyers {
                let lift = Double(f.categoryPairs[a * k + b]) / Double(buyers[a]) / (Double(buyers[b]) / total)
                if lift > bestLift { best = Int32(b); bestLift = lift }
            }
            return best
        }
    }

    /// The segment of customers whose top category has this code (-1: none); a category the base
    /// did not have (a live customer's new one) is `other`.
    public func segment(ofTopCategory code: Int32) -> UInt8 {
        guard code >= 0 else { return UInt8(names.count - 1) }
        return Int(code) < segmentOfCategory.count ? segmentOfCategory[Int(code)] : otherSegment
    }

    /// The related category for customer `c` (its top category's, unless that is their second; code, -1: none).
    public func related(of c: Int, in f: CustomerFeatures) -> Int32 {
        let top = Int(f.topCategory[c])
        guard top >= 0, top < related.count else { return -1 }
        let suggestion = related[top]
        return suggestion == f.secondCategory[c] ? -1 : suggestion
    }
}
