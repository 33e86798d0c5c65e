import Foundation

/// Named columns of a `customers.csv`, read with the ingest's CSV reader.
package struct CustomerColumns {
    private var numbers: [String: [Double]] = [:]
    private var texts: [String: [String]] = [:]

    package init(path: String, numbers wantedNumbers: [String], texts wantedTexts: [String]) throws(IngestError) {
        let source = try TextSource(path: path, displayName: path, layout: .delimited(.comma, header: true))
        let wanted = (wantedNumbers + wantedTexts).filter { source.columns.contains($0) }
        struct Chunk { var columns: [[String]] }
        let chunks = source.scan(slots: wanted, makeChunk: { _ in Chunk(columns: wanted.map { _ in [] }) }) { chunk, row in
            for slot in wanted.indices { chunk.columns[slot].append(row.text(slot)) }
        }
        for (slot, name) in wanted.enumerated() {
            let values = chunks.flatMap { $0.chunk.columns[slot] }
            if wantedNumbers.contains(name) { numbers[name] = values.map { Double($0) ?? .nan } } else { texts[name] = values }
        }
    }

    /// The header row's column names.
    package static func header(path: String) throws(IngestError) -> [String] {
        try TextSource(path: path, displayName: path, layout: .delimited(.comma, header: true)).columns
    }

    package func has(_ name: String) -> Bool { numbers[name] != nil || texts[name] != nil }
    package func number(_ name: String) -> [Double] { numbers[name] ?? [] }
    package func text(_ name: String) -> [String] { texts[name] ?? [] }
}
