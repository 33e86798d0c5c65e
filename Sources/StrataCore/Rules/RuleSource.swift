/// A segment-definition file's text, with line positions for locating diagnostics.
public struct RuleSource: Sendable {
    public let file: String
    public let text: [UInt8]
    /// Byte offset where each line starts.
    package let lineStarts: [Int]

    public init(file: String, text: String) {
        self.file = file
        self.text = Array(text.utf8)
        var starts = [0]
        for (i, byte) in self.text.enumerated() where byte == 0x0A { starts.append(i + 1) }
        lineStarts = starts
    }

    /// 1-based line and column (in characters) of a byte offset.
    package func position(_ offset: Int) -> (line: Int, column: Int) {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        let start = lineStarts[low]
        let column = String(decoding: text[start..<min(offset, text.count)], as: UTF8.self).count + 1
        return (low + 1, column)
    }

    /// The text of a 1-based line, without its line break.
    package func line(_ number: Int) -> String {
        let start = lineStarts[number - 1]
        var end = number < lineStarts.count ? lineStarts[number] - 1 : text.count
        if end > start, text[end - 1] == 0x0D { end -= 1 }
        return String(decoding: text[start..<max(start, end)], as: UTF8.self)
    }

    package func slice(_ span: Span) -> String {
        String(decoding: text[max(0, span.start)..<min(text.count, span.end)], as: UTF8.self)
    }
}

/// A range of bytes in a ``RuleSource``.
public struct Span: Sendable, Hashable {
    public var start: Int
    public var end: Int

    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = end
    }

    /// The smallest span covering both.
    package func to(_ other: Span) -> Span { Span(min(start, other.start), max(end, other.end)) }
}

/// A located problem in a segment-definition file.
public struct RuleDiagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String
    /// The source line and a caret line under the offending span.
    public var excerpt: String

    package init(_ source: RuleSource, _ span: Span, _ message: String) {
        let (line, column) = source.position(span.start)
        file = source.file
        self.line = line
        self.column = column
        self.message = message
        let text = source.line(line)
        let (endLine, endColumn) = source.position(max(span.start, span.end - 1))
        let width = endLine == line ? max(1, endColumn - column + 1) : max(1, text.count - column + 1)
        excerpt = text + "\n" + String(repeating: " ", count: max(0, column - 1)) + String(repeating: "^", count: width)
    }

    public var description: String { "\(file):\(line):\(column): \(message)\n\(excerpt)" }
}

/// All problems found in a file, in source order.
public struct RuleErrors: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [RuleDiagnostic]
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
