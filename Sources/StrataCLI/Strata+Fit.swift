import ArgumentParser
import Foundation
import StrataCore
import StrataOutputs
import StrataPipeline

/// A model `fit` and `predict` accept: a purchase model or the Gamma-Gamma spend model.
enum FitModel: String, ExpressibleByArgument, CaseIterable {
    case bgNBD = "bg-nbd", paretoNBD = "pareto-nbd", mbgNBD = "mbg-nbd", gammaGamma = "gamma-gamma"
}

extension Strata {
    struct Fit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit a lifetime model to a per-customer summary by maximum likelihood.",
            discussion: """
            SUMMARY.csv has one row per customer with frequency, recency, T (or Hardie's x, t_x, T) and,
            for gamma-gamma, monetary_value (or zbar); an id column may come first. Times may be in any
            unit (days, weeks); the parameters are in that unit.
            """
        )

        @Argument(help: "Summary CSV file.") var summary: String
        @Option(help: "Model: \(FitModel.allCases.map(\.rawValue).joined(separator: ", ")).") var model: FitModel = .bgNBD
        @Option(help: "L2 penalty on the parameters (0: plain maximum likelihood).") var penalty: Double = 0
        @Option(help: "Output: table or json.") var format: OutputFormat = .table
        @Option(help: "Also print the expected purchases of a new customer at times 1…N (purchase models).")
        var curve: Int?
        @Flag(help: "Print the time of each step (read, fit) on stderr.") var timing = false

        func validate() throws {
            guard penalty >= 0, penalty.isFinite else { throw ValidationError("--penalty must be ≥ 0, got \(penalty)") }
            guard format != .csv else { throw ValidationError("--format: expected table or json") }
            try requireFile(summary, "SUMMARY")
            if let curve {
                guard curve > 0 else { throw ValidationError("--curve must be at least 1, got \(curve)") }
                guard model != .gammaGamma else { throw ValidationError("--curve: gamma-gamma is a spend model; it has no purchase curve") }
            }
        }

        func run() throws {
            var clock = StepClock()
            let summaries = try SummaryReader.read(path: summary)
            clock.lap("read")
            let fit: ModelFit
            var purchaseModel: (any PurchaseModel)?
            do {
                if let kind = PurchaseModelKind(rawValue: model.rawValue) {
                    (purchaseModel, fit) = try ModelFitter.fit(kind, summaries, penalty: penalty)
                } else {
                    fit = try ModelFitter.fitSpend(summaries, penalty: penalty).fit
                }
            } catch {
                throw AnalysisError.unreadable(file: summary, reason: "\(error)")
            }
            clock.lap("fit")
            if timing { clock.report() }
            let population = curve.flatMap { n in purchaseModel?.newCustomerCurve(through: n) }
            if format == .json {
                var object = (try JSONSerialization.jsonObject(with: try fit.json()) as? [String: Any]) ?? [:]
                if let population { object["new_customer_curve"] = population }
                output(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]), as: UTF8.self))
            } else {
                output(TextTable.render(SummaryRenderer.fitRows([fit])), terminator: "")
                if let population {
                    let rows = [["t", "expected purchases of a new customer"]]
                        + population.enumerated().map { [String($0.offset + 1), NumberFormat.significant($0.element)] }
                    output("\n" + TextTable.render(rows), terminator: "")
                }
            }
            if !fit.converged {
                warn("the optimiser did not converge; the estimates may be off")
            }
        }
    }
}
