import ArgumentParser

/// The `strata` command: customer segmentation from files.
@main
struct Strata: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strata",
        abstract: "Customer segmentation and lifetime models: RFM, engagement segments, customer features, P(alive) and CLV from orders and events.",
        version: "0.1.0",
        subcommands: [Analyze.self, Check.self, Explain.self, SQL.self, Fit.self, Predict.self, Validate.self, Simulate.self,
                      Import.self, Snapshot.self, Backfill.self, Movement.self, Trends.self, Alerts.self, Forget.self,
                      Report.self, Cluster.self, PlaybookCommand.self, Generate.self, Demo.self]
    )
}
