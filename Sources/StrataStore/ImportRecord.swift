import GRDB
import StrataCore

/// How far an import of one file got.
public enum ImportStatus: String, Sendable, Codable, DatabaseValueConvertible {
    case running, complete
    /// Found running when the next import started: the process stopped mid-way.
    case interrupted
}

/// A row of `imports`, the manifest: one file's import and how far it got.
public struct ImportRecord: Sendable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "imports"

    public var id: Int64?
    public var file: String
    public var kind: TableKind
    public var contentHash: String
    public var startedAt: Int64
    public var status: ImportStatus
    public var rowsRead: Int
    public var kept: Int
    public var rejected: Int
    public var duplicates: Int
    public var batches = 0
    public var stored = 0
    public var alreadyPresent = 0
    public var durationMs: Int?
    /// The file's size and modification time (nanoseconds since 1970) when it was read.
    public var fileSize: Int64?
    public var fileModified: Int64?
    /// ``InputConfig/fingerprint(for:)`` of the settings it was read with.
    public var configHash: String?

    enum CodingKeys: String, CodingKey {
        case id, file, kind, status, kept, rejected, duplicates, batches, stored
        case contentHash = "content_hash", startedAt = "started_at", rowsRead = "rows_read",
             alreadyPresent = "already_present", durationMs = "duration_ms",
             fileSize = "file_size", fileModified = "file_modified", configHash = "config_hash"
    }

    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let status = Column(CodingKeys.status)
        public static let batches = Column(CodingKeys.batches)
        public static let stored = Column(CodingKeys.stored)
        public static let alreadyPresent = Column(CodingKeys.alreadyPresent)
        public static let durationMs = Column(CodingKeys.durationMs)
        public static let file = Column(CodingKeys.file)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
