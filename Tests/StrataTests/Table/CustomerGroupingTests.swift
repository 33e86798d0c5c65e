import Testing
@testable import StrataCore

/// Grouping rows by customer gives each customer's rows in time order, ties in file order,
/// whatever the number of cores that count and place them.
@Suite struct CustomerGroupingTests {
    @Test func piecesPlaceRowsAsOneStableSortDoes() {
        // Enough rows for several pieces; customers interleaved, times with ties and out of order.
        let count = 300_000, customers = 5_000
        let customer = (0..<count).map { Int32(($0 &* 7_919) % customers) }
        let timestamp = (0..<count).map { Int64(($0 &* 104_729) % 1_000) }
        let expected = (0..<count).sorted { (customer[$0], timestamp[$0], $0) < (customer[$1], timestamp[$1], $1) }.map(Int32.init)
        for workers in [1, 2, 4] {
            let grouping = Parallel.$workerLimit.withValue(workers) {
                CustomerGrouping(customer: customer, timestamp: timestamp, customerCount: customers)
            }
            #expect(grouping.rows == expected, "\(workers) workers")
            #expect(grouping.offsets.count == customers + 1 && grouping.offsets.last == count)
            #expect(grouping.customerOfEachRow() == expected.map { customer[Int($0)] })
            #expect(grouping.timestamps.isEmpty)
            let keeping = Parallel.$workerLimit.withValue(workers) {
                CustomerGrouping(customer: customer, timestamp: timestamp, customerCount: customers, keepsTimestamps: true)
            }
            #expect(keeping.rows == expected)
            #expect(keeping.timestamps == expected.map { timestamp[Int($0)] })
        }
    }

    /// Rows grouped already (customers in code order, each one's rows in time order, ties kept)
    /// group to themselves, customers without rows included; one row out of place anywhere (a
    /// customer before the one ahead of it, or a time before the one ahead within a customer)
    /// and they are sorted as any other rows.
    @Test func groupedRowsGroupToThemselvesAndOneRowOutOfPlaceIsSorted() {
        let customers = 4_000
        // Every third customer has no rows; the others 0 to 20 rows, times rising with ties.
        var customer: [Int32] = [], timestamp: [Int64] = []
        for c in 0..<customers where c % 3 != 0 {
            for k in 0..<(c * 7 % 21) {
                customer.append(Int32(c))
                timestamp.append(Int64(k / 2))
            }
        }
        // Each customer's first place: the rows of the customers before it.
        func offsets(_ customer: [Int32]) -> [Int] {
            var counts = [Int](repeating: 0, count: customers + 1)
            for c in customer { counts[Int(c) + 1] += 1 }
            for c in 0..<customers { counts[c + 1] += counts[c] }
            return counts
        }
        for workers in [1, 2] {
            let grouping = Parallel.$workerLimit.withValue(workers) {
                CustomerGrouping(customer: customer, timestamp: timestamp, customerCount: customers, keepsTimestamps: true)
            }
            #expect(grouping.keepsRowOrder && customer.indices.allSatisfy { grouping.row($0) == $0 }, "\(workers) workers")
            #expect(grouping.offsets == offsets(customer))
            #expect(grouping.timestamps == timestamp)
            #expect(grouping.customerOfEachRow() == customer)
        }
        let middle = customer.count * 2 / 3
        var late = timestamp
        let within = (middle..<customer.count).first { customer[$0] == customer[$0 + 1] && late[$0] < late[$0 + 1] }!
        late.swapAt(within, within + 1)
        var swapped = customer
        let boundary = (middle..<customer.count).first { swapped[$0] != swapped[$0 + 1] }!
        swapped.swapAt(boundary, boundary + 1)
        for (codes, times) in [(customer, late), (swapped, timestamp)] {
            let expected = codes.indices.sorted { (codes[$0], times[$0], $0) < (codes[$1], times[$1], $1) }.map(Int32.init)
            let grouping = CustomerGrouping(customer: codes, timestamp: times, customerCount: customers, keepsTimestamps: true)
            #expect(grouping.rows == expected)
            #expect(grouping.rows != codes.indices.map(Int32.init))
            #expect(grouping.offsets == offsets(codes))
            #expect(grouping.timestamps == expected.map { times[Int($0)] })
        }
    }

    /// Rows coded in another numbering are grouped in the new one, as if recoded first; a code
    /// no row has (-1 in the map) is left out.
    @Test func rowsAreGroupedInANewNumberingWithoutRecoding() {
        let count = 200_000, codes = 3_000
        let customer = (0..<count).map { Int32(($0 &* 7_919) % codes) | 1 }  // even codes have no rows
        let timestamp = (0..<count).map { Int64(($0 &* 104_729) % 1_000) }
        // Odd codes numbered backwards; even codes dropped.
        let odd = (0..<codes).filter { $0 % 2 == 1 }
        var newCode = [Int32](repeating: -1, count: codes)
        for (position, code) in odd.reversed().enumerated() { newCode[code] = Int32(position) }
        let recoded = customer.map { newCode[Int($0)] }
        let expected = CustomerGrouping(customer: recoded, timestamp: timestamp, customerCount: odd.count)
        for workers in [1, 2] {
            let grouping = Parallel.$workerLimit.withValue(workers) {
                CustomerGrouping(customer: customer, timestamp: timestamp, customerCount: odd.count, newCode: newCode)
            }
            #expect(grouping.rows == expected.rows, "\(workers) workers")
            #expect(grouping.offsets == expected.offsets)
            #expect(grouping.customerOfEachRow() == recoded.indices.sorted { (recoded[$0], timestamp[$0], $0) < (recoded[$1], timestamp[$1], $1) }.map { recoded[$0] })
        }
    }
}
