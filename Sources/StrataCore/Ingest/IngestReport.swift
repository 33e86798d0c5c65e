/// What happened to the rows of one input file. Always `rowsRead == kept + rejected + duplicates`.
public struct FileReport: Sendable, Codable, Hashable {
    public var file: String
    public var table: TableKind
    public var rowsRead: Int
    public var kept: Int
    public var duplicates: Int
    /// Rejected rows by reason (duplicates are counted apart, in ``duplicates``).
    public var rejectedByReason: [String: Int]
    /// Kept rows worth knowing about (e.g. `zero_amount`, `refunds`, `converted_currency`).
    public var notes: [String: Int]

    public init(file: String, table: TableKind, rowsRead: Int, kept: Int, duplicates: Int,
                rejectedByReason: [String: Int], notes: [String: Int]) {
        self.file = file
        self.table = table
        self.rowsRead = rowsRead
        self.kept = kept
        self.duplicates = duplicates
        self.rejectedByReason = rejectedByReason
        self.notes = notes
    }

    public var rejected: Int { rejectedByReason.values.reduce(0, +) }

    /// Whether the row counts add up.
    public var balances: Bool { rowsRead == kept + rejected + duplicates }

    package enum CodingKeys: String, CodingKey {
        case file, table, kept, duplicates, notes
        case rowsRead = "rows_read"
        case rejectedByReason = "rejected"
    }
}

/// The account of a whole load: one ``FileReport`` per file and the located problems.
public struct IngestReport: Sendable {
    public var files: [FileReport] = []
    /// Rejected rows with file, line, column, value and expectation, in file and line order
    /// (at most 10,000 per file).
    public var issues: [IngestIssue] = []

    public init() {}

    public var totalRejected: Int { files.reduce(0) { $0 + $1.rejected + $1.duplicates } }
}
