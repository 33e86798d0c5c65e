#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An input file opened for reading: mapped bytes, layout and column names.
///
/// For delimited files with a header the names come from the header row; without a header
/// they are the 1-based positions `"1"`, `"2"`, …; for NDJSON they are every key of every line,
/// in order of first appearance.
package final class TextSource {
    package let name: String
    package let layout: TextLayout
    package let columns: [String]
    /// Fields the last ``scan`` read from a spreadsheet's text formula (`="00123"` as `00123`).
    package private(set) var textFormulas = 0

    /// What the file report notes of the reading itself: `text_formula` cells.
    package var readingNotes: [String: Int] { textFormulas > 0 ? ["text_formula": textFormulas] : [:] }
    private let file: MappedFile
    private var dataStart: Int
    private var headerLines: Int

    /// - Parameter resumingAfter: a byte count: the file's first bytes were read before, and
    ///   only the records after them are read (line numbers stay those of the whole file). It
    ///   must end a line (else the whole file is read); the file's size or more reads nothing.
    package convenience init(path: String, displayName: String, layout: TextLayout, resumingAfter prefix: Int = 0) throws(IngestError) {
        try self.init(file: MappedFile(path: path), displayName: displayName, layout: layout)
        guard prefix > dataStart, let base = file.bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        let size = file.bytes.count
        if prefix >= size {
            dataStart = size
        } else if base[prefix - 1] == 0x0A || (base[prefix - 1] == 0x0D && base[prefix] != 0x0A) {
            headerLines += Self.lineBreaks(base, dataStart..<prefix)
            file.release(dataStart..<prefix)
            dataStart = prefix
        }
    }

    /// What a file that is not UTF-8 text is, told by its first bytes, with what to do; nil for text.
    static func binaryKind(_ head: UnsafeBufferPointer<UInt8>) -> String? {
        func starts(_ magic: [UInt8]) -> Bool { head.count >= magic.count && zip(head, magic).allSatisfy { $0 == $1 } }
        if starts([0x1F, 0x8B]) { return "a gzip file, not text: decompress it first (gunzip)" }
        if starts([0x50, 0x4B, 0x03, 0x04]) { return "a zip file (an Excel .xlsx workbook is one), not text: save the sheet as CSV (UTF-8)" }
        if starts([0xD0, 0xCF, 0x11, 0xE0]) { return "an old Excel .xls workbook, not text: save the sheet as CSV (UTF-8)" }
        if starts([0xFF, 0xFE]) || starts([0xFE, 0xFF]) { return "UTF-16 text: save it as UTF-8 (e.g. iconv -f utf-16 -t utf-8)" }
        return nil
    }

    /// The line breaks in `range` as the cursors count them: LF, CRLF once, and a lone CR.
    static func lineBreaks(_ base: UnsafeMutablePointer<UInt8>, _ range: Range<Int>) -> Int {
        let pieces = Parallel.ranges(range.count, minimumSize: 1 << 22)
        return Parallel.map(pieces.count) { piece in
            var count = 0
            for i in pieces[piece].lazy.map({ $0 + range.lowerBound }) {
                let byte = base[i]
                if byte == 0x0A || (byte == 0x0D && (i + 1 == range.upperBound || base[i + 1] != 0x0A)) { count += 1 }
            }
            return count
        }.reduce(0, +)
    }

    /// Bytes received in memory (an API request body), read as a file named `displayName`.
    package convenience init(bytes: [UInt8], displayName: String, layout: TextLayout) throws(IngestError) {
        try self.init(file: MappedFile(copying: bytes, name: displayName), displayName: displayName, layout: layout)
    }

    private init(file: MappedFile, displayName: String, layout: TextLayout) throws(IngestError) {
        self.file = file
        name = displayName
        self.layout = layout
        guard let base = file.bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), file.bytes.count > 0 else {
            throw .emptyFile(file: displayName)
        }
        let size = file.bytes.count
        if let kind = Self.binaryKind(UnsafeBufferPointer(start: base, count: min(size, 8))) {
            throw .cannotOpen(file: displayName, reason: kind)
        }
        var start = 0
        if size >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF { start = 3 }
        switch layout {
        case let .delimited(delimiter, header):
            // Count the first record's fields (touching nothing), then read them all: no column cap.
            var counter = DelimitedCursor(base: base, range: start..<size, delimiter: delimiter, fieldToSlot: [], unescape: false)
            var probe = RowBuffer(slots: 1)
            guard counter.next(into: &probe) else { throw .emptyFile(file: displayName) }
            let count = probe.fieldCount
            var cursor = DelimitedCursor(base: base, range: start..<size, delimiter: delimiter,
                                         fieldToSlot: Array(0..<count))
            var row = RowBuffer(slots: max(count, 1))
            _ = cursor.next(into: &row)
            if header {
                columns = (0..<count).map { row.text($0).trimmingBlanks() }
                // Names are matched without regard to case: two fields with one name cannot both be read.
                var first: [String: Int] = [:]
                for (i, name) in columns.enumerated() where !name.isEmpty {
                    if let earlier = first[name.lowercased()] {
                        throw .duplicateColumn(file: displayName, name: name, positions: [earlier + 1, i + 1])
                    }
                    first[name.lowercased()] = i
                }
                dataStart = cursor.position
                headerLines = cursor.newlines
            } else {
                columns = (0..<count).map { String($0 + 1) }
                dataStart = start
                headerLines = 0
            }
        case .ndjson:
            dataStart = start
            headerLines = 0
            // The keys of every line, in order of first appearance (a key that first shows up on
            // line 1,000,000 is a column too). Unescaping happens in place, and the later full
            // parse must not unescape again, so keys are read from private copies of ~4 MB pieces.
            var seen = ByteStringTable()
            var collected: [String] = []
            let piece = 4 << 20
            let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: piece)
            defer { scratch.deallocate() }
            var from = start
            while from < size {
                var to = min(size, from + piece)
                var back = to
                if to < size { while back > from, base[back - 1] != 0x0A { back -= 1 } }
                if to < size, back > from {
                    to = back
                } else if to < size {
                    // A line longer than a piece: take it whole.
                    let rest = memchr(base + to, 0x0A, size - to)
                    to = rest.map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) + 1 } ?? size
                }
                let copy = to - from <= piece ? scratch : UnsafeMutablePointer<UInt8>.allocate(capacity: to - from)
                copy.initialize(from: base + from, count: to - from)
                var cursor = JSONLineCursor(base: copy, range: 0..<(to - from), keys: [])
                cursor.keySink = { key in
                    if seen.insert(key).inserted { collected.append(String(decoding: key, as: UTF8.self)) }
                }
                var row = RowBuffer(slots: 1)
                while cursor.next(into: &row) {}
                if copy != scratch { copy.deallocate() }
                from = to
            }
            columns = collected
        }
    }

    /// Reads every data record in parallel chunks and returns the per-chunk results in file order.
    ///
    /// - Parameters:
    ///   - slots: the column names wanted, in slot order (as named in ``columns``).
    ///   - identifiers: the slots holding ids; in NDJSON they must be strings or numbers.
    ///   - makeChunk: creates an empty per-chunk accumulator, given about how many records the
    ///     chunk holds (to reserve its columns: an estimate, not a bound).
    ///   - finish: called with each chunk's accumulator after its last record, while the chunk's
    ///     bytes are still there (e.g. to resolve lookups that point into them).
    ///   - body: reads one record into the accumulator; `row.line` is chunk-relative.
    /// - Returns: each chunk's accumulator with the 1-based file line its first record is on.
    package func scan<Chunk>(slots: [String], identifiers: [Int] = [], makeChunk: (_ expectedRecords: Int) -> Chunk,
                     finish: (inout Chunk) -> Void = { _ in },
                     body: (inout Chunk, RowBuffer) -> Void) -> [(chunk: Chunk, firstLine: Int)] {
        guard let base = file.bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return [] }
        let ranges = chunkRanges(base: base)
        let fieldToSlot: [Int] = columns.map { name in slots.firstIndex(of: name) ?? -1 }
        let recordLength = typicalRecordLength(base: base)
        let meter = WorkMeter.current
        meter?.begin(total: ranges.reduce(0) { $0 + $1.count })
        let results: [(Chunk, Int, Int)] = Parallel.map(ranges.count) { index in
            // A tenth more than the typical length gives: growing a column copies it whole.
            var chunk = makeChunk(ranges[index].count / recordLength * 11 / 10 + 16)
            var row = RowBuffer(slots: max(slots.count, 1))
            switch layout {
            case let .delimited(delimiter, _):
                var cursor = DelimitedCursor(base: base, range: ranges[index], delimiter: delimiter,
                                             fieldToSlot: fieldToSlot, expectedFields: columns.count)
                while cursor.next(into: &row) {
                    if row.malformed == nil, row.fieldCount != columns.count {
                        row.malformed = "expected \(columns.count) fields, found \(row.fieldCount)"
                    }
                    body(&chunk, row)
                }
                finish(&chunk)
                file.release(ranges[index])
                meter?.advance(by: ranges[index].count, rows: cursor.newlines)
                return (chunk, cursor.newlines, cursor.textFormulas)
            case .ndjson:
                var cursor = JSONLineCursor(base: base, range: ranges[index], keys: slots, identifiers: Set(identifiers))
                while cursor.next(into: &row) { body(&chunk, row) }
                finish(&chunk)
                file.release(ranges[index])
                meter?.advance(by: ranges[index].count, rows: cursor.newlines)
                return (chunk, cursor.newlines, 0)
            }
        }
        var line = headerLines + 1
        var output: [(chunk: Chunk, firstLine: Int)] = []
        output.reserveCapacity(results.count)
        textFormulas = results.reduce(0) { $0 + $1.2 }
        for (chunk, newlines, _) in results {
            output.append((chunk, line))
            line += newlines
        }
        return output
    }

    /// The bytes a record takes, on average over the first 256 KB of data (at least 1).
    private func typicalRecordLength(base: UnsafeMutablePointer<UInt8>) -> Int {
        let sample = min(file.bytes.count - dataStart, 256 << 10)
        var lines = 0
        for i in 0..<sample where base[dataStart + i] == 0x0A { lines += 1 }
        return max(1, sample / max(lines, 1))
    }

    /// Whether a double quote is among the `length` bytes at `start`, looked for on every core
    /// (a file without one is read through once here, its pages brought in by both cores).
    private static func containsQuote(_ start: UnsafeMutablePointer<UInt8>, _ length: Int) -> Bool {
        let pieces = Parallel.ranges(length, minimumSize: 16 << 20)
        return Parallel.map(pieces.count) { i in memchr(start + pieces[i].lowerBound, 0x22, pieces[i].count) != nil }.contains(true)
    }

    /// Splits the data bytes at record boundaries into about 4 MB pieces.
    private func chunkRanges(base: UnsafeMutablePointer<UInt8>) -> [Range<Int>] {
        let size = file.bytes.count
        let length = size - dataStart
        // About 16 pieces a core (what is read does not depend on the cut: line numbers and
        // dictionary codes come out the same).
        let pieces = max(1, min(Parallel.workers * 16, length / (4 << 20)))
        guard pieces > 1 else { return [dataStart..<size] }
        var bounds = [dataStart]
        if case let .delimited(delimiter, _) = layout, Self.containsQuote(base + dataStart, length) {
            // Quotes may hide line breaks, and only the records themselves tell which quotes open a
            // field: walk the records once with the reading cursor (touching no byte) and cut
            // after the first record that ends past each target.
            var cursor = DelimitedCursor(base: base, range: dataStart..<size, delimiter: delimiter, fieldToSlot: [], unescape: false,
                                         expectedFields: columns.count)
            var row = RowBuffer(slots: 1)
            var next = 1
            while next < pieces, cursor.next(into: &row) {
                if cursor.position >= dataStart + length * next / pieces, cursor.position < size {
                    bounds.append(cursor.position)
                    next += 1
                }
            }
        } else {
            for i in 1..<pieces {
                let target = max(dataStart + length * i / pieces, bounds[bounds.count - 1])
                guard target < size, let hit = memchr(base + target, 0x0A, size - target) else { break }
                let boundary = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
                if boundary < size, boundary > bounds[bounds.count - 1] { bounds.append(boundary) }
            }
        }
        bounds.append(size)
        return (0..<(bounds.count - 1)).compactMap { i in
            bounds[i] < bounds[i + 1] ? bounds[i]..<bounds[i + 1] : nil
        }
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    package func trimmingBlanks() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
