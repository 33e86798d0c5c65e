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
        }
    }
}
