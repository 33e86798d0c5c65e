import Foundation
import Testing
@testable import StrataCore
@testable import StrataEngines

/// Compares an engine's feature table with the embedded engine's values, customer by customer.
enum EngineEquality {
    /// The embedded engine's values of ``FeatureQuery/columns`` for every customer, by id, as an
    /// engine writes them (dates as text, flags as 0/1, money in currency units).
    static func embedded(_ data: Dataset, asOf: Int64) -> [String: [EngineTables.Value]] {
        let segmentation = Segmentation(data, settings: FeatureSettings(asOf: asOf))
        var table: [String: [EngineTables.Value]] = [:]
        for c in 0..<data.customers.count {
            table[data.customers.ids.string(c)] = FeatureQuery.columns.map { feature in
                switch feature.value(c, segmentation, nil, ids: data.customers.ids) {
                case .missing: return .null
                case let .int(v): return .int(v)
                case let .cents(v): return .double(Double(v) / 100)
                case let .decimal(v): return .double(v)
                case let .text(v): return .text(v)
                case let .day(v): return .text(Timestamp.isoDate(day: v))
                case let .flag(v): return .int(v ? 1 : 0)
                }
            }
        }
        return table
    }

    /// Every difference between `engine` and the embedded values (at most `limit`), as
    /// "customer column: embedded ≠ engine" lines; empty when every value is equal.
    static func differences(_ engine: EngineFeatureTable, _ embedded: [String: [EngineTables.Value]], limit: Int = 20) -> [String] {
        var out: [String] = []
        let ids = engine.values("customer_id").map { value -> String in
            if case let .text(id) = value { return id }
            return "?"
        }
        let expectedIDs = embedded.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        if ids != expectedIDs { out.append("customers differ: \(ids.count) from the engine, \(expectedIDs.count) embedded, or in another order") }
        for (row, id) in ids.enumerated() {
            guard let expected = embedded[id] else { continue }
            for (i, feature) in FeatureQuery.columns.enumerated() {
                guard let column = engine.column(feature.rawValue) else {
                    out.append("no column \(feature.rawValue)")
                    return out
                }
                let got = engine.rows[row][column]
                if !same(expected[i], got) {
                    out.append("\(id) \(feature.rawValue): \(expected[i]) ≠ \(got)")
                    if out.count >= limit { return out }
                }
            }
        }
        return out
    }

    /// Equal values: numbers compare exactly whatever their type, texts byte for byte.
    static func same(_ a: EngineTables.Value, _ b: EngineTables.Value) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.text(x), .text(y)): return Array(x.utf8) == Array(y.utf8)
        default:
            guard let x = number(a), let y = number(b) else { return false }
            return x == y
        }
    }

    static func number(_ v: EngineTables.Value) -> Double? {
        switch v {
        case let .int(i): return Double(i)
        case let .double(d): return d
        default: return nil
        }
    }
}

/// A small world with every case that splits engines apart planted on purpose: ties at every
/// RFM boundary, missing values, refunds and zero amounts, several events in one second, events
/// at UTC midnight, customers with no orders or no events, mixed-case event types, channels
/// implied by type, NPS answers with and without a score, and orders written as line items.
enum AwkwardWorld {
    static let asOf = Timestamp.daysFromCivil(year: 2024, month: 6, day: 30) * 86_400 + 86_399

    static func write(to dir: String, customers n: Int = 400, seed: UInt64 = 7) throws {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        func time(_ day: Int, _ second: Int) -> String {
            Timestamp.isoDateTime(Timestamp.daysFromCivil(year: 2023, month: 1, day: 1) * 86_400 + Int64(day) * 86_400 + Int64(second))
        }
        var customers = "customer_id,signup_date,city,birth_year\n"
        var orders = "order_id,customer_id,timestamp,amount,discount,category\n"
        var events = "event_id,customer_id,timestamp,type,channel,value\n"
        // Texts that need escaping in COPY, JSON or SQL: quotes, a backslash, a tab, non-ASCII.
        let cities = ["Berlin", "Kazan", "Austin", "", "\"O'Brien\tCity\\ \"\"Nord\"\"\"", "Köln"]
        let categories = ["books", "home", "toys", "", "kid's", "\"a\\b, c\""]
        let types = ["email_sent", "Email_Open", "email_click", "sms_sent", "sms_click", "push_sent", "visit", "app_open",
                     "cart_abandon", "support_ticket", "nps", "review", "return", "web_custom", "mystery", "call", "call_answered"]
        let channels = ["", "", "email", "sms", "web", "Email"]
        var orderNo = 0, eventNo = 0
        for c in 0..<n {
            let id = "c\(String(format: "%04d", c))"
            let signup = next(5) == 0 ? "" : time(next(500), 0).prefix(10).description
            customers += "\(id),\(signup),\(cities[next(cities.count)]),\(next(4) == 0 ? "" : String(1950 + next(50)))\n"
            // Order counts and days in a few values only: ties at every score boundary.
            let orderCount = c % 9 == 0 ? 0 : [1, 1, 2, 3, 5][next(5)]
            let lastDay = [100, 200, 300, 400, 500, 540][next(6)]
            for o in 0..<orderCount {
                orderNo += 1
                let day = max(0, lastDay - o * [0, 1, 30, 45][next(4)])
                let second = next(3) == 0 ? 0 : next(86_400)
                let amount = next(10) == 0 ? "-\(next(50)).50" : next(15) == 0 ? "0" : "\([10, 20, 20, 35][next(4)]).\(next(3) * 25)"
                let discount = next(3) == 0 ? "" : String(next(2) * 5)
                orders += "o\(orderNo),\(id),\(time(day, second)),\(amount),\(discount),\(categories[next(categories.count)])\n"
            }
            guard c % 7 != 3 else { continue }
            for _ in 0..<next(14) {
                eventNo += 1
                let day = next(560)
                let second = next(4) == 0 ? 0 : next(86_400)
                let type = types[next(types.count)]
                let value = type == "nps" && next(3) > 0 ? String(next(11)) : ""
                let base = "\(id),\(time(day, second))"
                events += "e\(eventNo),\(base),\(type),\(channels[next(channels.count)]),\(value)\n"
                // Several events in the same second: a touch and its answer, or two answers.
                if next(3) == 0 {
                    eventNo += 1
                    events += "e\(eventNo),\(base),\(["email_open", "email_sent", "sms_click"][next(3)]),,\n"
                }
            }
        }
        try customers.write(toFile: "\(dir)/customers.csv", atomically: true, encoding: .utf8)
        try orders.write(toFile: "\(dir)/orders.csv", atomically: true, encoding: .utf8)
        try events.write(toFile: "\(dir)/events.csv", atomically: true, encoding: .utf8)
    }
}
