import Foundation
import Testing
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline
@testable import StrataStore

/// Known answers for one hand-made customer history.
@Suite struct FeatureBuilderTests {
    func features() throws -> (Dataset, CustomerFeatures) {
        let dir = TempDir()
        dir.write("customers.csv", "customer_id,signup_date\nc1,2024-01-01\nc2,2024-01-01\n")
        dir.write("orders.csv", """
            order_id,customer_id,ts,amount,discount,category
            o1,c1,2024-01-05T10:00:00Z,10.00,0,books
            o2,c1,2024-01-05T18:00:00Z,20.00,2.00,books
            o3,c1,2024-02-10T10:00:00Z,30.00,0,toys
            o4,c1,2024-02-11T10:00:00Z,-5.00,0,toys
            o5,c1,2024-04-01T10:00:00Z,99.00,0,toys
            """)
        // c1: email touches on Jan 1 and Feb 8 (answered after 1 and 2 days), Mar 20 unanswered;
        // an SMS touch Jan 3 answered after 12 hours; a late email open for the Jan 1 touch is ignored.
        dir.write("events.csv", """
            event_id,customer_id,ts,type,channel,value
            e1,c1,2024-01-01T10:00:00Z,email_sent,email,
            e2,c1,2024-01-02T10:00:00Z,email_open,email,
            e3,c1,2024-01-03T10:00:00Z,sms_sent,,
            e4,c1,2024-01-03T22:00:00Z,sms_click,,
            e5,c1,2024-01-04T10:00:00Z,email_click,email,
            e6,c1,2024-02-08T10:00:00Z,email_sent,email,
            e7,c1,2024-02-10T10:00:00Z,email_open,email,
            e8,c1,2024-03-20T10:00:00Z,email_sent,email,
            e9,c1,2024-03-21T10:00:00Z,nps,email,6
            e10,c1,2024-03-22T10:00:00Z,support_ticket,,
            """)
        let data = try load(InputPaths(directory: dir.path))
        let f = FeatureBuilder.compute(data, settings: FeatureSettings(asOf: seconds("2024-03-31T23:59:59Z")))
        return (data, f)
    }

    @Test func purchaseSummaryFollowsBTYDConventions() throws {
        let (_, f) = try features()
        #expect(f.orders[0] == 3)  // the refund is not a purchase; the April order is after as-of
        #expect(f.revenueCents[0] == 5500)  // 10 + 20 + 30 − 5
        #expect(f.purchaseDays[0] == 2)  // two orders on Jan 5 are one purchase day
        #expect(f.repeatPurchases(0) == 1)
        #expect(f.btydRecencyDays(0) == 36)  // Jan 5 → Feb 10
        #expect(f.tenureDays(0) == 86)  // Jan 5 → Mar 31
        #expect(f.daysSinceLastPurchase(0) == 50)
        #expect(f.refunds[0] == 1)
        let third: Double = 1.0 / 3
        #expect(f.discountShare(0) == third)
        #expect(f.distinctCategories[0] == 2)
        #expect(f.categoryNames[Int(f.topCategory[0])] == "books")
    }

    @Test func engagementResponseTimeAndConversion() throws {
        let (_, f) = try features()
        #expect(f.touches[0] == 4)
        #expect(f.responses[0] == 4)
        #expect(f.respondedTouches[0] == 3)
        #expect(f.engagementRate(0) == 0.75)
        let expectedDays: Double = 3.5 / 3
        #expect(f.averageResponseDays(0) == expectedDays)
        // Conversions within 7 days: Jan 1 (→ Jan 5), Jan 3 (→ Jan 5), Feb 8 (→ Feb 10); not Mar 20.
        #expect(f.conversionRate(0) == 0.75)
        #expect(f.channelNames[Int(f.preferredChannel[0])] == "email")
        #expect(f.npsClass(0) == "detractor")
        #expect(f.supportTickets[0] == 1)
        // Activity: Jan 2 … Feb 11 (a refund is activity too), Mar 21, Mar 22; longest gap
        // Feb 11 → Mar 21 = 39 days.
        #expect(f.longestGapDays[0] == 39)
        #expect(f.currentInactivityDays(0) == 9)
    }

    /// The business's touches per channel count every customer's touches up to as-of (a channel
    /// implied by the event type too), and each category's price level is the mean over its
    /// buyers of each one's mean log amount, against which a customer's price index is read.
    @Test func channelTouchesAndPriceLevelsOverEveryCustomer() throws {
        let dir = TempDir()
        dir.write("customers.csv", "customer_id\nc1\nc2\n")
        dir.write("orders.csv", """
            order_id,customer_id,ts,amount,category
            o1,c1,2024-01-05T10:00:00Z,10.00,books
            o2,c2,2024-01-06T10:00:00Z,80.00,books
            o3,c1,2024-01-07T10:00:00Z,40.00,books
            o4,c2,2024-01-08T10:00:00Z,-80.00,books
            o5,c1,2024-05-01T10:00:00Z,1000.00,books
            """)
        dir.write("events.csv", """
            event_id,customer_id,ts,type,channel
            e1,c1,2024-01-01T10:00:00Z,email_sent,email
            e2,c2,2024-01-02T10:00:00Z,email_sent,email
            e3,c1,2024-01-03T10:00:00Z,sms_sent,
            e4,c2,2024-01-04T10:00:00Z,email_open,email
            e5,c1,2024-05-02T10:00:00Z,email_sent,email
            """)
        let data = try load(InputPaths(directory: dir.path))
        let f = FeatureBuilder.compute(data, settings: FeatureSettings(asOf: seconds("2024-03-31T23:59:59Z")))
        let touches = Dictionary(uniqueKeysWithValues: zip(f.channelNames, f.channelTouches))
        #expect(touches == ["email": 2, "sms": 1])
        // Books: c1's mean log amount is log 20 (10 and 40), c2's log 80: the level is log 40.
        let c1 = data.customers.ids.code(of: "c1")!, c2 = data.customers.ids.code(of: "c2")!
        #expect(abs(f.priceIndex[c1] - 0.5) < 1e-12)
        #expect(abs(f.priceIndex[c2] - 2) < 1e-12)
        #expect(abs(f.priceLevels[0] - log(4000.0)) < 1e-12)
    }

    @Test func customerWithoutHistoryHasEmptyFeatures() throws {
        let (_, f) = try features()
        #expect(f.orders[1] == 0)
        #expect(f.engagementRate(1) == nil)
        #expect(f.btydRecencyDays(1) == nil)
        #expect(f.atRisk(1))
    }
}
