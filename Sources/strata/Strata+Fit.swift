import ArgumentParser
import Foundation
import StrataCore

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
        @Flag(help: "Print the time of each step (read, fit) on stderr.") var timing = false

        func validate() throws {
            guard penalty >= 0, penalty.isFinite else { throw ValidationError("--penalty must be ≥ 0, got \(penalty)") }
            guard format != .csv else { throw ValidationError("--format: expected table or json") }
        }

        func run() throws {
            var clock = StepClock()
            let summaries = readSummary(summary)
            clock.lap("read")
            let fit: ModelFit
            do {
                if let kind = PurchaseModelKind(rawValue: model.rawValue) {
                    fit = try ModelFitter.fit(kind, summaries, penalty: penalty).fit
                } else {
                    fit = try ModelFitter.fitSpend(summaries, penalty: penalty).fit
                }
            } catch {
                fail("\(summary): \(error)")
            }
            clock.lap("fit")
            if timing { clock.report() }
            if format == .json {
                print(String(decoding: try fit.json(), as: UTF8.self))
            } else {
                print(SummaryRenderer.table(SummaryRenderer.fitRows([fit])), terminator: "")
            }
            if !fit.converged {
                FileHandle.standardError.write(Data("warning: the optimiser did not converge; the estimates may be off\n".utf8))
            }
        }
    }
}

/// Reads a summary file or exits with the located error.
func readSummary(_ path: String) -> PurchaseSummaries {
    do {
        return try SummaryReader.read(path: path)
    } catch {
        fail("\(error)")
    }
}
