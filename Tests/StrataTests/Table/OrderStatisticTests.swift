import Testing
@testable import StrataCore

@Suite struct OrderStatisticTests {
    /// Selecting a rank gives the value sorting would put there, with ties, runs and one value.
    @Test func selectingARankEqualsSorting() {
        var random = SeededRandom(seed: 4)
        for size in [1, 2, 3, 10, 257, 4_000] {
            let values: [Double] = (0..<size).map { i in i % 3 == 0 ? Double(i % 7) : random.logNormal(median: 5, sigma: 1) }
            let sorted = values.sorted()
            for rank in Set([0, size / 2, (size - 1) / 2, size - 1]) {
                var copy = values
                #expect(OrderStatistic.select(&copy, rank: rank) == sorted[rank], "size \(size), rank \(rank)")
            }
        }
        var same = [Double](repeating: 2.5, count: 1_000)
        #expect(OrderStatistic.select(&same, rank: 500) == 2.5)
    }

    /// Integers too, and after any number of partitions the rest is sorted instead (what keeps
    /// values laid out against the pivots from taking quadratic time): the same value each way.
    @Test func selectingAfterFewPartitionsStillEqualsSorting() {
        var random = SeededRandom(seed: 9)
        let values = (0..<5_000).map { _ in Int(random.next() % 1_000) - 300 }
        let sorted = values.sorted()
        for rounds in [0, 1, 2, 5, nil] {
            for rank in [0, 1, 999, 2_500, 4_999] {
                var copy = values
                #expect(OrderStatistic.select(&copy, rank: rank, rounds: rounds) == sorted[rank], "rank \(rank) after \(rounds ?? -1) rounds")
            }
        }
    }

    /// A rank past either end (a tier of more than every customer) is the value at that end.
    @Test func aRankBeyondTheValuesIsTheNearestEnd() {
        var values: [Double] = [4, -1, 9, 2, 2, 7]
        #expect(OrderStatistic.select(&values, rank: -3) == -1)
        #expect(OrderStatistic.select(&values, rank: 6) == 9)
        #expect(OrderStatistic.select(&values, rank: 100) == 9)
    }
}
