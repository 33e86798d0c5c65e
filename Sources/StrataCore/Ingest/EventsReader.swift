/// Reads an events file into ``EventColumns``.
///
/// Required columns: `customer_id`, `ts`, `type`; optional `event_id` (enables exact
/// de-duplication), `channel`, `value` (a number, e.g. an NPS score; empty is absent, any other
/// text rejects the row).
package struct EventsReader {
    package let source: TextSource
    package let options: TableOptions

    private struct Chunk {
        package var ledger: RowLedger
        /// The last date read.
        package var days = DayMemo()
        /// Rows left out, per skip rule.
        package var skipped: [Int] = []
        package var timestamp = AppendColumn<Int64>()
        package var type = AppendColumn<Int32>()
        package var types = DictionaryCoder()
        package var channel = AppendColumn<Int32>()
        package var channels = DictionaryCoder()
        package var value = AppendColumn<Double>()
    }

    /// - Parameter keepIDs: also return each kept row's own id (empty text when the file has no id column).
    /// - Parameter lookup: the customer ids to look rows up in when they are not registered
    ///   (made here from `customers` when not given; a loader reading several files makes it once).
    package func read(into customers: inout CustomerTable, registerCustomers: Bool, strict: Bool, keepIDs: Bool = false,
                      lookup known: KeyLookup? = nil)
        throws(IngestError) -> (EventColumns, FileReport, [IngestIssue]) {
        var binding = try ColumnBinding(kind: .events, columns: source.columns, options: options, file: source.name)
        guard let customerSlot = binding.slot("customer_id"), let tsSlot = binding.slot("ts"),
              let typeSlot = binding.slot("type") else {
            throw .missingColumns(file: source.name, missing: ["customer_id", "ts", "type"], found: source.columns)
        }
        let idSlot = binding.slot("event_id")
        let channelSlot = binding.slot("channel")
        let valueSlot = binding.slot("value")
        let format = options.dateFormat, zone = options.timeZone
        let plausible = PlausibleDates.range
        let file = source.name
        let lookup = registerCustomers ? nil : known ?? KeyLookup(customers.ids)

        let columnsUsed = binding.mapping
        let skipRules = try BoundRowRules(options.skip, kind: "events.skip", binding: &binding, columns: source.columns, file: source.name)
        let fields = binding.fields(in: source)
        let makeChunk = { (rows: Int) in
            var chunk = Chunk(ledger: RowLedger(file: file, lookup: lookup, fields: fields, expectedRows: rows, ownIDs: idSlot != nil),
                              skipped: [Int](repeating: 0, count: skipRules.count))
            chunk.timestamp.reserveCapacity(rows)
            chunk.type.reserveCapacity(rows)
            chunk.channel.reserveCapacity(rows)
            chunk.value.reserveCapacity(rows)
            return chunk
        }
        let chunks = source.scan(slots: binding.slotNames, identifiers: [customerSlot] + (idSlot.map { [$0] } ?? []),
                                 makeChunk: makeChunk, finish: { $0.ledger.finishLookups() }) { chunk, row in
            chunk.ledger.rows += 1
            if chunk.ledger.rejectMalformed(row) { return }
            if let rule = skipRules.firstMatch(row) {
                chunk.skipped[rule] += 1
                return
            }
            guard let customerID = chunk.ledger.requiredID(row, slot: customerSlot, column: "customer_id") else { return }
            var eventID: UnsafeBufferPointer<UInt8>?
            if let idSlot {
                guard let id = chunk.ledger.requiredID(row, slot: idSlot, column: "event_id") else { return }
                eventID = id
            }
            if chunk.ledger.rejectMissing(row, slot: tsSlot, column: "ts") { return }
            guard let typeName = chunk.ledger.requiredField(row, slot: typeSlot, column: "type") else { return }
            guard let ts = row.field(tsSlot).flatMap({ FieldParser.timestamp($0, format: format, zone: zone, memo: &chunk.days) }) else {
                chunk.ledger.reject(.invalidDate, row: row, slot: tsSlot, expected: format.expectation)
                return
            }
            guard plausible.contains(ts) else {
                chunk.ledger.reject(.invalidDate, row: row, slot: tsSlot, expected: PlausibleDates.expectation)
                return
            }
            var value = Double.nan
            if let valueSlot, let field = row.field(valueSlot), FieldParser.trimmed(field).count > 0 {
                let parsed = options.decimalComma ? DecimalComma.withPointDecimal(field) { $0.flatMap(FieldParser.double) } : FieldParser.double(field)
                guard let number = parsed, number.isFinite else {
                    chunk.ledger.reject(.invalidNumber, row: row, slot: valueSlot,
                                        expected: "expected a number (e.g. an NPS score 0–10) or nothing; map another column as the value in the config")
                    return
                }
                value = number
            }
            var channel: Int32 = -1
            if let channelSlot, let field = row.field(channelSlot) {
                let trimmed = FieldParser.trimmed(field)
                if trimmed.count > 0 { channel = chunk.channels.code(trimmed) }
            }
            let type = chunk.types.code(typeName)
            chunk.ledger.accept(row: row, customerID: customerID, customerSlot: customerSlot, ownID: eventID, ownSlot: idSlot)
            chunk.timestamp.append(ts)
            chunk.type.append(type)
            chunk.channel.append(channel)
            chunk.value.append(value)
        }

        let ledgers = chunks.map(\.chunk.ledger)
        let firstLines = chunks.map(\.firstLine)
        var issues = RowLedger.locatedIssues(ledgers, firstLines: firstLines)
        try RowLedger.checkRowCount(ledgers, file: file)
        let resolver = RowResolver(ledgers: ledgers, firstLines: firstLines, file: file, idName: "event_id",
                                   index: &customers.ids, registerCustomers: registerCustomers,
                                   customerField: fields[customerSlot], idField: idSlot.map { fields[$0] })
        issues += resolver.issues
        // --strict stops at the first rejection in the file, whichever step found it.
        if strict, let first = issues.min(by: { $0.location.line < $1.location.line }) {
            throw .strictModeRejected(first)
        }

        let types = mergeDictionaries(chunks.map(\.chunk.types.table), lowercase: true)
        let channels = mergeDictionaries(chunks.map(\.chunk.channels.table), lowercase: true)
        var columns = EventColumns()
        columns.types = types.strings
        columns.channels = channels.strings
        let kept = resolver.kept
        columns.customer = kept.column(resolver.customers)
        columns.timestamp = kept.column(chunks.map(\.chunk.timestamp))
        columns.type = kept.column(chunks.map(\.chunk.type)) { c, type in types.remaps[c][Int(type)] }
        columns.channel = kept.column(chunks.map(\.chunk.channel)) { c, channel in channel >= 0 ? channels.remaps[c][Int(channel)] : -1 }
        columns.value = kept.column(chunks.map(\.chunk.value))
        if keepIDs {
            columns.ids = kept.column(chunks.indices.map { c in
                let keys = chunks[c].chunk.ledger.ownKeys
                return (0..<resolver.customers[c].count).map { idSlot == nil ? "" : keys.string($0) }
            })
        }
        let rejected = RowLedger.rejectedCounts(ledgers, unknownCustomers: resolver.unknownCustomers)
        var report = FileReport(file: file, table: .events, rowsRead: ledgers.reduce(0) { $0 + $1.rows },
                                kept: columns.count, duplicates: resolver.duplicates,
                                rejectedByReason: rejected, notes: source.readingNotes, skippedByRule: skipRules.counts(chunks.map(\.chunk.skipped)))
        report.columns = columnsUsed
        issues.sort { $0.location.line < $1.location.line }
        return (columns, report, issues)
    }
}
