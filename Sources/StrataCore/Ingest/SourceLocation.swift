/// A place in an input file: the file name, a 1-based line and a 1-based column.
///
/// Messages about input read `orders.csv:12:4: …`, so a user can jump straight to the value.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file name as the user gave it (or its last path component for directory inputs).
    public var file: String
    /// The 1-based physical line number (a quoted field spanning lines counts each line).
    public var line: Int
    /// The 1-based byte column of the start of the field within its line (0 when not known).
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String {
        column > 0 ? "\(file):\(line):\(column)" : "\(file):\(line)"
    }
}
