import Foundation
import Testing
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline
@testable import StrataStore

/// Known answers for ``ActivityThresholds/segment(of:in:signs:)`` and ``DisengagementSigns`` on
/// each side of every threshold: one
/// hand-made customer per row, read from files and through ``FeatureBuilder`` like real input.
@Suite struct ActivityThresholdsTests {
    typealias Event = (ts: Int64, type: String)

    /// One customer's events, orders and signup date, and the segment the rules give them. The
    /// signup keeps everyone but the `first-seen` rows well past `new`.
    struct Customer: Sendable {
        let id: String
        let events: [Event]
        var orders: [Int64] = []
        var signup = "2024-01-01"
        let expected: ActivitySegment
        /// The signs of disengagement expected, when the row is about them.
        var signs: DisengagementSign?
    }

    /// Features are computed as of 2024-06-30 23:59:59 UTC; `day(n)` is noon n days earlier.
    static let asOf = seconds("2024-06-30T23:59:59Z")
    static func day(_ n: Int) -> Int64 { seconds("2024-06-30T12:00:00Z") - Int64(n) * oneDay }
    static let oneDay: Int64 = 86_400

    /// `total` email touches of which the last `answered` are opened `delay` seconds later: the
    /// unanswered ones a minute apart from noon 150 days ago, the answered ones every 6 days up to
    /// `lastSent` days ago (so the last activity is the last open).
    static func emails(_ answered: Int, of total: Int, after delay: Int64, lastSent: Int = 10) -> [Event] {
        let unanswered: [Event] = (0..<(total - answered)).map { (day(150) + Int64($0) * 60, "email_sent") }
        let pairs: [Event] = (0..<answered).flatMap { k -> [Event] in
            let sent = day(lastSent + 6 * (answered - 1 - k))
            return [(sent, "email_sent"), (sent + delay, "email_open")]
        }
        return unanswered + pairs
    }

    /// `emails(1, of: 20, …)` with the one answer on SMS, a channel the business barely uses.
    static func smsAnswerAmong(_ total: Int) -> [Event] {
        emails(0, of: total - 1, after: oneDay) + [(day(10), "sms_sent"), (day(10) + 600, "sms_click")]
    }

    // Expected segments from the rules in ActivitySegment.swift (docs/features.md) at the default
    // thresholds: activeFrom 0.46, activeWithinDays 5, inactiveDays 120, newCustomerDays 30, four
    // signs of seven for least-engaged, rare answers below 10% and low conversion below 5% of at
    // least 5 touches. 23/50 is exactly the double 0.46. Nobody but "feedback" gives feedback and
    // nobody buys, so every customer with touches has `no_feedback` and `purchase_gap`.
    static let customers: [Customer] = [
        Customer(id: "engagement-at-activeFrom", events: emails(23, of: 50, after: oneDay), expected: .active),
        Customer(id: "engagement-below-activeFrom", events: emails(22, of: 50, after: oneDay), expected: .passive),
        Customer(id: "response-at-activeWithinDays", events: emails(1, of: 1, after: 5 * oneDay), expected: .active),
        Customer(id: "response-above-activeWithinDays", events: emails(1, of: 1, after: 5 * oneDay + 1), expected: .passive),
        Customer(id: "four-signs", events: emails(1, of: 20, after: oneDay), expected: .leastEngaged,
                 signs: [.rareAnswers, .lowConversion, .purchaseGap, .noFeedback]),
        Customer(id: "three-signs-and-feedback", events: emails(1, of: 20, after: oneDay) + [(day(50), "nps")], expected: .passive,
                 signs: [.rareAnswers, .lowConversion, .purchaseGap]),
        Customer(id: "answers-only-a-minor-channel", events: smsAnswerAmong(20), expected: .leastEngaged,
                 signs: [.rareAnswers, .lowConversion, .purchaseGap, .noFeedback, .offChannel]),
        Customer(id: "answers-at-rareAnswersBelow", events: emails(2, of: 20, after: oneDay), expected: .passive,
                 signs: [.lowConversion, .purchaseGap, .noFeedback]),
        Customer(id: "too-few-touches-to-judge", events: emails(0, of: 4, after: oneDay) + [(day(5), "visit")], expected: .passive,
                 signs: [.purchaseGap, .noFeedback]),
        Customer(id: "answered-inactiveDays-ago", events: emails(1, of: 1, after: oneDay, lastSent: 121), expected: .leastEngaged),
        Customer(id: "answered-inactiveDays-1-ago", events: emails(1, of: 1, after: oneDay, lastSent: 120), expected: .active),
        Customer(id: "visited-inactiveDays-ago", events: [(day(120), "visit")], expected: .leastEngaged),
        Customer(id: "visited-inactiveDays-1-ago", events: [(day(119), "visit")], expected: .passive),
        Customer(id: "first-seen-newCustomerDays-1-ago", events: [(day(29), "visit")], signup: "", expected: .new),
        Customer(id: "first-seen-newCustomerDays-ago", events: [(day(30), "visit")], signup: "", expected: .passive),
        Customer(id: "orders-only", events: [], orders: [day(10)], expected: .noInteractions),
        Customer(id: "nothing", events: [], expected: .noInteractions),
    ]

    @Test func theTableAssumesTheDefaultThresholds() {
        let t = ActivityThresholds()
        #expect(t.activeFrom == 0.46 && t.activeWithinDays == 5 && t.leastEngagedSigns == 4)
        #expect(t.rareAnswersBelow == 0.10 && t.lowConversionBelow == 0.05 && t.minimumTouches == 5 && t.minorChannelShare == 0.10)
        #expect(t.inactiveDays == 120 && t.newCustomerDays == 30)
    }

    @Test func segmentOnEachSideOfEachThreshold() throws {
        let dir = TempDir()
        dir.write("customers.csv", "customer_id,signup_date\n" + Self.customers.map { "\($0.id),\($0.signup)\n" }.joined())
        var orders = "order_id,customer_id,ts,amount\n", events = "event_id,customer_id,ts,type\n"
        for customer in Self.customers {
            for (k, ts) in customer.orders.enumerated() { orders += "\(customer.id)-o\(k),\(customer.id),\(ts),10.00\n" }
            for (k, event) in customer.events.enumerated() { events += "\(customer.id)-e\(k),\(customer.id),\(event.ts),\(event.type)\n" }
        }
        dir.write("orders.csv", orders)
        dir.write("events.csv", events)
        let data = try load(InputPaths(directory: dir.path))
        let features = FeatureBuilder.compute(data, settings: FeatureSettings(asOf: Self.asOf))
        #expect(features.count == Self.customers.count)

        let thresholds = ActivityThresholds()
        let signs = DisengagementSigns(features, thresholds: thresholds)
        #expect(Set(signs.minorChannels.map { features.channelNames[Int($0)] }) == ["sms", "web"], "web has visits but no touch")
        let index = Dictionary(uniqueKeysWithValues: (0..<data.customers.count).map { (data.customers.ids.string($0), $0) })
        for customer in Self.customers {
            let c = try #require(index[customer.id], "\(customer.id) not loaded")
            let got = thresholds.segment(of: c, in: features, signs: signs.signs[c])
            if let expected = customer.signs {
                #expect(signs.signs[c] == expected, "\(customer.id): \(signs.signs[c].names), expected \(expected.names)")
            }
            #expect(got == customer.expected, """
                \(customer.id): \(got.rawValue), expected \(customer.expected.rawValue) \
                (engagement \(String(describing: features.engagementRate(c))), \
                response days \(String(describing: features.averageResponseDays(c))), \
                inactive \(String(describing: features.currentInactivityDays(c))), \
                first seen \(String(describing: features.daysSinceFirstSeen(c))) days ago)
                """)
        }
    }
}
