import Foundation
import Hummingbird
import StrataPipeline

/// `GET /v1/analysis`: the state served (data version, the last analysis of the whole store);
/// `POST /v1/analysis/refresh` (scope `admin`): analyse the whole store now — refit the models,
/// renew the population measures — and answer once it is served, or 202 with the number of the
/// analysis to look for in `GET /v1/analysis` when it takes longer than `wait` seconds.
struct AnalysisRoutes {
    let live: LiveAnalysis
    let wait: Double

    /// What both answer.
    struct State: Encodable {
        /// Every write up to this data version is reflected.
        var dataVersion: Int
        /// The data version the last analysis of the whole store read, and its as-of.
        var wholeAnalysisVersion: Int
        /// How many analyses of the whole store have run (the served one's number).
        var wholeAnalyses: Int
        var asOf: String
        var customers: Int
        /// Customers written to since that analysis (analysed alone against it).
        var customersChangedSince: Int

        enum CodingKeys: String, CodingKey {
            case customers
            case dataVersion = "data_version", wholeAnalysisVersion = "whole_analysis_version", wholeAnalyses = "whole_analyses", asOf = "as_of"
            case customersChangedSince = "customers_changed_since"
        }

        init(_ snapshot: LiveAnalysis.Snapshot) {
            dataVersion = snapshot.version
            wholeAnalysisVersion = snapshot.baseVersion
            wholeAnalyses = snapshot.generation
            asOf = snapshot.analysis.summary.asOf
            customers = snapshot.customerCount
            customersChangedSince = snapshot.changedCount
        }
    }

    /// The refresh's answer while it runs: `GET /v1/analysis` shows `whole_analyses` at least
    /// this number once it is served.
    struct Running: Encodable {
        var wholeAnalyses: Int
        enum CodingKeys: String, CodingKey { case wholeAnalyses = "whole_analyses" }
    }

    func add(to group: RouterGroup<StrataRequestContext>) {
        group.get("analysis") { _, context in
            try context.require(.read)
            return try Response.json(State(try live.served()))
        }
        group.post("analysis/refresh") { _, context in
            try context.require(.admin)
            let number = live.requestWholeAnalysis(), version = live.latestVersion
            let snapshot: LiveAnalysis.Snapshot?
            do { snapshot = try await BoundedWait.result(within: wait) { [live] in try await live.snapshot(including: version, generation: number) } } catch {
                throw APIError(.serviceUnavailable, "no analysis: \(error)")
            }
            guard let snapshot else {
                return try Response.json(Running(wholeAnalyses: number), status: .accepted, headers: [.location: "/v1/analysis"])
            }
            return try Response.json(State(snapshot))
        }
    }
}
