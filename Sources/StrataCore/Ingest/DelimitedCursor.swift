import CByteScan

/// Splits delimited text into records, one call per record, straight from bytes.
///
/// Follows RFC 4180: fields may be quoted with `"`, a doubled `""` inside quotes is one quote,
/// and quoted fields may hold delimiters and line breaks. Lines end in LF, CRLF or a lone CR.
/// Blank lines are skipped. In `.whitespace` mode, runs of blanks separate fields and leading
/// blanks are ignored.
///
/// A quote that is never closed, or a quoted field over line breaks that is not followed by a
/// delimiter or a line end, or one spanning more than ``maximumLineBreaksInField`` line breaks,
/// or one over line breaks in a record without the `expectedFields` count, makes only its own
/// line a malformed record: reading resumes on the next line, so one stray quote cannot swallow
/// the rest of the file.
package struct DelimitedCursor {
    /// Line breaks a quoted field may hold (a note, a support ticket's text, an email thread).
    package static let maximumLineBreaksInField = 10_000
    private let base: UnsafeMutablePointer<UInt8>
    private var pos: Int
    private let end: Int
    private let delimiter: UInt8
    private let whitespace: Bool
    /// Where the next record starts.
    package var position: Int { pos }
    /// Physical line breaks consumed so far.
    package private(set) var newlines = 0
    /// Wanted fields written as a spreadsheet's text formula, `="00123"`, read as their text.
    package private(set) var textFormulas = 0
    /// Field position → slot (-1: not wanted).
    private let fieldToSlot: [Int]
    /// False: only find the records, leaving the bytes as they are (quoted fields are otherwise
    /// unescaped in place).
    private let unescape: Bool
    /// The fields a record has; a record with another count whose quoted field ran over line
    /// breaks is taken for a stray quote's doing (nil: any count).
    private let expectedFields: Int?
    /// Whether records without a quote are split 32 bytes at a time (``splitPlainRecord(into:)``);
    /// false reads every record on the general path (what a test compares the two with).
    private let splitsPlainRecords: Bool

    package init(base: UnsafeMutablePointer<UInt8>, range: Range<Int>, delimiter: Delimiter, fieldToSlot: [Int],
                 unescape: Bool = true, expectedFields: Int? = nil, splitsPlainRecords: Bool = true) {
        self.base = base
        self.pos = range.lowerBound
        self.end = range.upperBound
        self.delimiter = delimiter.byte
        self.whitespace = delimiter == .whitespace
        self.fieldToSlot = fieldToSlot
        self.unescape = unescape
        self.expectedFields = expectedFields
        self.splitsPlainRecords = splitsPlainRecords && delimiter != .whitespace
    }

    /// The position just past the record that starts at `start`'s line: the end of the first
    /// line break at or after `from`, with the line breaks count moved there.
    private mutating func resync(lineEndFrom from: Int, newlinesThere: Int) {
        pos = from
        newlines = newlinesThere
        while pos < end, !isBreak(base[pos]) { pos += 1 }
        if pos < end { consumeBreak() }
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
        defer {
            // A malformed record shows its line up to where reading stopped (without the break).
            var last = row.malformed == nil ? recordEnd : pos
            while row.malformed != nil, last > recordStart, isBreak(base[last - 1]) { last -= 1 }
            row.record = UnsafeBufferPointer(start: base + recordStart, count: last - recordStart)
        }
        if splitsPlainRecords {
            if let lineBreak = splitPlainRecord(into: &row) {
                recordEnd = lineBreak
                return true
            }
            row.reset()
        }
        var field = 0
        // The first quoted field that ran over line breaks: where it opened, and its line.
        var spanned: (column: Int, breaks: Int, start: Int, newlines: Int)?
        while true {
            if whitespace { while pos < end, isBlank(base[pos]) { pos += 1 } }
            let column = pos - lineStart + 1
            var start = pos
            var count = 0
            if pos < end, base[pos] == 0x22 {
                let openLine = (newlines, lineStart)
                pos += 1
                start = pos
                // First find the closing quote, touching nothing; then unescape.
                var scan = pos, breaks = 0, escapes = 0
                var closing = -1
                while scan < end {
                    let c = base[scan]
                    if c == 0x22 {
                        if scan + 1 < end, base[scan + 1] == 0x22 { escapes += 1; scan += 2; continue }
                        closing = scan
                        break
                    }
                    if c == 0x0A || (c == 0x0D && !(scan + 1 < end && base[scan + 1] == 0x0A)) {
                        breaks += 1
                        if breaks > Self.maximumLineBreaksInField { break }
                    }
                    scan += 1
                }
                let after = closing + 1
                let wellEnded = closing >= 0 && (after >= end || isBreak(base[after]) || base[after] == delimiter
                    || (whitespace && isBlank(base[after])))
                guard closing >= 0, wellEnded || breaks == 0 else {
                    row.malformed = closing < 0
                        ? "unterminated quoted field starting at column \(column) (no closing quote within \(Self.maximumLineBreaksInField) line breaks); the rest of the line is skipped and reading resumes on the next line"
                        : "a quoted field from column \(column) runs over \(breaks) line break\(breaks == 1 ? "" : "s") and is not followed by a delimiter; the rest of the line is skipped and reading resumes on the next line"
                    resync(lineEndFrom: start, newlinesThere: openLine.0)
                    return true
                }
                var write = pos
                while pos < closing {
                    let c = base[pos]
                    if c == 0x22 { pos += 1 }  // the first of a doubled quote
                    if base[pos] == 0x0A { newlines += 1; lineStart = pos + 1 }
                    if base[pos] == 0x0D, !(pos + 1 < end && base[pos + 1] == 0x0A) { newlines += 1; lineStart = pos + 1 }
                    if unescape, write != pos { base[write] = base[pos] }
                    write += 1
                    pos += 1
                }
                pos = closing + 1
                count = unescape ? write - start : closing - start - escapes
                if breaks > 0, spanned == nil { spanned = (column, breaks, start, openLine.0) }
                if !wellEnded {
                    row.malformed = "unexpected character after the closing quote at column \(pos - lineStart + 1)"
                    skipToLineEnd()
                    return true
                }
            } else if whitespace {
                while pos < end, !isBlank(base[pos]), !isBreak(base[pos]) { pos += 1 }
                count = pos - start
            } else {
                pos = fieldEnd(from: pos)
                count = pos - start
            }
            if field < fieldToSlot.count {
                let slot = fieldToSlot[field]
                if slot >= 0 {
                    if count >= 3, base[start] == 0x3D, isTextFormula(start, count) {
                        start += 2
                        count -= 3
                        textFormulas += 1
                    }
                    row.set(slot, start: base + start, count: count, column: column)
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
        if let spanned, let expectedFields, field != expectedFields {
            // A quote that opened no field (a stray one) paired with one lines further on.
            row.malformed = "a quoted field from column \(spanned.column) runs over \(spanned.breaks) line break\(spanned.breaks == 1 ? "" : "s") into a record of \(field) fields, not \(expectedFields); the rest of the line is skipped and reading resumes on the next line"
            resync(lineEndFrom: spanned.start, newlinesThere: spanned.newlines)
            return true
        }
        row.fieldCount = field
        return true
    }

    /// Splits a record without a quote (what nearly every record is) at the delimiters and the
    /// line break found 32 bytes at a time (``strata_byte_masks``), and returns where its line
    /// break was (`pos` then past it). Returns nil at a quote before the line break, or when the
    /// record reaches the range's last 32 bytes, having moved nothing but the slots it set (the
    /// caller clears them): the general path reads those records.
    @inline(__always)
    private mutating func splitPlainRecord(into row: inout RowBuffer) -> Int? {
        let start = pos
        var at = pos, fieldStart = pos, field = 0
        while at &+ 32 <= end {
            let masks = strata_byte_masks(base + at, delimiter)
            // Only the bytes before the record's line break belong to it.
            let breakAt = masks.breaks == 0 ? 32 : masks.breaks.trailingZeroBitCount
            let before: UInt32 = breakAt == 32 ? ~0 : (1 << UInt32(breakAt)) &- 1
            if masks.quotes & before != 0 { return nil }
            var delimiters = masks.delimiters & before
            while delimiters != 0 {
                let i = at &+ delimiters.trailingZeroBitCount
                if field < fieldToSlot.count, fieldToSlot[field] >= 0 {
                    row.set(fieldToSlot[field], start: base + fieldStart, count: i - fieldStart, column: fieldStart - start + 1)
                }
                field += 1
                fieldStart = i + 1
                delimiters &= delimiters &- 1
            }
            if breakAt < 32 {
                let i = at &+ breakAt
                if field < fieldToSlot.count, fieldToSlot[field] >= 0 {
                    row.set(fieldToSlot[field], start: base + fieldStart, count: i - fieldStart, column: fieldStart - start + 1)
                }
                pos = i
                consumeBreak()
                row.fieldCount = field + 1
                return i
            }
            at &+= 32
        }
        return nil
    }

    /// Whether the field at `start` is `="…"` with no other quote inside: what spreadsheet
    /// exports write to keep a value's text (leading zeros, long digits) from being read as a
    /// number (`="00123"`, or quoted, `"=""00123"""`).
    private func isTextFormula(_ start: Int, _ count: Int) -> Bool {
        guard base[start + 1] == 0x22, base[start + count - 1] == 0x22 else { return false }
        for i in (start + 2)..<(start + count - 1) where base[i] == 0x22 { return false }
        return true
    }

    /// The first delimiter or line break at or after `from` (or the end), eight bytes at a time.
    @inline(__always)
    private func fieldEnd(from: Int) -> Int {
        var at = from
        let ones: UInt64 = 0x0101_0101_0101_0101
        let delimiters = UInt64(delimiter) &* ones, lineFeeds = UInt64(0x0A) &* ones, returns = UInt64(0x0D) &* ones
        while at &+ 8 <= end {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + at).loadUnaligned(as: UInt64.self))
            let hits = Self.zeroBytes(word ^ delimiters) | Self.zeroBytes(word ^ lineFeeds) | Self.zeroBytes(word ^ returns)
            if hits != 0 { return at &+ hits.trailingZeroBitCount >> 3 }
            at &+= 8
        }
        while at < end {
            let c = base[at]
            if c == delimiter || c == 0x0A || c == 0x0D { break }
            at += 1
        }
        return at
    }

    /// The high bit of every byte of `word` that is zero, and no other bit.
    @inline(__always)
    private static func zeroBytes(_ word: UInt64) -> UInt64 {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((word & low) &+ low) | word | low)
    }

    private mutating func skipToLineEnd() {
        while pos < end, !isBreak(base[pos]) { pos += 1 }
        if pos < end { consumeBreak() }
    }
}
