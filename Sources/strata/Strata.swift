import ArgumentParser

/// The `strata` command: customer segmentation from files.
@main
struct Strata: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strata",
        abstract: "Customer segmentation: RFM, engagement segments and customer features from orders and events.",
        version: "0.1.0",
        subcommands: [Analyze.self, Generate.self, Demo.self]
    )
}
