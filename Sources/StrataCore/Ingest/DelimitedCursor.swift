/// Splits delimited text into records, one call per record, straight from bytes.
///
/// Follows RFC 4180: fields may be quoted with `"`, a doubled `""` inside quotes is one quote,
/// and quoted fields may hold delimiters and line breaks. Lines end in LF, CRLF or a lone CR.
/// Blank lines are skipped. In `.whitespace` mode, runs of blanks separate fields and leading
/// blanks are ignored.
package struct DelimitedCursor {
    private let base: UnsafeMutablePointer<UInt8>
    private var pos: Int
    private let end: Int
    private let delimiter: UInt8
    private let whitespace: Bool
    /// Physical line breaks consumed so far.
    package private(set) var newlines = 0
    /// Field position → slot (-1: not wanted).
    private let fieldToSlot: [Int]

    package init(base: UnsafeMutablePointer<UInt8>, range: Range<Int>, delimiter: Delimiter, fieldToSlot: [Int]) {
        self.base = base
        self.pos = range.lowerBound
        self.end = range.upperBound
        self.delimiter = delimiter.byte
        self.whitespace = delimiter == .whitespace
        self.fieldToSlot = fieldToSlot
    }

    @inline(__always) private func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }
    @inline(__always) private func isBreak(_ c: UInt8) -> Bool { c == 0x0A || c == 0x0D }

    /// Consumes one line break at `pos` (LF, CRLF or CR).
    @inline(__always)
    private mutating func consumeBreak() {
        if base[pos] == 0x0D, pos + 1 < end, base[pos + 1] == 0x0A { pos += 1 }
        pos += 1
        newlines += 1
    }

    /// Skips blank lines; returns false at the end of the range.
    private mutating func skipBlankLines() -> Bool {
        while pos < end {
            var probe = pos
            if whitespace { while probe < end, isBlank(base[probe]) { probe += 1 } }
            if probe == end { pos = end; return false }
            guard isBreak(base[probe]) else { return true }
            pos = probe
            consumeBreak()
        }
        return false
    }

    /// Reads the next record into `row`; returns false when the range is exhausted.
    package mutating func next(into row: inout RowBuffer) -> Bool {
        guard skipBlankLines() else { return false }
        row.reset()
        row.line = newlines + 1
        let recordStart = pos
        var lineStart = pos
        var recordEnd = pos
        defer { if row.malformed == nil { row.record = UnsafeBufferPointer(start: base + recordStart, count: recordEnd - recordStart) } }
        var field = 0
        while true {
            if whitespace { while pos < end, isBlank(base[pos]) { pos += 1 } }
            let column = pos - lineStart + 1
            var start = pos
            var count = 0
            if pos < end, base[pos] == 0x22 {
                pos += 1
                start = pos
                var write = pos
                var closed = false
                while pos < end {
                    let c = base[pos]
                    if c == 0x22 {
                        if pos + 1 < end, base[pos + 1] == 0x22 {
                            base[write] = 0x22
                            write += 1
                            pos += 2
                            continue
                        }
                        pos += 1
                        closed = true
                        break
                    }
                    if c == 0x0A { newlines += 1; lineStart = pos + 1 }
                    if write != pos { base[write] = c }
                    write += 1
                    pos += 1
                }
                guard closed else {
                    row.malformed = "unterminated quoted field starting at column \(column)"
                    return true
                }
                count = write - start
                if pos < end, !isBreak(base[pos]), base[pos] != delimiter, !(whitespace && isBlank(base[pos])) {
                    row.malformed = "unexpected character after the closing quote at column \(pos - lineStart + 1)"
                    skipToLineEnd()
                    return true
                }
            } else if whitespace {
                while pos < end, !isBlank(base[pos]), !isBreak(base[pos]) { pos += 1 }
                count = pos - start
            } else {
                while pos < end {
                    let c = base[pos]
                    if c == delimiter || c == 0x0A || c == 0x0D { break }
                    pos += 1
                }
                count = pos - start
            }
            if field < fieldToSlot.count {
                let slot = fieldToSlot[field]
                if slot >= 0 {
                    row.starts[slot] = base + start
                    row.counts[slot] = count
                    row.columns[slot] = column
                }
            }
            field += 1
            recordEnd = pos
            if pos >= end { break }
            if whitespace {
                while pos < end, isBlank(base[pos]) { pos += 1 }
                if pos >= end { break }
                if isBreak(base[pos]) { consumeBreak(); break }
                continue
            }
            if base[pos] == delimiter { pos += 1; continue }
            consumeBreak()
            break
        }
        row.fieldCount = field
        return true
    }

    private mutating func skipToLineEnd() {
        while pos < end, !isBreak(base[pos]) { pos += 1 }
        if pos < end { consumeBreak() }
    }
}
