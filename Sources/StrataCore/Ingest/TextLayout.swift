/// How fields are separated in a delimited text file.
public enum Delimiter: Sendable, Hashable, Codable {
    case comma, tab, semicolon, pipe
    /// Runs of spaces and tabs, with leading blanks ignored (the CDNOW log).
    case whitespace

    /// Reads `comma`, `tab`, `semicolon`, `pipe`, `whitespace` or the character itself.
    public init?(name: String) {
        switch name.lowercased() {
        case "comma", ",": self = .comma
        case "tab", "\t", "\\t": self = .tab
        case "semicolon", ";": self = .semicolon
        case "pipe", "|": self = .pipe
        case "whitespace", "space", " ": self = .whitespace
        default: return nil
        }
    }

    package var byte: UInt8 {
        switch self {
        case .comma: return UInt8(ascii: ",")
        case .tab: return 0x09
        case .semicolon: return UInt8(ascii: ";")
        case .pipe: return UInt8(ascii: "|")
        case .whitespace: return 0x20
        }
    }
}

/// The physical shape of one input file: CSV-like text or newline-delimited JSON.
public enum TextLayout: Sendable, Hashable {
    /// Delimited text, RFC 4180 quoting with `"`, optional header row.
    case delimited(Delimiter, header: Bool)
    /// One JSON object per line; keys are the column names.
    case ndjson
}
