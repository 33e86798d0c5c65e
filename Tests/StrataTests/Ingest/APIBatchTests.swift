import Foundation
import StrataCore
import Testing

/// An API body is read as the NDJSON file whose line n holds item n − 1: same checks, same
/// reasons, items counted whatever their layout.
@Suite struct APIBatchTests {
    @Test func prettyPrintedItemsWithBracesInStringsAreSplitExactly() throws {
        let body = """
            [
              {"event_id": "e1", "customer_id": "C1", "ts": "2026-11-01T10:00:00Z",
               "type": "visit", "channel": "web {not a brace}"},
              {"event_id": "e2", "customer_id": "C\\"2", "ts": "2026-11-01T11:00:00Z", "type": "visit", "tags": [1, [2, {"x": "]"}]]}
            ]
            """
        let batch = try APIBatch.read(Array(body.utf8), kind: .events)
        #expect(batch.items == 2 && batch.rejected.isEmpty && batch.data.events.count == 2)
        #expect(batch.data.customers.ids.strings == ["C1", "C\"2"])
        #expect(batch.data.events.channels.contains("web {not a brace}"))
    }

    @Test func badItemsGetTheFileReadersReasonsAtTheirIndex() throws {
        let body = """
            [{"order_id": "o1", "customer_id": "C1", "ts": "2026-11-01T10:00:00Z", "amount": "12,5x"},
             {"order_id": "o2", "ts": "2026-11-01T10:00:00Z", "amount": 3},
             {"order_id": "o3", "customer_id": "C1", "ts": "2026-11-01T10:00:00Z", "amount": 3},
             {"order_id": "o3", "customer_id": "C1", "ts": "2026-11-01T10:00:00Z", "amount": 3}]
            """
        let batch = try APIBatch.read(Array(body.utf8), kind: .orders)
        #expect(batch.items == 4 && batch.data.orders.count == 1 && batch.duplicates == 1)
        #expect(batch.rejected.map(\.index) == [0, 1])
        #expect(batch.rejected.map(\.reason) == [RejectReason.invalidNumber.rawValue, RejectReason.missingValue.rawValue])
        #expect(batch.rejected.map(\.field) == ["amount", "customer_id"])
    }

    @Test func timesOutsideTheWindowAreRejectedAtTheirIndex() throws {
        let now = seconds("2026-11-28T12:00:00Z")
        let window = TimeWindow.upTo(now: now, futureSlack: 86_400)
        let body = """
            [{"event_id": "e1", "customer_id": "C1", "ts": "2026-11-28T11:00:00Z", "type": "visit"},
             {"event_id": "e2", "customer_id": "C1", "ts": "soon", "type": "visit"},
             {"event_id": "e3", "customer_id": "C2", "ts": "2027-01-01T00:00:00Z", "type": "visit"},
             {"event_id": "e1", "customer_id": "C1", "ts": "2026-11-28T11:00:00Z", "type": "visit"},
             {"event_id": "e4", "customer_id": "C3", "ts": "2026-11-29T11:59:59Z", "type": "email_open"},
             {"event_id": "e5", "customer_id": "C3", "ts": "2026-11-29T12:00:01Z", "type": "visit"}]
            """
        let batch = try APIBatch.read(Array(body.utf8), kind: .events, times: window)
        #expect(batch.items == 6 && batch.duplicates == 1)
        #expect(batch.data.events.ids == ["e1", "e4"])
        #expect(batch.data.events.types[Int(batch.data.events.type[1])] == "email_open")
        #expect(batch.rejected.map(\.index) == [1, 2, 5])
        #expect(batch.rejected.map(\.reason) == [RejectReason.invalidDate.rawValue, "time_out_of_range", "time_out_of_range"])
        #expect(batch.rejected[2].value == "2026-11-29T12:00:01Z" && batch.rejected[2].expected.contains("2026-11-29T12:00:00Z"))
        // Without a window (files), the same body keeps them.
        #expect(try APIBatch.read(Array(body.utf8), kind: .events).data.events.count == 4)

        let customers = """
            [{"customer_id": "C1", "signup": "1969-12-31", "city": "Oslo"}, {"customer_id": "C2", "signup": "2026-01-05", "city": "Bergen"}]
            """
        let people = try APIBatch.read(Array(customers.utf8), kind: .customers, times: window)
        #expect(people.data.customers.ids.strings == ["C2"] && people.data.customers.attributes.first?.value(0) == "Bergen")
        #expect(people.rejected.map(\.index) == [0] && people.rejected.first?.field == "signup")
    }

    @Test func bodiesThatAreNotABatchSayWhatWasExpected() {
        let cases: [(String, APIBatch.Problem)] = [
            ("", .empty),
            ("  42", .notJSON(offset: 2, expected: "a JSON object or an array of objects")),
            ("[{\"a\": 1} {\"b\": 2}]", .notJSON(offset: 10, expected: "',' or ']'")),
            ("[{\"a\": \"line\nbreak\"}]", .notJSON(offset: 12, expected: "no line break inside a string (write \\n)")),
            ("{\"a\": 1", .notJSON(offset: 7, expected: "the end of the object")),
            ("{\"a\": 1} x", .notJSON(offset: 9, expected: "the end of the body")),
        ]
        for (body, problem) in cases {
            #expect(throws: problem, "\(body)") { try APIBatch.read(Array(body.utf8), kind: .events) }
        }
        #expect(throws: APIBatch.Problem.tooManyItems(limit: 2)) {
            var limits = APIBatch.Limits()
            limits.items = 2
            return try APIBatch.read(Array("[{},{},{}]".utf8), kind: .events, limits: limits)
        }
    }

    @Test func anEmptyArrayIsAnEmptyBatch() throws {
        let batch = try APIBatch.read(Array(" [ ] ".utf8), kind: .events)
        #expect(batch.items == 0 && batch.rejected.isEmpty)
    }
}
