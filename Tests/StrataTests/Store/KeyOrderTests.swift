import Testing
@testable import StrataCore
@testable import StrataStore

/// An import inserts rows in the byte order of their keys, whatever the keys look like and however
/// many cores sort them.
@Suite struct KeyOrderTests {
    /// The order by a plain sort: UTF-8 bytes, ties by row.
    static func expected(_ keys: [String]) -> [Int32] {
        keys.indices.sorted { a, b in
            let (x, y) = (Array(keys[a].utf8), Array(keys[b].utf8))
            return x == y ? a < b : x.lexicographicallyPrecedes(y)
        }.map { Int32($0) }
    }

    @Test(arguments: [1, 2, 4])
    func rowsComeInTheByteOrderOfTheirKeys(workers: Int) {
        var generator = SeededRandom(seed: 17)
        var keys: [String] = []
        for i in 0..<200_000 {
            let n = generator.next() % 5_000
            switch i % 5 {
            case 0: keys.append("evt_00000000\(n)")          // a long shared prefix, lengths differ
            case 1: keys.append("E\(n)-\(generator.next() % 12)") // the generator's ids
            case 2: keys.append("évt-\(n)")                  // bytes past ASCII
            case 3: keys.append(String(n, radix: 16))        // short keys, some of them equal
            default: keys.append("")                          // empty
            }
        }
        let order = Parallel.$workerLimit.withValue(workers) { KeyOrder.rows(keys) }
        #expect(order == Self.expected(keys))
    }

    @Test func keysThatShareEveryByteBeforeTheirEndAreOrderedByTheirEnd() {
        let keys = (0..<100_000).reversed().map { "order-2024-11-29-\(String(repeating: "0", count: 12))\($0)" }
        #expect(KeyOrder.sharedPrefixLength(keys) == "order-2024-11-29-000000000000".utf8.count)
        #expect(KeyOrder.rows(keys) == Self.expected(keys))
    }

    @Test func theSixteenBytesAfterTheSharedPrefixAreReadBigEndian() {
        #expect(KeyOrder.prefix("ab", after: 0) == (0x6162_0000_0000_0000, 0))
        #expect(KeyOrder.prefix("xyabcdefghij", after: 2) == (0x6162_6364_6566_6768, 0x696A_0000_0000_0000))
        #expect(KeyOrder.prefix("ab", after: 2) == (0, 0))
        #expect(KeyOrder.precedes("ab", "abc") && !KeyOrder.precedes("abc", "ab") && KeyOrder.precedes("aa", "ab") && !KeyOrder.precedes("ab", "ab"))
        #expect(KeyOrder.rows([]) == [] && KeyOrder.rows(["only"]) == [0])
    }
}
