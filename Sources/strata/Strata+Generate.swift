import ArgumentParser
import Foundation
import StrataCore

extension Strata {
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write realistic synthetic customers, orders and events with planted personas.",
            discussion: "Writes OUT/customers.csv, orders.csv, events.csv and truth.csv (customer_id, persona)."
        )

        @Option(help: "Number of customers.") var customers: Int = 10_000
        @Option(help: "Random seed; the same seed gives the same files.") var seed: UInt64 = 7
        @Option(help: "Output directory.") var out: String = "data"

        func validate() throws {
            guard customers > 0 else { throw ValidationError("--customers must be at least 1, got \(customers)") }
        }

        func run() throws {
            try generateData(customers: customers, seed: seed, out: out, progress: Progress())
        }
    }
}

/// Writes a generated data set to `out`, streaming wave by wave.
func generateData(customers: Int, seed: UInt64, out: String, progress: Progress) throws {
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    let names = ["customers.csv", "orders.csv", "events.csv", "truth.csv"]
    let headers = DataGenerator.headers
    var handles: [FileHandle] = []
    for (name, header) in zip(names, [headers.customers, headers.orders, headers.events, headers.truth]) {
        let path = "\(out)/\(name)"
        guard FileManager.default.createFile(atPath: path, contents: Data(header.utf8)),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw ValidationError("cannot write \(path)")
        }
        handle.seekToEndOfFile()
        handles.append(handle)
    }
    defer { for handle in handles { try? handle.close() } }
    var done = 0
    try DataGenerator(customers: customers, seed: seed).generate { blocks in
        for block in blocks {
            try handles[0].write(contentsOf: block.customers)
            try handles[1].write(contentsOf: block.orders)
            try handles[2].write(contentsOf: block.events)
            try handles[3].write(contentsOf: block.truth)
        }
        done = min(customers, done + blocks.count * 4096)
        progress.step("generated \(done) of \(customers) customers")
    }
    print("wrote \(customers) customers to \(out)/ (customers.csv, orders.csv, events.csv, truth.csv)")
}
