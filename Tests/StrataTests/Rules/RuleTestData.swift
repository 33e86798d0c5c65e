import Foundation
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline
@testable import StrataStore

/// A small data set with known answers for the segment language, as of 2024-06-30 (a Sunday).
enum RuleTestData {
    static let asOf = "2024-06-30T23:59:59Z"

    static let customers = #"""
        customer_id,signup_date,country,city,gender,birth_year
        c1,2023-01-10,RU,Moscow,f,1995
        c2,2023-02-11,RU,Kazan,m,1980
        c3,2023-03-12,DE,Berlin,f,1992
        c4,2023-04-13,RU,Moscow,f,
        c5,2024-06-01,"Land ""O'Hara""","a, b",x,2000
        """#

    // c1: three orders, two at night (23:00, 02:00 UTC), one recent large one.
    // c2: one old order. c3: two daytime orders. c4, c5: none.
    static let orders = """
        order_id,customer_id,ts,amount,discount,category
        o1,c1,2024-01-05T23:10:00Z,40.00,0,books
        o2,c1,2024-03-09T02:30:00Z,60.50,5,books
        o3,c1,2024-06-20T14:00:00Z,250.00,0,garden
        o4,c2,2023-03-01T10:00:00Z,80.00,0,sports
        o5,c3,2024-06-25T12:00:00Z,30.00,0,books
        o6,c3,2024-06-26T13:00:00Z,-30.00,0,books
        """

    // c1 opened an email 10 days ago; c2 got emails and never opened; c3 opened 200 days ago.
    static let events = """
        event_id,customer_id,ts,type,channel,value
        e1,c1,2024-06-20T09:00:00Z,email_sent,email,
        e2,c1,2024-06-20T10:00:00Z,email_open,email,
        e3,c2,2024-05-01T09:00:00Z,email_sent,email,
        e4,c2,2024-06-01T09:00:00Z,email_sent,email,
        e5,c3,2023-12-13T09:00:00Z,email_open,email,
        e6,c3,2024-06-29T09:00:00Z,support_ticket,web,
        e7,c4,2024-06-28T09:00:00Z,nps,survey,3
        """

    static func catalog() throws -> FieldCatalog {
        let dir = TempDir()
        dir.write("customers.csv", customers)
        dir.write("orders.csv", orders)
        dir.write("events.csv", events)
        let data = try load(InputPaths(directory: dir.path))
        let asOfSeconds = seconds(asOf)
        let s = Segmentation(data, settings: FeatureSettings(asOf: asOfSeconds))
        return FieldCatalog(data, s, asOf: asOfSeconds)
    }

    /// Checks `text` against the data's schema; the evaluation, or the diagnostics as text.
    static func evaluate(_ text: String, _ catalog: FieldCatalog) -> Result<SegmentEvaluation, RuleErrors> {
        RuleChecker.check(RuleSource(file: "test.strata", text: text), schema: RuleSchema(catalog)).map {
            RuleEvaluator.evaluate($0, catalog)
        }
    }
}
