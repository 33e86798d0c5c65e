/// Turns per-chunk parsed rows into kept rows: maps customer ids to dense ids and removes
/// duplicate row ids exactly (first occurrence in file order wins). With line items (orders),
/// a repeated id is another line of the same order unless the whole line repeats byte for byte.
///
/// Customer ids are looked up in parallel when the customer set is fixed (a customers file was
/// read), or registered in file order otherwise. Duplicates are found exactly by
/// ``RepeatedKeys``, in partitions of the ids that fit the cache.
package struct RowResolver {
    /// Per chunk, per parsed row: the dense customer id, or -1 when the row was dropped.
    package var customers: [[Int32]] = []
    package var unknownCustomers = 0
    package var duplicates = 0
    /// Line items: per chunk, per parsed row, the earlier line of the same order it adds to
    /// (`chunk << 32 | row`), or -1. Empty unless lines are merged.
    package var mergedInto: [[Int64]] = []
    /// Lines added to an earlier line of the same order.
    package var merged = 0
    /// Lines of an order whose first line has another customer (rejected).
    package var conflicts = 0
    /// Lines of an order another line of which was rejected while parsing (rejected: a part of
    /// an order would understate its amount).
    package var withRejectedLine = 0
    package var issues: [IngestIssue] = []

    package init(ledgers: [RowLedger], firstLines: [Int], file: String, idName: String?,
         index: inout ByteStringTable, registerCustomers: Bool, limitUnknown: Bool = true,
         customerField: FieldRef? = nil, idField: FieldRef? = nil, lineItems: Bool = false) {
        let offsets = firstLines.map { $0 - 1 }
        if registerCustomers {
            customers = ledgers.map { ledger in
                (0..<ledger.parsedCount).map { row in
                    Int32(ledger.customerKeys.withKey(row) { index.insert($0, hash: ledger.customerKeys.hashes[row]).code })
                }
            }
        } else {
            let looked: [([Int32], [IngestIssue], Int)] = Parallel.map(ledgers.count) { c in
                let ledger = ledgers[c]
                precondition(!ledger.hasPendingLookups, "customer ids are looked up while their chunk is read")
                var issues: [IngestIssue] = []
                for (row, unknown) in ledger.unknownKeys.sorted(by: { $0.key < $1.key }).prefix(RowLedger.issueLimit) {
                    issues.append(IngestIssue(
                        location: SourceLocation(file: file, line: Int(ledger.lines[row]) + offsets[c],
                                                 column: unknown.column, field: customerField),
                        reason: .unknownCustomer, value: unknown.text,
                        expected: "expected a customer_id present in the customers input"))
                }
                return (ledger.customerCodes, issues, ledger.unknownKeys.count)
            }
            customers = looked.map(\.0)
            issues = looked.flatMap(\.1)
            unknownCustomers = looked.reduce(0) { $0 + $1.2 }
        }
        if let idName, ledgers.contains(where: { $0.ownKeys.count > 0 }) {
            if lineItems { mergedInto = ledgers.map { [Int64](repeating: -1, count: $0.parsedCount) } }
            removeDuplicates(ledgers: ledgers, offsets: offsets, file: file, idName: idName, idField: idField, lineItems: lineItems)
        }
    }

    private mutating func removeDuplicates(ledgers: [RowLedger], offsets: [Int], file: String, idName: String, idField: FieldRef?,
                                           lineItems: Bool) {
        typealias Place = (chunk: Int, row: Int, firstLine: Int)
        // Rows are numbered across chunks.
        var starts = [0]
        for ledger in ledgers { starts.append(starts[starts.count - 1] + ledger.parsedCount) }
        func place(_ index: Int32) -> (chunk: Int, row: Int) {
            var low = 0, high = ledgers.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if starts[middle] <= Int(index) { low = middle } else { high = middle - 1 }
            }
            return (low, Int(index) - starts[low])
        }
        let repeats = RepeatedKeys.find(hashes: ledgers.map(\.ownKeys.hashes), kept: customers) { a, b in
            let (ac, arow) = place(a), (bc, brow) = place(b)
            return ledgers[ac].ownKeys.withKey(arow) { key in ledgers[bc].ownKeys.withKey(brow) { $0.elementsEqual(key) } }
        }
        // Every row of one id is in one partition, in file order.
        let found: [(duplicates: [Place], merges: [(line: Place, first: Place)])] = Parallel.map(repeats.count) { partition in
            // Per id seen more than once (line items): its lines with distinct content so far.
            var distinct: [Int32: [(chunk: Int, row: Int)]] = [:]
            var duplicates: [Place] = []
            var merges: [(line: Place, first: Place)] = []
            for repeated in repeats[partition] {
                let (c, row) = place(repeated.row)
                let (oc, orow) = place(repeated.first)
                let origin: Place = (oc, orow, Int(ledgers[oc].lines[orow]) + offsets[oc])
                guard lineItems else {
                    duplicates.append((c, row, origin.firstLine))
                    continue
                }
                let ledger = ledgers[c]
                var lines = distinct[repeated.first] ?? [(origin.chunk, origin.row)]
                if let same = lines.first(where: { ledgers[$0.chunk].sameRecord($0.row, as: ledger, row) }) {
                    duplicates.append((c, row, Int(ledgers[same.chunk].lines[same.row]) + offsets[same.chunk]))
                } else {
                    lines.append((c, row))
                    merges.append(((c, row, Int(ledger.lines[row]) + offsets[c]), origin))
                }
                distinct[repeated.first] = lines
            }
            return (duplicates, merges)
        }
        var duplicateIssues: [IngestIssue] = []
        func issue(_ place: Place, _ reason: RejectReason, _ expected: String) -> IngestIssue {
            let ledger = ledgers[place.chunk]
            return IngestIssue(location: SourceLocation(file: file, line: Int(ledger.lines[place.row]) + offsets[place.chunk],
                                                        column: Int(ledger.ownColumns[place.row]), field: idField),
                               reason: reason, value: ledger.ownKeys.string(place.row), expected: expected)
        }
        for place in found.flatMap(\.duplicates) {
            customers[place.chunk][place.row] = -1
            duplicates += 1
            duplicateIssues.append(issue(place, .duplicateID, lineItems
                ? "the same line as line \(place.firstLine), of the same \(idName); the first is kept"
                : "\(idName) already seen at line \(place.firstLine); the first occurrence is kept"))
        }
        if lineItems {
            rejectOrdersWithRejectedLines(ledgers: ledgers, offsets: offsets, idName: idName) { place, expected in
                duplicateIssues.append(issue(place, .orderRejected, expected))
            }
        }
        for (line, origin) in found.flatMap(\.merges) where customers[line.chunk][line.row] >= 0 {
            if customers[line.chunk][line.row] != customers[origin.chunk][origin.row] {
                customers[line.chunk][line.row] = -1
                conflicts += 1
                duplicateIssues.append(issue(line, .conflictingOrder,
                                             "the lines of one \(idName) belong to one customer; line \(origin.firstLine) has another"))
                continue
            }
            mergedInto[line.chunk][line.row] = Int64(origin.chunk) << 32 | Int64(origin.row)
            merged += 1
        }
        duplicateIssues.sort { $0.location.line < $1.location.line }
        issues += duplicateIssues.prefix(RowLedger.issueLimit)
    }

    /// Drops every line of an order one line of which was rejected while parsing (a bad date or
    /// amount on one line), so no order is kept with only part of its amount.
    private mutating func rejectOrdersWithRejectedLines(ledgers: [RowLedger], offsets: [Int], idName: String,
                                                        issue: ((chunk: Int, row: Int, firstLine: Int), String) -> Void) {
        var rejectedAt: [[UInt8]: Int] = [:]
        for (c, ledger) in ledgers.enumerated() {
            for k in 0..<ledger.rejectedOwnKeys.count {
                let key = ledger.rejectedOwnKeys.withKey(k) { Array($0) }
                if rejectedAt[key] == nil { rejectedAt[key] = Int(ledger.rejectedOwnLines[k]) + offsets[c] }
            }
        }
        guard !rejectedAt.isEmpty else { return }
        for (c, ledger) in ledgers.enumerated() {
            for row in 0..<ledger.parsedCount where customers[c][row] >= 0 {
                guard let line = ledger.ownKeys.withKey(row, { rejectedAt[Array($0)] }) else { continue }
                customers[c][row] = -1
                withRejectedLine += 1
                issue((c, row, line), "line \(line) of the same \(idName) was rejected; the whole order is left out rather than part of its amount kept")
            }
        }
    }
}

extension RowResolver {
    /// The rows to keep: those with a customer code.
    package var kept: KeptRows { KeptRows(customers) }
}
