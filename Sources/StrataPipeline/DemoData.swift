import Foundation
import StrataCore

/// Generated data sets on disk (`strata generate`, `strata demo`).
public enum DemoData {
    /// How the rows of orders.csv and events.csv are laid out.
    public enum RowOrder: String, Sendable, CaseIterable {
        /// Each customer's rows together (customers in id order).
        case customer
        /// By timestamp, customers interleaved, as real logs come (ties keep customer order).
        case time
    }

    /// Writes OUT/customers.csv, orders.csv, events.csv (unless the variant has no events) and
    /// truth.csv for `customers` generated customers; `progress` gets the customers made so far.
    /// In customer order the files are streamed block by block; in time order the orders and
    /// events are held in memory and sorted before they are written. The folder must not hold
    /// other results or data unless `force` (``ResultsFolder``). Returns the files written.
    @discardableResult
    public static func write(customers: Int, seed: UInt64, variant: DataGenerator.Variant = .init(), rowOrder: RowOrder = .customer,
                             to out: String, force: Bool = false, progress: (Int) -> Void = { _ in }) throws(AnalysisError) -> [String] {
        let headers = DataGenerator.headers
        var files: [(name: String, header: String)] = [("customers.csv", headers.customers), ("orders.csv", headers.orders)]
        if variant.events { files.append(("events.csv", headers.events)) }
        files.append(("truth.csv", DataGenerator(customers: customers, seed: seed, variant: variant).truthHeader))
        try ResultsFolder.claim(out, for: .generate, writing: files.map(\.name), force: force)
        var handles: [String: FileHandle] = [:]
        defer { for handle in handles.values { try? handle.close() } }
        for (name, header) in files {
            let path = "\(out)/\(name)"
            guard FileManager.default.createFile(atPath: path, contents: Data(header.utf8)),
                  let handle = FileHandle(forWritingAtPath: path) else {
                throw .cannotWrite(file: path, reason: "cannot create the file")
            }
            handle.seekToEndOfFile()
            handles[name] = handle
        }
        var done = 0
        var held = (orders: [UInt8](), events: [UInt8]())
        do {
            try DataGenerator(customers: customers, seed: seed, variant: variant).generate { blocks in
                for block in blocks {
                    try handles["customers.csv"]?.write(contentsOf: block.customers)
                    try handles["truth.csv"]?.write(contentsOf: block.truth)
                    switch rowOrder {
                    case .customer:
                        try handles["orders.csv"]?.write(contentsOf: block.orders)
                        try handles["events.csv"]?.write(contentsOf: block.events)
                    case .time:
                        held.orders += block.orders
                        held.events += block.events
                    }
                }
                done = min(customers, done + blocks.count * DataGenerator.blockSize)
                progress(done)
            }
            if rowOrder == .time {
                try handles["orders.csv"]?.write(contentsOf: inTimeOrder(held.orders))
                try handles["events.csv"]?.write(contentsOf: inTimeOrder(held.events))
            }
        } catch {
            throw .cannotWrite(file: out, reason: "\(error)")
        }
        try ResultsFolder.mark(out, .generate, files: files.map(\.name))
        return files.map { "\(out)/\($0.name)" }
    }

    /// Generated CSV lines (`id,customer_id,yyyy-MM-ddTHH:mm:ssZ,…`) sorted by their timestamp;
    /// lines with the same timestamp keep their order.
    package static func inTimeOrder(_ bytes: [UInt8]) -> [UInt8] {
        var lines: [(key: UInt64, start: Int, end: Int)] = []
        var start = 0
        bytes.withUnsafeBufferPointer { b in
            while start < b.count {
                var end = start
                while end < b.count, b[end] != 0x0A { end += 1 }
                // The third field holds the timestamp; its digits in order make a sortable key.
                var field = 0, i = start, key: UInt64 = 0
                while i < end, field < 2 { if b[i] == UInt8(ascii: ",") { field += 1 }; i += 1 }
                while i < end, b[i] != UInt8(ascii: ",") {
                    if b[i] >= 48 && b[i] <= 57 { key = key &* 10 &+ UInt64(b[i] - 48) }
                    i += 1
                }
                lines.append((key, start, min(end + 1, b.count)))
                start = end + 1
            }
        }
        lines.sort { $0.key != $1.key ? $0.key < $1.key : $0.start < $1.start }
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        for line in lines { out += bytes[line.start..<line.end] }
        return out
    }
}
