import Testing
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline
@testable import StrataStore

@Suite struct RFMScorerTests {
    @Test func quintilesByRankWithTiesSharingAScore() {
        let values = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
        #expect(RFMScores.score(Array(0..<10), count: 10) { values[$0] } == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
        let tied = [1, 1, 1, 1, 1, 1, 2, 2, 3, 9]
        // Six customers share the lowest value: all score 1; the next value has 6 worse → 1 + 5·6/10 = 4.
        #expect(RFMScores.score(Array(0..<10), count: 10) { tied[$0] } == [1, 1, 1, 1, 1, 1, 4, 4, 5, 5])
    }

    /// Every size from 1 to 120 and values with many ties: each score is 1 + ⌊5w/n⌋, w the
    /// number of values strictly below, counted directly.
    @Test func everyScoreIsOnePlusFiveTimesTheShareBelow() {
        var random = SeededRandom(seed: 11)
        for n in 1...120 {
            let values = (0..<n).map { _ in Int(random.next() % UInt64(1 + n / 3)) - n / 6 }
            let expected = values.map { v in UInt8(1 + 5 * values.filter { $0 < v }.count / n) }
            #expect(RFMScores.score(Array(0..<n), count: n) { values[$0] } == expected, "n = \(n)")
        }
    }

    @Test func scoresDoNotDependOnInputOrder() {
        let values = [5, 3, 5, 1, 9, 3, 7]
        let forward = RFMScores.score(Array(0..<7), count: 7) { values[$0] }
        let reversed = RFMScores.score(Array((0..<7).reversed()), count: 7) { values[$0] }
        #expect(forward == reversed)
    }

    @Test func customersWithoutPurchaseScoreZero() {
        #expect(RFMScores.score([1, 2], count: 4) { $0 } == [0, 1, 3, 0])
    }

    @Test func namedSegmentGridCoversEveryCellOnce() {
        var seen = Set<RFMSegment>()
        for r in 1...5 { for f in 1...5 { for m in 1...5 { seen.insert(RFMSegment(r: r, f: f, m: m)) } } }
        #expect(seen == Set(RFMSegment.allCases).subtracting([.noPurchase]))
        #expect(RFMSegment(r: 5, f: 5, m: 5) == .champions)
        #expect(RFMSegment(r: 1, f: 5, m: 5) == .cantLoseThem)
        #expect(RFMSegment(r: 5, f: 1, m: 1) == .newCustomers)
        #expect(RFMSegment(r: 1, f: 1, m: 1) == .lost)
        #expect(RFMSegment(r: 2, f: 4, m: 3) == .atRisk)
        #expect(RFMSegment(r: 0, f: 0, m: 0) == .noPurchase)
    }
}
