import Testing
@testable import StrataCore

/// The model checks the report plots: period transactions and the P(alive) matrix.
@Suite struct ModelChecksTests {
    static let parameters = [0.243, 4.414, 0.793, 2.426]

    @Test func periodTransactionsOfTheTrueModelMatchTheDataAndOfAWrongOneDoNot() {
        let summaries = SummarySimulator(kind: .bgNBD, parameters: Self.parameters, seed: 11).run(customers: 20_000)
        let right = PeriodTransactions(summaries, kind: .bgNBD, parameters: Self.parameters)
        #expect(right.labels == ["0", "1", "2", "3", "4", "5", "6", "7+"])
        #expect(right.actual.reduce(0, +) == 20_000)
        #expect(abs(right.model.reduce(0, +) - 20_000) < 1e-6, "every simulated customer lands in one bucket")
        for k in right.labels.indices where right.actual[k] > 500 {
            #expect(abs(right.model[k] - Double(right.actual[k])) < 0.08 * Double(right.actual[k]), "bucket \(right.labels[k])")
        }
        // Customers who buy twice as often: far fewer without a repeat purchase.
        let wrong = PeriodTransactions(summaries, kind: .bgNBD, parameters: [0.486, 4.414, 0.793, 2.426])
        #expect(wrong.model[0] < 0.85 * Double(wrong.actual[0]))
        #expect(PeriodTransactions(summaries, kind: .bgNBD, parameters: Self.parameters) == right, "the same seed, the same bars")
    }

    @Test func pAliveMatrixIsTheModelsAnswerOnItsGrid() {
        let model = BetaGeometricNBD(parameters: Self.parameters)
        let m = PAliveMatrix(model: model, age: 39, maxFrequency: 6, columns: 8)
        #expect(m.frequencies == [6, 5, 4, 3, 2, 1, 0])
        #expect(m.sinceLast.count == 8 && abs(m.sinceLast[0] - 39.0 / 16) < 1e-12)
        for (i, x) in m.frequencies.enumerated() where x > 0 {
            for (j, gap) in m.sinceLast.enumerated() {
                #expect(m.values[i][j] == model.pAlive(frequency: Double(x), recency: 39 - gap, age: 39))
            }
            // The longer the silence, the less likely alive.
            let row = m.values[i].compactMap { $0 }
            #expect(zip(row, row.dropFirst()).allSatisfy { $0 >= $1 })
        }
        // No repeat purchase: one cell, the last.
        #expect(m.values.last!.dropLast().allSatisfy { $0 == nil } && m.values.last!.last! != nil)
        // Many repeat purchases: about ten rows, highest first.
        let wide = PAliveMatrix(model: model, age: 39, maxFrequency: 60)
        #expect(wide.frequencies.first == 60 && wide.frequencies.last == 0 && wide.frequencies.count <= 11)
        #expect(zip(wide.frequencies, wide.frequencies.dropFirst()).allSatisfy { $0 > $1 })
    }
}
