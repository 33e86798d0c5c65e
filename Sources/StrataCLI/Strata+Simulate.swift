import ArgumentParser
import Foundation
import StrataCore
import StrataOutputs
import StrataPipeline

extension Strata {
    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write customer summaries drawn from a purchase model (and Gamma-Gamma spends).",
            discussion: helpText("""
            Each customer is observed for a time uniform between --min-age and --max-age after the first
            purchase. Defaults: the published CDNOW estimates, in weeks. Output columns:
            customer_id, frequency, recency, T, monetary_value — the input of `strata fit` and `strata predict`.
            """, examples: [
                "strata simulate --model pareto-nbd --customers 100000 --out summary.csv",
            ])
        )

        @Option(help: "Model: \(PurchaseModelKind.allCases.map(\.rawValue).joined(separator: ", ")).") var model: PurchaseModelKind = .bgNBD
        @Option(help: "Model parameters, e.g. r=0.243,alpha=4.414,a=0.793,b=2.426 (default: CDNOW's).") var params: String?
        @Option(help: "Gamma-Gamma parameters p=…,q=…,gamma=…; 'none' for no monetary column.") var spend: String = "p=6.25,q=3.74,gamma=15.44"
        @Option(help: "Number of customers.") var customers: Int = 100_000
        @Option(name: .customLong("min-age"), help: "Shortest observation time.") var minAge: Double = 26
        @Option(name: .customLong("max-age"), help: "Longest observation time.") var maxAge: Double = 78
        @Option(help: "Record times as whole multiples of this (e.g. 0.142857 for whole days in weeks); 0: continuous.")
        var resolution: Double = 0
        @Option(help: "Random seed.") var seed: UInt64 = 1
        @Option(help: "Output CSV file.") var out: String = "summary.csv"

        static let defaults: [PurchaseModelKind: String] = [
            .bgNBD: "r=0.243,alpha=4.414,a=0.793,b=2.426",
            .paretoNBD: "r=0.553,alpha=10.58,s=0.606,beta=11.67",
            .mbgNBD: "r=0.525,alpha=6.183,a=0.891,b=1.614",
        ]

        func validate() throws {
            guard customers > 0 else { throw ValidationError("--customers must be at least 1") }
            guard minAge >= 0, maxAge >= minAge else { throw ValidationError("expected 0 ≤ --min-age ≤ --max-age") }
            guard resolution >= 0, resolution.isFinite else { throw ValidationError("--resolution must be ≥ 0") }
            _ = try parameters(params ?? Self.defaults[model]!, names: model.modelType.parameterNames)
            if spend != "none" { _ = try parameters(spend, names: GammaGamma.parameterNames) }
            try requireWritableFile(out, "--out")
        }

        /// Reads `name=value,…` with exactly the given names, all positive.
        func parameters(_ text: String, names: [String]) throws -> [Double] {
            var values: [String: Double] = [:]
            for pair in text.split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, let value = Double(parts[1]), value > 0, value.isFinite else {
                    throw ValidationError("'\(pair)': expected name=value with a value > 0")
                }
                guard names.contains(parts[0]) else {
                    throw ValidationError("'\(parts[0])': unknown parameter; expected \(names.joined(separator: ", "))")
                }
                values[parts[0]] = value
            }
            let missing = names.filter { values[$0] == nil }
            guard missing.isEmpty else { throw ValidationError("missing parameter\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", "))") }
            return names.map { values[$0]! }
        }

        func run() throws {
            let parameters = try parameters(params ?? Self.defaults[model]!, names: model.modelType.parameterNames)
            let spendParameters = spend == "none" ? nil : try self.parameters(spend, names: GammaGamma.parameterNames)
            let simulator = SummarySimulator(kind: model, parameters: parameters, spend: spendParameters,
                                             ageRange: minAge...maxAge, resolution: resolution, seed: seed)
            let summaries = simulator.run(customers: customers)
            try AnalysisArtefacts.write(out) { Data(SummaryWriter.render(summaries)) }
            output("wrote \(customers) \(model.rawValue) customer summaries to \(out)")
        }
    }
}
