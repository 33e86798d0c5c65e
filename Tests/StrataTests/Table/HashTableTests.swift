import Testing
@testable import StrataCore

/// The hash tables behind customer lookup and id de-duplication are exact: equal hash bits never
/// make two different keys one, and a batched lookup answers what one-by-one lookups answer.
@Suite struct HashTableTests {
    func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func aBatchedLookupAnswersAsOneByOne() {
        var table = ByteStringTable()
        for i in 0..<5_000 { table.insert("C\(i * 3)") }
        var batch = LookupBatch()
        var expected: [Int] = []
        var got: [Int] = []
        for i in 0..<2_000 {
            let key = bytes(i % 7 == 0 ? "unknown-\(i)" : "C\(i * 3 % 15_000)")
            expected.append(key.withUnsafeBufferPointer { table.code(of: $0) } ?? -1)
            key.withUnsafeBufferPointer { batch.append($0, tag: i) }
            if batch.isFull || i == 1_999 {
                got += batch.resolve(in: table)
                batch.removeAll()
            }
        }
        #expect(got == expected)
        #expect(expected.contains(-1) && expected.contains { $0 > 0 })
    }

    @Test func keysWithEqualHashesStayApart() {
        // Every key gets the same hash: only the byte comparison tells them apart.
        let keys = (0..<1_000).map { bytes("id-\($0 % 600)") }
        var set = IndexedKeySet(expected: 4)
        var firstOf: [Int32?] = []
        for (i, key) in keys.enumerated() {
            firstOf.append(set.insert(Int32(i), hash: 42, isEqual: { keys[Int($0)] == key }, hashOf: { _ in 42 }))
        }
        #expect(set.count == 600, "600 distinct keys, the set grew from room for 4")
        #expect(firstOf[..<600].allSatisfy { $0 == nil })
        #expect(firstOf[600...].enumerated().allSatisfy { $0.element == Int32($0.offset) }, "a repeat names its first occurrence")
    }

    @Test func anIndexedSetMatchesAnExactSet() {
        let keys = (0..<20_000).map { bytes("E\(($0 * 7_919) % 13_001)") }
        var set = IndexedKeySet(expected: 100)
        var seen: [[UInt8]: Int32] = [:]
        for (i, key) in keys.enumerated() {
            let hash = key.withUnsafeBufferPointer { byteHash($0) }
            let present = set.insert(Int32(i), hash: hash, isEqual: { keys[Int($0)] == key },
                                     hashOf: { keys[Int($0)].withUnsafeBufferPointer { byteHash($0) } })
            #expect(present == seen[key])
            if seen[key] == nil { seen[key] = Int32(i) }
        }
        #expect(set.count == seen.count)
    }
}
