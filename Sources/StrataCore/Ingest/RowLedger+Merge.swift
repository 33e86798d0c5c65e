extension RowLedger {
    /// The chunks' rejections with file line numbers (chunk lines shifted by each chunk's first line).
    package static func locatedIssues(_ ledgers: [RowLedger], firstLines: [Int]) -> [IngestIssue] {
        ledgers.enumerated().flatMap { c, ledger in
            ledger.issues.map { issue in
                var moved = issue
                moved.location.line += firstLines[c] - 1
                return moved
            }
        }
    }

    /// Rejections by reason over all chunks, plus the unknown customers found while resolving.
    package static func rejectedCounts(_ ledgers: [RowLedger], unknownCustomers: Int) -> [String: Int] {
        var rejected: [String: Int] = [:]
        for ledger in ledgers { for (reason, n) in ledger.rejected { rejected[reason.rawValue, default: 0] += n } }
        if unknownCustomers > 0 { rejected[RejectReason.unknownCustomer.rawValue] = unknownCustomers }
        return rejected
    }
}
