/// The keys of a ``ByteStringTable`` that are one text prefix followed by a number (`C123`,
/// `CUST-000123`, `17850`), held by number in a plain array: looking one up reads the number
/// from the key's digits and then one element. With most ids numbered close together — as
/// exports number customers — that array is four bytes an id and stays in the cache, where a
/// hash index of a million ids does not.
///
/// The digits are either canonical (no leading zero: `C7`, `C70`) or of one width (`C0007`,
/// `C0070`), whichever form more keys have; each key of the form has one number and each number
/// one key. A key that does not have the form (another prefix, other characters, a leading zero
/// in canonical digits, another width) is not in the index, so ``place(of:)`` answers nil for
/// it and the caller looks it up the general way; for every key of the form the index is complete.
package struct NumericKeyIndex: Sendable {
    /// The most digits a number may have (below 10¹⁸, so it fits in 63 bits).
    static let longestNumber = 18
    private let prefix: [UInt8]
    /// The width every number is written with, or nil when numbers are canonical.
    private let width: Int?
    private let lowest: Int
    /// Code per number from `lowest`, or -1.
    private let codes: [Int32]

    /// Indexes `table`'s keys of the form of its first key, or returns nil when fewer than half
    /// its keys have it or their numbers are spread over more than four slots a key.
    package init?(_ table: ByteStringTable) {
        let found: (prefix: [UInt8], width: Int?, numbers: [Int], lowest: Int, highest: Int)? = table.withKeys { bytes, ends in
            guard ends.count > 0 else { return nil }
            let first = UnsafeBufferPointer(rebasing: bytes[0..<ends[0]])
            let digits = first.reversed().prefix { Self.isDigit($0) }.count
            guard digits > 0, digits <= Self.longestNumber else { return nil }
            let prefix = Array(first.dropLast(digits))
            // First every key's digits under the prefix (nil: another form), by width.
            var widths = [Int](repeating: 0, count: Self.longestNumber + 1)
            var canonical = 0
            var runs: [(start: Int, count: Int)?] = []
            runs.reserveCapacity(ends.count)
            var start = 0
            for end in ends {
                defer { start = end }
                let key = UnsafeBufferPointer(rebasing: bytes[start..<end])
                guard let run = Self.digitRun(key, prefix: prefix) else { runs.append(nil); continue }
                widths[run.count] += 1
                if Self.isCanonical(UnsafeBufferPointer(rebasing: key[run])) { canonical += 1 }
                runs.append((start + run.lowerBound, run.count))
            }
            // Then the form that holds more keys: canonical digits, or the most common width.
            let common = widths.indices.max { widths[$0] < widths[$1] || widths[$0] == widths[$1] && $0 > $1 }!
            let width = widths[common] > canonical ? common : nil
            var numbers = [Int](repeating: -1, count: ends.count)
            var lowest = Int.max, highest = Int.min, held = 0
            for (code, run) in runs.enumerated() {
                guard let run else { continue }
                let digits = UnsafeBufferPointer(rebasing: bytes[run.start..<run.start + run.count])
                guard width.map({ $0 == run.count }) ?? Self.isCanonical(digits) else { continue }
                let number = Self.number(digits)
                numbers[code] = number
                (lowest, highest, held) = (min(lowest, number), max(highest, number), held + 1)
            }
            guard held * 2 >= ends.count, highest - lowest < 4 * held + 4_096 else { return nil }
            return (prefix, width, numbers, lowest, highest)
        }
        guard let found else { return nil }
        var codes = [Int32](repeating: -1, count: found.highest - found.lowest + 1)
        for (code, number) in found.numbers.enumerated() where number >= 0 {
            codes[number - found.lowest] = Int32(code)
        }
        (prefix, width, lowest, self.codes) = (found.prefix, found.width, found.lowest, codes)
    }

    /// Where the key's code is (``code(at:)``) when the key has the indexed form; nil when it
    /// does not, and only the table can tell. Finding every key's place first and then reading
    /// the codes lets the reads, each a cache miss, overlap.
    @inline(__always)
    package func place(of key: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let run = Self.digitRun(key, prefix: prefix) else { return nil }
        let digits = UnsafeBufferPointer(rebasing: key[run])
        if let width {
            guard digits.count == width else { return nil }
        } else {
            guard Self.isCanonical(digits) else { return nil }
        }
        let slot = Self.number(digits) - lowest
        return slot >= 0 && slot < codes.count ? slot : -1
    }

    /// The code at a place ``place(of:)`` gave (-1 when the table lacks the key).
    @inline(__always)
    package func code(at place: Int) -> Int { place >= 0 ? Int(codes[place]) : -1 }

    /// Where the digits after `prefix` are, when the key is `prefix` then 1 to 18 digits.
    @inline(__always)
    private static func digitRun(_ key: UnsafeBufferPointer<UInt8>, prefix: [UInt8]) -> Range<Int>? {
        let n = prefix.count
        guard key.count > n, key.count - n <= longestNumber else { return nil }
        for i in 0..<n where key[i] != prefix[i] { return nil }
        for i in n..<key.count where !isDigit(key[i]) { return nil }
        return n..<key.count
    }

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    @inline(__always)
    private static func isCanonical(_ digits: UnsafeBufferPointer<UInt8>) -> Bool {
        digits.count == 1 || digits[0] != UInt8(ascii: "0")
    }

    @inline(__always)
    private static func number(_ digits: UnsafeBufferPointer<UInt8>) -> Int {
        var value = 0
        for digit in digits { value = value &* 10 &+ Int(digit &- UInt8(ascii: "0")) }
        return value
    }
}
