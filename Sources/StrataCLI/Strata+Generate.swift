import ArgumentParser
import Foundation
import StrataCore
import StrataPipeline

extension Strata {
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write realistic synthetic customers, orders and events with planted personas.",
            discussion: helpText("""
                Writes OUT/customers.csv, orders.csv, events.csv and truth.csv (customer_id, persona). The variant \
                options plant the same personas in differently shaped worlds, e.g.
                  strata generate --customers 5000 --channels email+sms --least-engaged sms --out data-sms
                  strata generate --no-events --row-order customer --out shop
                """, examples: [
                "strata generate --channels email+sms --least-engaged sms --out data-sms",
                "strata generate --no-events --row-order customer --out shop",
            ])
        )

        @Option(help: "Number of customers.") var customers: Int = 10_000
        @Option(help: "Random seed; the same seed gives the same files.") var seed: UInt64 = 7
        @Option(help: "Output directory (created when missing).") var out: String = "data"
        @OptionGroup var world: WorldOptions
        @Flag(help: "Write into --out even when it holds other files of the same names.") var force = false
        @OptionGroup var progressOptions: ProgressOptions

        func validate() throws {
            guard customers > 0 else { throw ValidationError("--customers must be at least 1, got \(customers)") }
            try requireResultsFolder(out, "--out", for: .generate, force: force)
        }

        func run() throws {
            try generate(customers: customers, seed: seed, world: world, out: out, force: force, progress: progressOptions.progress())
        }
    }
}

/// The shape of a generated world (`generate`, `demo`).
struct WorldOptions: ParsableArguments {
    @Option(help: "The business's channels: email (SMS barely used) or email+sms.")
    var channels: DataGenerator.Variant.Channels = .email
    @Option(name: .customLong("least-engaged"), help: "How the least engaged behave: mixed, silent (answer nothing) or sms (keep answering SMS, ignore email).")
    var leastEngaged: DataGenerator.Variant.LeastEngaged = .mixed
    @Flag(name: .customLong("no-events"), help: "An orders-only shop: write no events file.") var noEvents = false
    @Flag(name: .customLong("plant-schemes"), help: "Plant the behavioural schemes' groups (email, purchase experience, benefits, occasion, time of day, satisfaction, user status, lifecycle) and write them to truth.csv.")
    var plantSchemes = false
    @Option(name: .customLong("row-order"), help: "Orders and events in time order (customers interleaved, as real logs come) or grouped by customer.")
    var rowOrder: DemoData.RowOrder = .time

    var variant: DataGenerator.Variant {
        var variant = DataGenerator.Variant()
        variant.channels = channels
        variant.leastEngaged = leastEngaged
        variant.events = !noEvents
        variant.schemes = plantSchemes
        return variant
    }
}

extension DataGenerator.Variant.Channels: ExpressibleByArgument {}
extension DataGenerator.Variant.LeastEngaged: ExpressibleByArgument {}
extension DemoData.RowOrder: ExpressibleByArgument {}

/// Writes a generated data set to `out` and says so.
func generate(customers: Int, seed: UInt64, world: WorldOptions, out: String, force: Bool, progress: Progress) throws {
    progress.step("generating \(NumberFormat.grouped(customers)) customers")
    let meter = WorkMeter.current
    meter?.begin(total: customers)
    var counted = 0
    let files = try DemoData.write(customers: customers, seed: seed, variant: world.variant, rowOrder: world.rowOrder,
                                   to: out, force: force) { done in
        meter?.advance(by: done - counted)
        counted = done
    }
    let names = files.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")
    say("wrote \(customers) customers to \(out)/ (\(names); rows in \(world.rowOrder.rawValue) order)")
}
