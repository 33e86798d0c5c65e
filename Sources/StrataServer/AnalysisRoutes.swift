import Foundation
import Hummingbird
import StrataPipeline

/// `GET /v1/analysis`: the state served (data version, the last analysis of the whole store);
/// `POST /v1/analysis/refresh` (scope `admin`): analyse the whole store now — refit the models,
/// renew the population measures — and answer once it is served.
struct AnalysisRoutes {
    let live: LiveAnalysis

    /// What both answer.
    struct State: Encodable {
        /// Every write up to this data version is reflected.
        var dataVersion: Int
        /// The data version the last analysis of the whole store read, and its as-of.
        var wholeAnalysisVersion: Int
        var asOf: String
        var customers: Int
        /// Customers written to since that analysis (analysed alone against it).
        var customersChangedSince: Int

        enum CodingKeys: String, CodingKey {
            case customers
            case dataVersion = "data_version", wholeAnalysisVersion = "whole_analysis_version", asOf = "as_of"
            case customersChangedSince = "customers_changed_since"
        }

        init(_ snapshot: LiveAnalysis.Snapshot) {
            dataVersion = snapshot.version
            wholeAnalysisVersion = snapshot.baseVersion
            asOf = snapshot.analysis.summary.asOf
            customers = snapshot.customerCount
            customersChangedSince = snapshot.changedCount
        }
    }

    func add(to group: RouterGroup<StrataRequestContext>) {
        group.get("analysis") { _, context in
            try context.require(.read)
            return try Response.json(State(try live.served()))
        }
        group.post("analysis/refresh") { _, context in
            try context.require(.admin)
            do { return try Response.json(State(try await live.wholeAnalysis())) } catch {
                throw APIError(.serviceUnavailable, "no analysis: \(error)")
            }
        }
    }
}
