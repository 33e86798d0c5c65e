import Foundation
import GRDB
import Testing
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline
@testable import StrataStore

/// `strata sql --dialect sqlite` run in a real SQLite database holding the same data gives the
/// same segments as the in-memory evaluation, customer by customer.
@Suite struct SQLAgreementTests {
    static let rules = #"""
        segment "Lapsed VIPs" = m_score >= 4 and recency_days > 180
            and count(events where type = "email_open" within 90 days) = 0
        segment "Night buyers" = share(orders where hour(ts) >= 22 or hour(ts) < 6) > 0.3
        segment "Young women in DE or US" = country in ("DE", "US") and gender = "f" and age between 18 and 34
        segment "Big spenders" = sum(orders.amount within 365 days) > 500 or max(orders.amount) >= 300
        segment "Weekend shoppers" = count(orders where weekday(ts) >= 6) > count(orders where weekday(ts) < 6)
        segment "Quiet" = days_since(last event where type contains "open" or type contains "click") > 60
            or days_since(last event) is missing
        segment "Discount hunters" = avg(orders.discount) > 2 and discount_share >= 0.5
        segment "Old timers" = first_purchase < 2023-01-01 and not (last_purchase >= 2024-06-01)
        segment "Complainers" = count(events where type = "support_ticket" before 30 days) >= 1 or nps_score < 7
        segment "Win-back" = in segment "Lapsed VIPs" and not in segment "Complainers"
        segment "Odd math" = revenue / (orders - 1) > 60 and -engagement_rate < -0.2
        segment "Books lovers" = top_category = "books" and min(orders.amount where category = "books") >= 20
        group "lifecycle" {
            segment "At risk VIPs" = at_risk = true and m_score >= 3
            segment "Active" = activity_segment = "active"
            segment "New" = tenure_days < 60
            else "Other"
        }
        """#

    @Test func sqliteResultEqualsInMemoryResult() throws {
        let dir = DataGeneratorTests().generate(1_500, seed: 21)
        let data = try load(InputPaths(directory: dir.path))
        let asOf = seconds("2024-06-30T23:59:59Z")
        let segmentation = Segmentation(data, settings: FeatureSettings(asOf: asOf))
        let catalog = FieldCatalog(data, segmentation, asOf: asOf)
        let checked = try RuleChecker.check(RuleSource(file: "rules.strata", text: Self.rules), schema: RuleSchema(catalog)).get()
        let memory = RuleEvaluator.evaluate(checked, catalog)
        let sql = SQLCompiler(checked, dialect: .sqlite, asOf: asOf, schema: RuleSchema(catalog)).query()

        let db = try DatabaseQueue(path: "\(dir.path)/strata.sqlite")
        try SQLiteLayout.load(catalog, into: db)
        let rows = try db.read { try Row.fetchAll($0, sql: sql) }
        #expect(rows.count == catalog.count)

        var byID: [String: Int] = [:]
        for c in 0..<catalog.count { byID[catalog.id(c)] = c }
        var positives = [String: Int]()
        for row in rows {
            let c = try #require(byID[row["customer_id"] as String])
            for (s, name) in memory.segmentNames.enumerated() {
                let value: Int = row[name]
                #expect((value == 1) == memory.members[s][c], "\(name) for \(catalog.id(c))")
                positives[name, default: 0] += value
            }
            let label: String? = row["lifecycle"]
            #expect(label == memory.groupLabels[0][c], "lifecycle for \(catalog.id(c))")
        }
        // The data exercises every segment both ways.
        for name in memory.segmentNames {
            #expect((positives[name] ?? 0) > 0 && (positives[name] ?? 0) < catalog.count, "\(name): \(positives[name] ?? 0) members")
        }
    }
}

/// Loads the documented SQL layout into SQLite: `customers` with every catalog field, `orders`
/// and `events` with ts in epoch seconds.
enum SQLiteLayout {
    static func load(_ catalog: FieldCatalog, into db: DatabaseQueue) throws {
        try db.write { db in
            let fields = catalog.customerFields
            let columns = fields.map { field -> String in
                let type = field.type == .number ? "REAL" : field.type == .bool ? "INTEGER" : "TEXT"
                return "\"\(field.name)\" \(type)"
            }
            try db.execute(sql: "CREATE TABLE customers (\(columns.joined(separator: ", ")))")
            let values = fields.map { catalog.column($0.name)! }
            let insert = try db.makeStatement(sql: "INSERT INTO customers VALUES (\(fields.map { _ in "?" }.joined(separator: ",")))")
            for c in 0..<catalog.count {
                let row: [DatabaseValue] = values.map { column in
                    switch column {
                    case let .number(v): return v[c].isNaN ? .null : v[c].databaseValue
                    case let .date(v): return v[c].isNaN ? .null : Timestamp.isoDate(day: Int64(v[c])).databaseValue
                    case let .text(codes, names): return codes[c] < 0 ? .null : names[Int(codes[c])].databaseValue
                    case let .bool(v): return (v[c] ? 1 : 0).databaseValue
                    }
                }
                try insert.execute(arguments: StatementArguments(row))
            }
            try db.execute(sql: "CREATE TABLE orders (customer_id TEXT, ts INTEGER, amount REAL, discount REAL, category TEXT)")
            let orders = catalog.orders
            let order = try db.makeStatement(sql: "INSERT INTO orders VALUES (?, ?, ?, ?, ?)")
            for r in 0..<orders.count {
                let category: DatabaseValue = orders.category[r] < 0 ? .null : orders.categories[Int(orders.category[r])].databaseValue
                try order.execute(arguments: [catalog.id(Int(orders.customer[r])), orders.timestamp[r],
                                              Double(orders.amountCents[r]) / 100, Double(orders.discountCents[r]) / 100, category])
            }
            try db.execute(sql: "CREATE TABLE events (customer_id TEXT, ts INTEGER, type TEXT, channel TEXT, value REAL)")
            let events = catalog.events
            let event = try db.makeStatement(sql: "INSERT INTO events VALUES (?, ?, ?, ?, ?)")
            for r in 0..<events.count {
                let channel: DatabaseValue = events.channel[r] < 0 ? .null : events.channels[Int(events.channel[r])].databaseValue
                let value: DatabaseValue = events.value[r].isNaN ? .null : events.value[r].databaseValue
                try event.execute(arguments: [catalog.id(Int(events.customer[r])), events.timestamp[r], events.types[Int(events.type[r])], channel, value])
            }
            try db.execute(sql: "CREATE INDEX orders_customer ON orders (customer_id); CREATE INDEX events_customer ON events (customer_id)")
        }
    }
}
