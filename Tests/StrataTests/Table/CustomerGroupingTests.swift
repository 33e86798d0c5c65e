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
