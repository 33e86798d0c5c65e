/// A place in an input file: the file name, a 1-based line, a 1-based byte column and, when
/// known, the field (its name in the file and its 1-based position in the record).
///
/// Messages about input read `orders.csv:12:4: …`, so a user can jump straight to the value.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file name as the user gave it (or its last path component for directory inputs).
    public var file: String
    /// The 1-based physical line number (a quoted field spanning lines counts each line).
    public var line: Int
    /// The 1-based byte column of the start of the field within its line (0 when not known).
    public var column: Int
    /// The field's name in the file ("" when not known).
    public var field: String
    /// The field's 1-based position in the record (0 when not known, and in NDJSON).
    public var fieldNumber: Int

    public init(file: String, line: Int, column: Int, field: FieldRef? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field?.name ?? ""
        self.fieldNumber = field?.number ?? 0
    }

    public var description: String {
        column > 0 ? "\(file):\(line):\(column)" : "\(file):\(line)"
    }
}

/// A field of a file's records: its name and 1-based position (0 in NDJSON).
public struct FieldRef: Sendable, Hashable {
    public var name: String
    public var number: Int

    public init(name: String, number: Int) {
        self.name = name
        self.number = number
    }
}
