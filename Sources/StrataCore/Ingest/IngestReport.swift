/// What happened to the rows of one input file. Always
/// `rowsRead == kept + rejected + duplicates + merged + skipped`.
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
    /// Line items: lines added to an earlier line of the same order (an order id that repeats).
    public var merged: Int
    /// Rows left out by a row rule of the config, by rule.
    public var skippedByRule: [String: Int]
    /// Canonical column → what fed it (a file column, or e.g. `Quantity × UnitPrice`).
    public var columns: [String: String] = [:]
    /// What the user should check about how the file was read.
    public var warnings: [String] = []

    public init(file: String, table: TableKind, rowsRead: Int, kept: Int, duplicates: Int,
                rejectedByReason: [String: Int], notes: [String: Int], merged: Int = 0, skippedByRule: [String: Int] = [:]) {
        self.file = file
        self.table = table
        self.rowsRead = rowsRead
        self.kept = kept
        self.duplicates = duplicates
        self.rejectedByReason = rejectedByReason
        self.notes = notes
        self.merged = merged
        self.skippedByRule = skippedByRule
    }

    public var rejected: Int { rejectedByReason.values.reduce(0, +) }
    public var skipped: Int { skippedByRule.values.reduce(0, +) }

    /// Whether the row counts add up.
    public var balances: Bool { rowsRead == kept + rejected + duplicates + merged + skipped }

    package enum CodingKeys: String, CodingKey {
        case file, table, kept, duplicates, notes, merged, columns, warnings
        case rowsRead = "rows_read"
        case rejectedByReason = "rejected"
        case skippedByRule = "skipped"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        file = try c.decode(String.self, forKey: .file)
        table = try c.decode(TableKind.self, forKey: .table)
        rowsRead = try c.decode(Int.self, forKey: .rowsRead)
        kept = try c.decode(Int.self, forKey: .kept)
        duplicates = try c.decode(Int.self, forKey: .duplicates)
        rejectedByReason = try c.decode([String: Int].self, forKey: .rejectedByReason)
        notes = try c.decode([String: Int].self, forKey: .notes)
        // Runs before line items and row rules had neither.
        merged = try c.decodeIfPresent(Int.self, forKey: .merged) ?? 0
        skippedByRule = try c.decodeIfPresent([String: Int].self, forKey: .skippedByRule) ?? [:]
        columns = try c.decodeIfPresent([String: String].self, forKey: .columns) ?? [:]
        warnings = try c.decodeIfPresent([String].self, forKey: .warnings) ?? []
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
