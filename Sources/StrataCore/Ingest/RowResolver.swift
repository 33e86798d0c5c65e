/// Turns per-chunk parsed rows into kept rows: maps customer ids to dense ids and removes
/// duplicate row ids exactly (first occurrence in file order wins).
///
/// Customer ids are looked up in parallel when the customer set is fixed (a customers file was
/// read), or registered in file order otherwise. Duplicate detection shards ids by hash so each
/// core owns a disjoint part of one exact hash set.
package struct RowResolver {
    /// Per chunk, per parsed row: the dense customer id, or -1 when the row was dropped.
    package var customers: [[Int32]] = []
    package var unknownCustomers = 0
    package var duplicates = 0
    package var issues: [IngestIssue] = []

    package init(ledgers: [RowLedger], firstLines: [Int], file: String, idName: String?,
         index: inout ByteStringTable, registerCustomers: Bool, limitUnknown: Bool = true,
         customerField: FieldRef? = nil, idField: FieldRef? = nil) {
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
                var issues: [IngestIssue] = []
                for (row, value) in ledger.unknownKeys.sorted(by: { $0.key < $1.key }).prefix(RowLedger.issueLimit) {
                    issues.append(IngestIssue(
                        location: SourceLocation(file: file, line: Int(ledger.lines[row]) + offsets[c],
                                                 column: Int(ledger.customerColumns[row]), field: customerField),
                        reason: .unknownCustomer, value: value,
                        expected: "expected a customer_id present in the customers input"))
                }
                return (ledger.customerCodes, issues, ledger.unknownKeys.count)
            }
            customers = looked.map(\.0)
            issues = looked.flatMap(\.1)
            unknownCustomers = looked.reduce(0) { $0 + $1.2 }
        }
        if let idName, ledgers.contains(where: { $0.ownKeys.count > 0 }) {
            removeDuplicates(ledgers: ledgers, offsets: offsets, file: file, idName: idName, idField: idField)
        }
    }

    private mutating func removeDuplicates(ledgers: [RowLedger], offsets: [Int], file: String, idName: String, idField: FieldRef?) {
        let shards = 16
        let keep = customers
        let found: [[(chunk: Int, row: Int, firstLine: Int)]] = Parallel.map(shards) { shard in
            var seen = ByteStringTable(capacity: ledgers.reduce(0) { $0 + $1.parsedCount } / shards + 16)
            var firstLines: [Int] = []
            var duplicates: [(chunk: Int, row: Int, firstLine: Int)] = []
            for (c, ledger) in ledgers.enumerated() {
                let keys = ledger.ownKeys
                for row in 0..<keys.count where keep[c][row] >= 0 {
                    let hash = keys.hashes[row]
                    guard Int(hash % UInt64(shards)) == shard else { continue }
                    let result = keys.withKey(row) { seen.insert($0, hash: hash) }
                    if result.inserted {
                        firstLines.append(Int(ledger.lines[row]) + offsets[c])
                    } else {
                        duplicates.append((c, row, firstLines[result.code]))
                    }
                }
            }
            return duplicates
        }
        var duplicateIssues: [IngestIssue] = []
        for (c, row, firstLine) in found.joined() {
            customers[c][row] = -1
            duplicates += 1
            let ledger = ledgers[c]
            duplicateIssues.append(IngestIssue(
                location: SourceLocation(file: file, line: Int(ledger.lines[row]) + offsets[c],
                                         column: Int(ledger.ownColumns[row]), field: idField),
                reason: .duplicateID, value: ledger.ownKeys.string(row),
                expected: "\(idName) already seen at line \(firstLine); the first occurrence is kept"))
        }
        duplicateIssues.sort { $0.location.line < $1.location.line }
        issues += duplicateIssues.prefix(RowLedger.issueLimit)
    }
}
