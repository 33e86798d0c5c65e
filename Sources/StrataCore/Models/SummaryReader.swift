/// Reads a per-customer purchase summary (CSV with a header) into ``PurchaseSummaries``.
///
/// Columns, by name: `frequency` (or `x`), `recency` (or `t_x`), `T` (or `age`), and optionally
/// `monetary_value` (or `zbar`, `monetary`) — so Hardie's CDNOW files read as they are. The id
/// comes from `customer_id`/`id`, or else from a first column that is none of the above.
/// Every value must parse: the first bad one stops the read with its file, line and column.
public enum SummaryReader {
    package static let synonyms: [(field: String, names: [String])] = [
        ("frequency", ["frequency", "x"]),
        ("recency", ["recency", "t_x"]),
        ("T", ["T", "age"]),
        ("monetary_value", ["monetary_value", "zbar", "monetary"]),
    ]

    public static func read(path: String, displayName: String? = nil) throws(IngestError) -> PurchaseSummaries {
        let name = displayName ?? path
        let source = try TextSource(path: path, displayName: name, layout: .delimited(.comma, header: true))
        let columns = source.columns
        func column(_ names: [String]) -> String? {
            names.lazy.compactMap { wanted in columns.first { $0 == wanted || $0.lowercased() == wanted.lowercased() && wanted != "T" } }.first
        }
        let found = synonyms.map { column($0.names) }
        guard let frequency = found[0], let recency = found[1], let age = found[2] else {
            let missing = zip(synonyms, found).filter { $0.1 == nil && $0.0.field != "monetary_value" }.map(\.0.field)
            throw .missingColumns(file: name, missing: missing, found: columns)
        }
        let monetary = found[3]
        let known = Set(found.compactMap { $0 })
        let id = column(["customer_id", "id"]) ?? columns.first.flatMap { known.contains($0) ? nil : $0 }
        let slots = [frequency, recency, age, monetary ?? "", id ?? ""]

        struct Chunk {
            var ids: [String] = []
            var values: [[Double]] = [[], [], [], []]
            var issue: IngestIssue?
            var rows = 0
        }
        let chunks = source.scan(slots: slots, makeChunk: { _ in Chunk() }) { chunk, row in
            guard chunk.issue == nil else { return }
            chunk.rows += 1
            if let malformed = row.malformed {
                chunk.issue = IngestIssue(location: SourceLocation(file: name, line: row.line, column: 0),
                                          reason: .malformedRow, value: "", expected: malformed)
                return
            }
            for slot in 0..<(monetary == nil ? 3 : 4) {
                guard let value = row.field(slot).flatMap(FieldParser.double), value.isFinite else {
                    chunk.issue = IngestIssue(location: SourceLocation(file: name, line: row.line, column: row.column(slot)),
                                              reason: .invalidNumber, value: row.text(slot),
                                              expected: "expected a number in column '\(slots[slot])'")
                    return
                }
                chunk.values[slot].append(value)
            }
            if id != nil { chunk.ids.append(row.text(4)) }
        }
        var summaries = PurchaseSummaries(frequency: [], recency: [], age: [])
        for (chunk, firstLine) in chunks {
            if var issue = chunk.issue {
                issue.location.line += firstLine - 1
                throw .invalidValue(issue)
            }
            summaries.ids += chunk.ids
            summaries.frequency += chunk.values[0]
            summaries.recency += chunk.values[1]
            summaries.age += chunk.values[2]
            summaries.monetary += chunk.values[3]
        }
        guard summaries.count > 0 else { throw .emptyFile(file: name) }
        return summaries
    }
}
