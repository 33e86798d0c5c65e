import ArgumentParser
import StrataPipeline

extension Strata {
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write realistic synthetic customers, orders and events with planted personas.",
            discussion: "Writes OUT/customers.csv, orders.csv, events.csv and truth.csv (customer_id, persona)."
        )

        @Option(help: "Number of customers.") var customers: Int = 10_000
        @Option(help: "Random seed; the same seed gives the same files.") var seed: UInt64 = 7
        @Option(help: "Output directory (created when missing).") var out: String = "data"

        func validate() throws {
            guard customers > 0 else { throw ValidationError("--customers must be at least 1, got \(customers)") }
            try requireOutputFolder(out, "--out")
        }

        func run() throws {
            try generate(customers: customers, seed: seed, out: out, progress: Progress())
        }
    }
}

/// Writes a generated data set to `out` and says so.
func generate(customers: Int, seed: UInt64, out: String, progress: Progress) throws {
    try DemoData.write(customers: customers, seed: seed, to: out) { done in
        progress.step("generated \(done) of \(customers) customers")
    }
    output("wrote \(customers) customers to \(out)/ (customers.csv, orders.csv, events.csv, truth.csv)")
}
