import Testing
@testable import StrataCore

/// A reader's append-only column behaves as an `Array` would: every copy keeps its own values,
/// whichever copy appends first, and growing past the room reserved loses nothing.
@Suite struct AppendColumnTests {
    @Test func valuesAppendedPastTheReservedRoomAreAllKept() {
        var column = AppendColumn<Int64>(capacity: 3)
        var expected: [Int64] = []
        for i in 0..<10_000 {
            column.append(Int64(i * 7))
            expected.append(Int64(i * 7))
        }
        column.append(contentsOf: [1, 2, 3].withUnsafeBufferPointer { $0 })
        expected += [1, 2, 3]
        #expect(Array(column) == expected)
        #expect(column.withUnsafeBufferPointer { Array($0) } == expected)
    }

    @Test func copiesNeverSeeEachOthersAppends() {
        var original = AppendColumn<Int32>(capacity: 100)
        for i in 0..<5 { original.append(Int32(i)) }
        var copy = original
        copy.append(50)
        // The original appends after the copy did, into the slot the copy wrote: it moves first.
        original.append(5)
        copy.append(51)
        #expect(Array(original) == [0, 1, 2, 3, 4, 5])
        #expect(Array(copy) == [0, 1, 2, 3, 4, 50, 51])
        var third = copy
        third.append(contentsOf: [52, 53].withUnsafeBufferPointer { $0 })
        copy.append(60)
        #expect(Array(copy) == [0, 1, 2, 3, 4, 50, 51, 60])
        #expect(Array(third) == [0, 1, 2, 3, 4, 50, 51, 52, 53])
    }

    @Test func emptyingAColumnLeavesItsCopiesAlone() {
        var column = AppendColumn<Int>(capacity: 4)
        for i in 0..<3 { column.append(i) }
        let copy = column
        column.removeAll()
        #expect(column.isEmpty)
        column.append(9)
        #expect(Array(column) == [9])
        #expect(Array(copy) == [0, 1, 2])
    }

    @Test func chunksOfAppendColumnsKeepTheirKeptRows() {
        var first = AppendColumn<Double>(), second = AppendColumn<Double>()
        for value in [1.5, 2.5, 3.5] { first.append(value) }
        for value in [4.5, 5.5] { second.append(value) }
        let kept = KeptRows([[0, -1, 0], [-1, 0]])
        #expect(kept.column([first, second]) == [1.5, 3.5, 5.5])
        #expect(kept.column([first, second]) { chunk, value in value + Double(chunk) } == [1.5, 3.5, 6.5])
    }
}
