import Testing
@testable import StrataCore

/// Customers with times in whole days share their (x, t) pairs; Pareto/NBD computes its series
/// once per pair, and gets bit for bit what it gets row by row.
@Suite struct SummaryGroupsTests {
    /// 20,000 customers, x in 0…5, times in whole days up to 130 (a fixed, scattered pattern).
    static let days: PurchaseSummaries = {
        var s = PurchaseSummaries(frequency: [], recency: [], age: [])
        for i in 0..<20_000 {
            let T = Double(30 + (i &* 7_919) % 101)
            let x = Double((i &* 31) % 6)
            s.frequency.append(x)
            // Every seventh repeat buyer bought last on its last day (tₓ = T: no series read).
            s.recency.append(x == 0 ? 0 : i % 7 == 0 ? T : Double((i &* 104_729) % Int(T)))
            s.age.append(T)
        }
        return s
    }()

    @Test func wholeDayTimesArePaired() {
        let data = SummaryGroups(Self.days)
        #expect(!data.pairTime.isEmpty && data.pairTime.count <= data.count / 2)
        for i in 0..<data.count {
            #expect(data.pairFrequency[Int(data.recencyPair[i])] == data.frequency[i] && data.pairTime[Int(data.recencyPair[i])] == data.recency[i])
            #expect(data.pairFrequency[Int(data.agePair[i])] == data.frequency[i] && data.pairTime[Int(data.agePair[i])] == data.age[i])
        }
    }

    /// Continuous times make nearly every pair new: no pairs, the rows are computed one by one.
    @Test func continuousTimesAreNotPaired() {
        var s = Self.days
        s.recency = s.recency.enumerated().map { $1 * (1 + Double($0) * 1e-9) }
        s.age = s.age.enumerated().map { $1 * (1 + Double($0) * 1e-9) + 0.5 }
        #expect(SummaryGroups(s).pairTime.isEmpty)
    }

    /// α > β, α < β, and α ≫ β (where the series is slow and the bracket is integrated instead).
    @Test(arguments: [[0.8, 40.0, 0.5, 12.0], [1.6, 58.8, 0.4, 139.2], [0.6, 5_000.0, 0.7, 2.0]])
    func paretoNBDLikelihoodIsTheSameWithPairs(parameters: [Double]) {
        let paired = SummaryGroups(Self.days)
        var plain = paired
        (plain.pairFrequency, plain.pairTime, plain.recencyPair, plain.agePair) = ([], [], [], [])
        for gradient in [false, true] {
            let a = ParetoNBD.logLikelihood(parameters, paired, gradient: gradient)
            let b = ParetoNBD.logLikelihood(parameters, plain, gradient: gradient)
            #expect(a.value.bitPattern == b.value.bitPattern, "value \(a.value) against \(b.value)")
            #expect(a.gradient.map(\.bitPattern) == b.gradient.map(\.bitPattern), "gradient \(a.gradient) against \(b.gradient)")
        }
    }
}
