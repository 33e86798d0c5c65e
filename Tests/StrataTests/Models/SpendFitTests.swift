import Foundation
import Testing
@testable import StrataCore

/// The spend model is fitted only where it means something, and says why when it is not.
@Suite struct SpendFitTests {
    static let cdnow = try! SummaryReader.read(path: "\(fixtures)/cdnow/cdnow_customers_summary_with_transactions.csv")

    @Test func repeatBuyersWithoutPositiveSpendAreLeftOutAndCounted() throws {
        var summaries = Self.cdnow
        let repeaters = (0..<summaries.count).filter { summaries.frequency[$0] > 0 }
        for i in repeaters.prefix(3) { summaries.monetary[i] = 0 }
        let fit = SpendFit(summaries)
        #expect(fit.excluded == 3 && fit.model != nil && fit.problem == nil)
        // predict accepts what analyze accepts: the same summaries give predictions with spend.
        let prediction = try SummaryPrediction(summaries, kind: .bgNBD, settings: PredictionSettings(horizon: 39))
        #expect(prediction.excludedFromSpend == 3 && prediction.spendProblem == nil && prediction.fits.count == 2)
        #expect(prediction.predictions.clv.count == summaries.count)
    }

    @Test func constantSpendIsNotFitted() {
        var summaries = Self.cdnow
        for i in 0..<summaries.count where summaries.frequency[i] > 0 { summaries.monetary[i] = 25 }
        let fit = SpendFit(summaries)
        #expect(fit.model == nil && fit.fit == nil)
        #expect(fit.problem?.contains("every repeat buyer spends about 25.00 a purchase") == true)
    }

    @Test func noRepeatSpendAtAllSaysHowManyWereLeftOut() {
        var summaries = Self.cdnow
        let repeaters = (0..<summaries.count).filter { summaries.frequency[$0] > 0 }
        for i in repeaters { summaries.monetary[i] = 0 }
        let fit = SpendFit(summaries)
        #expect(fit.model == nil)
        #expect(fit.problem?.contains("(\(repeaters.count) repeat buyers left out: repeat purchases worth ≤ 0)") == true)
    }
}

extension SpendFitTests {
    /// The warnings analyze and predict print about their fits.
    @Test func fitWarnings() throws {
        var (_, fit) = try ModelFitter.fit(.bgNBD, Self.cdnow)
        #expect(FitWarnings.messages(fits: [fit], spendProblem: nil, excludedFromSpend: 0).isEmpty)
        fit.converged = false
        #expect(FitWarnings.messages(fits: [fit], spendProblem: "no spend", excludedFromSpend: 3)
            == ["spend model skipped (no expected_aov, clv): no spend", "the bg-nbd fit did not converge: its predictions may be off"])
        #expect(FitWarnings.messages(fits: [], spendProblem: nil, excludedFromSpend: 3)
            == ["spend model: 3 repeat buyers left out (repeat purchases worth ≤ 0)"])
    }
}
