import Foundation
import StrataCore

/// Generated data sets on disk (`strata generate`, `strata demo`).
public enum DemoData {
    /// Writes OUT/customers.csv, orders.csv, events.csv and truth.csv for `customers` generated
    /// customers, streaming block by block; `progress` gets the customers written so far.
    public static func write(customers: Int, seed: UInt64, to out: String, progress: (Int) -> Void = { _ in }) throws(AnalysisError) {
        try AnalysisArtefacts.createFolder(out)
        let names = ["customers.csv", "orders.csv", "events.csv", "truth.csv"]
        let headers = DataGenerator.headers
        var handles: [FileHandle] = []
        defer { for handle in handles { try? handle.close() } }
        for (name, header) in zip(names, [headers.customers, headers.orders, headers.events, headers.truth]) {
            let path = "\(out)/\(name)"
            guard FileManager.default.createFile(atPath: path, contents: Data(header.utf8)),
                  let handle = FileHandle(forWritingAtPath: path) else {
                throw .cannotWrite(file: path, reason: "cannot create the file")
            }
            handle.seekToEndOfFile()
            handles.append(handle)
        }
        var done = 0
        do {
            try DataGenerator(customers: customers, seed: seed).generate { blocks in
                for block in blocks {
                    try handles[0].write(contentsOf: block.customers)
                    try handles[1].write(contentsOf: block.orders)
                    try handles[2].write(contentsOf: block.events)
                    try handles[3].write(contentsOf: block.truth)
                }
                done = min(customers, done + blocks.count * 4096)
                progress(done)
            }
        } catch {
            throw .cannotWrite(file: out, reason: "\(error)")
        }
    }
}
