import Testing
@testable import StrataCore

/// Orders and events come in any order (real logs are in time order, customers interleaved);
/// after loading, each customer's rows are together and in time order, ties in file order.
@Suite struct CustomerLayoutTests {
    @Test func interleavedRowsAreGroupedByCustomerAndTime() throws {
        let dir = TempDir()
        dir.write("orders.csv", """
            order_id,customer_id,ts,amount
            o1,b,2024-01-03,3
            o2,a,2024-01-02,2
            o3,b,2024-01-01,1
            o4,a,2024-01-02,4
            o5,c,2024-01-05,5
            o6,a,2024-01-01,6
            """)
        dir.write("events.csv", """
            event_id,customer_id,ts,type
            e1,c,2024-01-02,site_visit
            e2,a,2024-01-03,email_open
            e3,c,2024-01-01,cart_abandon
            """)
        let data = try load(InputPaths(directory: dir.path))
        #expect(data.customers.ids.strings == ["a", "b", "c"])
        #expect(data.orders.customer == [0, 0, 0, 1, 1, 2])
        // a: o6 (Jan 1), then o2 and o4 (Jan 2, in file order); b: o3, o1; c: o5.
        #expect(data.orders.amountCents == [600, 200, 400, 100, 300, 500])
        #expect(data.events.customer == [0, 2, 2])
        #expect(data.events.types[Int(data.events.type[1])] == "cart_abandon")
    }

    @Test func featuresDoNotDependOnRowOrder() throws {
        let grouped = DataGeneratorTests().generate(400, seed: 3, rowOrder: .customer)
        let timed = DataGeneratorTests().generate(400, seed: 3, rowOrder: .time)
        let a = try load(InputPaths(directory: grouped.path)), b = try load(InputPaths(directory: timed.path))
        #expect(a.orders.timestamp == b.orders.timestamp && a.orders.customer == b.orders.customer)
        #expect(a.events.timestamp == b.events.timestamp && a.events.type == b.events.type)
    }
}
