/// Reads a customers file into a ``CustomerTable``.
///
/// Required column: `customer_id`; optional `signup_date`. Every other column is kept as an
/// attribute (dictionary coded). A repeated `customer_id` is a duplicate: the first row wins.
package struct CustomersReader {
    package let source: TextSource
    package let options: TableOptions

    private struct Chunk {
        package var ledger: RowLedger
        /// Rows left out, per skip rule.
        package var skipped: [Int] = []
        package var signup: [Int64?] = []
        package var attributes: [[Int32]]
        package var dictionaries: [ByteStringTable]
    }

    /// Reads the customers; also gives the id and line of each customer whose every row was
    /// rejected (so a message about their orders can say why the id is missing).
    package func read(strict: Bool) throws(IngestError) -> (CustomerTable, FileReport, [IngestIssue], rejectedIDs: [String: Int]) {
        var binding = try ColumnBinding(kind: .customers, columns: source.columns, options: options, file: source.name)
        guard let customerSlot = binding.slot("customer_id") else {
            throw .missingColumns(file: source.name, missing: ["customer_id"], found: source.columns)
        }
        let signupSlot = binding.slot("signup_date")
        let bound = Set(binding.slotNames)
        let attributeNames = source.columns.filter { !bound.contains($0) && !$0.isEmpty }
        let attributeSlots = attributeNames.map { binding.addSlot(named: $0) }
        let skipRules = try BoundRowRules(options.skip, kind: "customers.skip", binding: &binding, columns: source.columns, file: source.name)
        let format = options.dateFormat, zone = options.timeZone
        let plausible = PlausibleDates.range
        let file = source.name

        let fields = binding.fields(in: source)
        let chunks = source.scan(slots: binding.slotNames, identifiers: [customerSlot], makeChunk: { _ in
            Chunk(ledger: RowLedger(file: file, fields: fields, rejectedIDSlot: customerSlot), skipped: [Int](repeating: 0, count: skipRules.count),
                  attributes: Array(repeating: [], count: attributeSlots.count),
                  dictionaries: Array(repeating: ByteStringTable(), count: attributeSlots.count))
        }) { chunk, row in
            chunk.ledger.rows += 1
            if chunk.ledger.rejectMalformed(row) { return }
            if let rule = skipRules.firstMatch(row) {
                chunk.skipped[rule] += 1
                return
            }
            guard let customerID = chunk.ledger.requiredID(row, slot: customerSlot, column: "customer_id") else { return }
            var signup: Int64?
            if let signupSlot, let field = row.field(signupSlot), FieldParser.trimmed(field).count > 0 {
                guard let ts = FieldParser.timestamp(field, format: format, zone: zone) else {
                    chunk.ledger.reject(.invalidDate, row: row, slot: signupSlot, expected: format.expectation)
                    return
                }
                guard plausible.contains(ts) else {
                    chunk.ledger.reject(.invalidDate, row: row, slot: signupSlot, expected: PlausibleDates.expectation)
                    return
                }
                signup = ts
            }
            for (a, slot) in attributeSlots.enumerated() {
                var code: Int32 = -1
                if let field = row.field(slot) {
                    let trimmed = FieldParser.trimmed(field)
                    if trimmed.count > 0 { code = Int32(chunk.dictionaries[a].insert(trimmed).code) }
                }
                chunk.attributes[a].append(code)
            }
            chunk.ledger.accept(row: row, customerID: customerID, customerSlot: customerSlot, ownID: nil, ownSlot: nil)
            chunk.signup.append(signup)
        }

        let firstLines = chunks.map(\.firstLine)
        var issues = RowLedger.locatedIssues(chunks.map(\.chunk.ledger), firstLines: firstLines)
        if strict, let first = issues.min(by: { $0.location.line < $1.location.line }) {
            throw .strictModeRejected(first)
        }
        var table = CustomerTable()
        var merged: [(strings: [String], remaps: [[Int32]])] = []
        for a in attributeSlots.indices {
            merged.append(mergeDictionaries(chunks.map { $0.chunk.dictionaries[a] }))
        }
        // Sized for every parsed row at once, not grown a million rows at a time.
        let parsed = chunks.reduce(0) { $0 + $1.chunk.ledger.parsedCount }
        table.ids = ByteStringTable(capacity: parsed)
        var duplicates = 0
        var firstSeen: [Int] = []
        firstSeen.reserveCapacity(parsed)
        // Per chunk and parsed row: 0 when kept, -1 for a repeated id.
        var kept = chunks.map { [Int32](repeating: 0, count: $0.chunk.ledger.parsedCount) }
        for (c, entry) in chunks.enumerated() {
            let ledger = entry.chunk.ledger
            for row in 0..<ledger.parsedCount {
                let line = Int(ledger.lines[row]) + firstLines[c] - 1
                let result = ledger.customerKeys.withKey(row) { table.ids.insert($0, hash: ledger.customerKeys.hashes[row]) }
                guard result.inserted else {
                    kept[c][row] = -1
                    duplicates += 1
                    let issue = IngestIssue(
                        location: SourceLocation(file: file, line: line, column: Int(ledger.customerColumns[row]), field: fields[customerSlot]),
                        reason: .duplicateID, value: ledger.customerKeys.string(row),
                        expected: "customer_id already seen at line \(firstSeen[result.code]); the first occurrence is kept")
                    if strict { throw .strictModeRejected(issue) }
                    if issues.count < RowLedger.issueLimit * 2 { issues.append(issue) }
                    continue
                }
                firstSeen.append(line)
            }
        }
        // The kept rows' signups and attribute codes, copied in parallel.
        let keptRows = KeptRows(kept)
        table.signup = keptRows.column(chunks.map(\.chunk.signup))
        table.attributes = attributeNames.indices.map { a in
            let codes = keptRows.column(chunks.map { $0.chunk.attributes[a] }) { c, local in
                local >= 0 ? merged[a].remaps[c][Int(local)] : -1
            }
            return AttributeColumn(name: attributeNames[a], codes: codes, values: merged[a].strings)
        }
        let rejected = RowLedger.rejectedCounts(chunks.map(\.chunk.ledger), unknownCustomers: 0)
        var report = FileReport(file: file, table: .customers,
                                rowsRead: chunks.reduce(0) { $0 + $1.chunk.ledger.rows },
                                kept: table.count, duplicates: duplicates, rejectedByReason: rejected, notes: source.readingNotes,
                                skippedByRule: skipRules.counts(chunks.map(\.chunk.skipped)))
        report.columns = ["customer_id": binding.slotNames[customerSlot]].merging(signupSlot.map { ["signup_date": binding.slotNames[$0]] } ?? [:]) { a, _ in a }
        issues.sort { $0.location.line < $1.location.line }
        var rejectedIDs: [String: Int] = [:]
        for (c, entry) in chunks.enumerated() {
            let ledger = entry.chunk.ledger
            for k in 0..<ledger.rejectedOwnKeys.count where ledger.rejectedOwnKeys.withKey(k, { table.ids.code(of: $0) }) == nil {
                let id = ledger.rejectedOwnKeys.string(k)
                if rejectedIDs[id] == nil { rejectedIDs[id] = Int(ledger.rejectedOwnLines[k]) + firstLines[c] - 1 }
            }
        }
        return (table, report, issues, rejectedIDs)
    }
}
