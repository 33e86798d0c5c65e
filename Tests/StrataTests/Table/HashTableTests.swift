import Testing
@testable import StrataCore

/// The hash tables behind customer lookup and id de-duplication are exact: equal hash bits never
/// make two different keys one, and a batched lookup answers what one-by-one lookups answer.
@Suite struct HashTableTests {
    func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// Short keys (found in the short-key index) and long ones (found in the table), present and
    /// absent, among them keys whose packed bytes are equal and only their lengths differ
    /// ("abb" and "ab", "abcdabcd" and "abcd").
    @Test func aBatchedLookupAnswersAsOneByOne() {
        var table = ByteStringTable()
        // The codes the table gives, kept the plain way.
        var codes: [String: Int] = [:]
        let inserted = (0..<5_000).map { "C\($0 * 3)" } + (0..<500).map { "customer-\($0 * 7)" } + ["abb", "abcdabcd", "x", "12345678"]
        for key in inserted { codes[key] = table.insert(key) }
        // The batch reads the keys where they are: they stay in one buffer until it is resolved.
        var keys = (0..<2_000).map { i in
            i % 7 == 0 ? "unknown-\(i)" : i % 5 == 0 ? "customer-\(7 * (i % 600))" : i % 3 == 0 ? "C\(i + 15_000)" : "C\(i * 3 % 15_000)"
        }
        keys += ["ab", "abb", "abcd", "abcdabcd", "", "x", "y", "12345678", "1234567", "123456789"]
        let expected = keys.map { codes[$0] ?? -1 }
        let got = batchedCodes(keys, in: KeyLookup(table))
        #expect(got == expected)
        #expect(expected.suffix(10) == [-1, 5_500, -1, 5_501, -1, 5_502, -1, 5_503, -1, -1])
        let long = keys.indices.filter { keys[$0].utf8.count > ShortKeyIndex.longestKey }
        #expect(long.contains { expected[$0] >= 0 } && long.contains { expected[$0] < 0 })
        #expect(expected.contains(-1) && expected.contains { $0 > 0 })
    }

    /// Each key's code from a ``LookupBatch``, resolved whenever it fills; the keys stay in one
    /// buffer until then, as a parser's do.
    func batchedCodes(_ keys: [String], in lookup: KeyLookup) -> [Int] {
        let bytes = keys.map { Array($0.utf8) }
        let ends = bytes.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, ends.last!))
        defer { buffer.deallocate() }
        _ = buffer.initialize(from: bytes.joined())
        var batch = LookupBatch()
        var codes: [Int] = []
        for i in keys.indices {
            batch.append(UnsafeBufferPointer(rebasing: buffer[ends[i]..<ends[i + 1]]), tag: i)
            if batch.isFull || i == keys.count - 1 {
                codes += batch.resolve(in: lookup)
                batch.removeAll()
            }
        }
        return codes
    }

    /// Ids numbered under one prefix are found by number, and only ids of exactly that form:
    /// canonical digits (`C70`, not `C070`) or digits of one width (`CUST-000070`, not
    /// `CUST-70`), among ids of other forms that only the table holds.
    @Test(arguments: ["C7", "CUST-000007", "12353"])
    func numberedIDsAreFoundByNumber(form: String) {
        func id(_ n: Int) -> String {
            switch form {
            case "C7": "C\(n)"
            case "CUST-000007": "CUST-" + String(repeating: "0", count: max(0, 6 - String(n).count)) + String(n)
            default: "\(n + 12_346)"
            }
        }
        var table = ByteStringTable()
        var codes: [String: Int] = [:]
        // Every third number up to 30,000, then ids of other forms.
        let inserted = (0..<10_000).map { id($0 * 3) } + ["C070", "CUST-70", "c12", "C12x", "0", "00", "C", "CUST-", "999999999999999999999"]
        for key in inserted where codes[key] == nil { codes[key] = table.insert(key) }
        #expect(NumericKeyIndex(table) != nil, "\(form): the index is made")
        var probes = (0..<3_000).map { id($0 * 11) }  // present and absent numbers
        probes += [id(30_000_000), id(0), "C070", "C0070", "CUST-70", "CUST-0000070", "CUST-00070", "c12", "C12x", "C12 ", " C12"]
        probes += ["0", "00", "000", "C", "CUST-", "", "999999999999999999999", "99999999999999999", "12345", "12346", "12349"]
        // The number of a present id (3) written with one more leading zero: another id.
        probes += ["C03", "CUST-0000003", "012349", "C3", "CUST-000003"]
        let expected = probes.map { codes[$0] ?? -1 }
        let got = batchedCodes(probes, in: KeyLookup(table))
        let wrong = probes.indices.filter { got[$0] != expected[$0] }.map { "\(probes[$0]): \(got[$0]), not \(expected[$0])" }
        #expect(wrong.isEmpty, "\(form): \(wrong.prefix(5))")
        #expect(expected.filter { $0 >= 0 }.count > 900 && expected.contains(-1))
    }

    /// Ids whose numbers are spread far apart, or mostly of other forms, get no numbered index.
    @Test func sparseOrMixedIDsGetNoNumberedIndex() {
        var sparse = ByteStringTable(), mixed = ByteStringTable()
        for n in 0..<1_000 { _ = sparse.insert("C\(n * 1_000_003)") }
        for n in 0..<1_000 { _ = mixed.insert(n % 3 == 0 ? "C\(n)" : "user-\(n)@example.com") }
        #expect(NumericKeyIndex(sparse) == nil)
        #expect(NumericKeyIndex(mixed) == nil)
    }

    /// Packing is one word per key for each length: no two distinct keys of one length share it.
    @Test func packedShortKeysAreDistinct() {
        let alphabet: [UInt8] = [0, 1, 0x41, 0xFF]
        for length in 0...ShortKeyIndex.longestKey {
            var seen: [UInt64: [UInt8]] = [:]
            var key = [UInt8](repeating: 0, count: length)
            // Every key over the alphabet for short lengths; a sample of 4,096 for the longer ones.
            let total = min(1 << (2 * length), 4_096)
            for n in 0..<total {
                var rest = n &* (length > 6 ? 2_654_435_761 : 1)
                for k in 0..<length { key[k] = alphabet[rest & 3]; rest >>= 2 }
                let packed = key.withUnsafeBufferPointer(ShortKeyIndex.pack)
                if let other = seen[packed] { #expect(other == key, "\(other) and \(key) pack alike") }
                seen[packed] = key
            }
        }
    }

    /// A dictionary coder's cache answers what the table answers: values of every length up to
    /// 20 bytes (the cache holds up to 16), more of them than the cache has lines, among them
    /// values alike but for their length ("ab" and "abb", "abcd" and "abcdabcd", whose words are
    /// equal) or one byte (at 9, 15 and 16 bytes, where the first and last 8 bytes overlap).
    @Test func aDictionaryCoderCodesAsItsTable() {
        var values = (0...20).map { String(repeating: "a", count: $0) }
        values += (0..<200).map { "type_\($0 % 90)" } + ["ab", "abb", "abcdabcd", "abcd"]
        values += ["abcdefghX", "abcdefghY", "abcdefgXYbcdefg", "abcdefgYYbcdefg", "abcdefghXbcdefgh", "abcdefghYbcdefgh"]
        var coder = DictionaryCoder()
        var plain = ByteStringTable()
        for round in 0..<3 {
            for value in round == 1 ? values.reversed() : values {
                var text = value
                let code = text.withUTF8 { coder.code($0) }
                #expect(Int(code) == plain.insert(value), "\(value)")
            }
        }
        #expect(coder.table.strings == plain.strings)
    }

    /// Repeats found the plain way: a dictionary from key to its first row.
    func plainRepeats(_ chunks: [[[UInt8]]], kept: [[Int32]]) -> [RepeatedKeys.Repeat] {
        var first: [[UInt8]: Int32] = [:]
        var repeats: [RepeatedKeys.Repeat] = []
        var number: Int32 = 0
        for (c, keys) in chunks.enumerated() {
            for (row, key) in keys.enumerated() {
                defer { number += 1 }
                guard kept[c][row] >= 0 else { continue }
                if let earlier = first[key] { repeats.append(.init(row: number, first: earlier)) } else { first[key] = number }
            }
        }
        return repeats
    }

    func repeatedKeys(_ chunks: [[[UInt8]]], kept: [[Int32]], hash: ([UInt8]) -> UInt64) -> [RepeatedKeys.Repeat] {
        let all = chunks.flatMap { $0 }
        let found = RepeatedKeys.find(hashes: chunks.map { $0.map(hash) }, kept: kept) { all[Int($0)] == all[Int($1)] }
        for partition in found { #expect(partition.map(\.row) == partition.map(\.row).sorted(), "row order within a partition") }
        return found.flatMap { $0 }.sorted { $0.row < $1.row }
    }

    /// The hash is fixed (stores keep it): known values, and the two-seed form equal to two hashes.
    @Test func byteHashHasKnownValues() {
        let second: UInt64 = 0x6A09_E667_F3BC_C908
        let known: [(String, UInt64, UInt64)] = [
            ("", 0xFDBD_F6AC_4FC5_2E7F, 0x1388_8B11_1909_64AC),
            ("a", 0x0019_9B50_FEB1_1F93, 0xC27A_CDCE_A0CE_F971),
            ("C48688", 0x577F_5C23_658F_B6FC, 0xF74A_8380_8B6D_FC9F),
            ("O549185-1,C549185,2022-07-02T05:03:26Z,49.96,4.99,toys", 0x01B9_B4B1_3EC0_A581, 0x4030_F2E5_C7D7_9806),
        ]
        for (text, first, other) in known {
            // An empty text still has storage here (its buffer is not nil).
            let bytes = Array(text.utf8) + [0]
            bytes.withUnsafeBufferPointer { all in
                let key = UnsafeBufferPointer(rebasing: all[0..<text.utf8.count])
                #expect(byteHash(key) == first, "\(text)")
                #expect(byteHash(key, seed: second) == other, "\(text)")
                let pair = byteHashes(key, seeds: (0xCBF2_9CE4_8422_2325, second))
                #expect(pair.0 == first && pair.1 == other, "\(text)")
            }
        }
        var random = SeededRandom(seed: 11)
        for length in 0..<70 {
            let bytes = (0..<length).map { _ in UInt8(random.next() % 256) }
            bytes.withUnsafeBufferPointer { key in
                let pair = byteHashes(key, seeds: (3, second))
                #expect(pair.0 == byteHash(key, seed: 3) && pair.1 == byteHash(key, seed: second), "\(length) bytes")
            }
        }
    }

    /// A table numbered anew holds the same keys under their new codes: each key is found under
    /// its new code, its bytes are there, absent keys stay absent, and keys added later go after them.
    @Test func aRenumberedTableFindsEveryKeyUnderItsNewCode() {
        var table = ByteStringTable()
        let keys = (0..<20_000).map { "C\($0 * 7_919 % 100_003)" } + ["", "a-much-longer-customer-id-\(42)"]
        for key in keys { table.insert(key) }
        var random = SeededRandom(seed: 5)
        var order = Array(0..<table.count)
        for i in order.indices.reversed() where i > 0 { order.swapAt(i, Int(random.next() % UInt64(i + 1))) }
        var newCode = [Int32](repeating: 0, count: order.count)
        for (k, old) in order.enumerated() { newCode[old] = Int32(k) }
        var renumbered = table.renumbered(order, newCode: newCode)
        #expect(renumbered.count == table.count)
        for (old, key) in keys.enumerated() {
            #expect(renumbered.code(of: key) == Int(newCode[old]), "\(key)")
            #expect(renumbered.string(Int(newCode[old])) == key)
        }
        #expect(["D1", "C-1", "C"].allSatisfy { renumbered.code(of: $0) == nil })
        #expect(renumbered.insert("new-id") == table.count && renumbered.code(of: "new-id") == table.count)
    }

    @Test func keysWithEqualHashesStayApart() {
        // Every key gets the same hash: only the byte comparison tells them apart.
        let chunks = [(0..<700).map { bytes("id-\($0 % 600)") }, (700..<1_000).map { bytes("id-\($0 % 600)") }]
        let kept = chunks.map { [Int32](repeating: 0, count: $0.count) }
        let found = repeatedKeys(chunks, kept: kept) { _ in 42 }
        #expect(found.count == 400)
        #expect(found == plainRepeats(chunks, kept: kept), "a repeat names its first occurrence, across chunks")
    }

    @Test func repeatsAcrossPartitionsMatchAPlainDictionary() {
        // Enough rows for many partitions; dropped rows take no part (neither repeat nor first).
        let chunks = (0..<5).map { c in (0..<60_000).map { bytes("E\(((c * 60_000 + $0) * 7_919) % 130_001)") } }
        let kept = chunks.enumerated().map { c, keys in keys.indices.map { Int32(($0 + c) % 11 == 0 ? -1 : 0) } }
        let found = repeatedKeys(chunks, kept: kept) { key in key.withUnsafeBufferPointer { byteHash($0) } }
        #expect(found.count > 100_000)
        #expect(found == plainRepeats(chunks, kept: kept))
    }
}
