import Foundation
import Testing
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline
@testable import StrataStore

/// The real CDNOW log, end to end: counts, and the BTYD summary of every customer checked
/// against an independent computation and against the published 39-week calibration summary.
@Suite struct CDNOWTests {
    static let config = """
        orders: {delimiter: whitespace, header: true, date_format: yyyyMMdd,
                 columns: {customer_id: customer_id, ts: date, amount: dollar_value}}
        """

    func analyze(_ paths: InputPaths, config: String, asOf: String) throws -> (Dataset, Segmentation) {
        let data = try load(paths, config: try InputConfig.parse(config, file: "cdnow.yaml"))
        return (data, Segmentation(data, settings: FeatureSettings(asOf: seconds(asOf))))
    }

    @Test func masterLogCountsAndSummariesMatchAnIndependentComputation() throws {
        let path = "\(fixtures)/cdnow/CDNOW_master.txt"
        let (data, s) = try analyze(InputPaths(orders: path), config: Self.config, asOf: "1998-06-30T23:59:59Z")
        #expect(data.report.files[0].rowsRead == 69_659)
        #expect(data.report.files[0].kept == 69_659)
        #expect(data.report.files[0].notes["zero_amount"] == 80)
        #expect(data.customers.count == 23_570)

        // Independent: plain string splitting, dates as day numbers via the civil formula.
        var days: [String: Set<Int64>] = [:]
        var cents: [String: Int64] = [:]
        var lines: [String: Int] = [:]
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let parts = line.split(separator: " ")
            let id = String(parts[0])
            let date = String(parts[1])
            let day = Timestamp.daysFromCivil(year: Int(date.prefix(4))!, month: Int(date.dropFirst(4).prefix(2))!, day: Int(date.suffix(2))!)
            days[id, default: []].insert(day)
            cents[id, default: 0] += Int64((Double(parts[3])! * 100).rounded())
            lines[id, default: 0] += 1
        }
        let end = Timestamp.daysFromCivil(year: 1998, month: 6, day: 30)
        #expect(days.count == 23_570)
        let f = s.features
        for c in 0..<data.customers.count {
            let id = data.customers.ids.string(c)
            let own = try #require(days[id])
            #expect(f.repeatPurchases(c) == own.count - 1, "repeat purchases of \(id)")
            #expect(f.btydRecencyDays(c) == Int(own.max()! - own.min()!), "recency of \(id)")
            #expect(f.tenureDays(c) == Int(end - own.min()!), "tenure of \(id)")
            #expect(f.revenueCents[c] == cents[id], "revenue of \(id)")
            #expect(Int(f.orders[c]) == lines[id], "orders of \(id)")
        }
    }

    @Test func sampleCalibrationSummaryMatchesThePublishedOne() throws {
        let config = """
            orders: {delimiter: whitespace, header: false, date_format: yyyyMMdd,
                     columns: {customer_id: 2, ts: 3, amount: 5}}
            """
        let (data, s) = try analyze(InputPaths(orders: "\(fixtures)/cdnow/CDNOW_sample.txt"), config: config,
                                    asOf: "1997-09-30T23:59:59Z")
        var byID: [Int: Int] = [:]
        for c in 0..<data.customers.count { byID[Int(data.customers.ids.string(c))!] = c }
        let published = try String(contentsOfFile: "\(fixtures)/cdnow/cdnow_customers_summary.csv", encoding: .utf8)
        let withSpend = try String(contentsOfFile: "\(fixtures)/cdnow/cdnow_customers_summary_with_transactions.csv", encoding: .utf8)
        for line in withSpend.split(whereSeparator: \.isNewline).dropFirst() {
            let v = line.split(separator: ",")
            let c = try #require(byID[Int(v[0])!])
            let zbar = s.features.averageRepeatPurchaseValue(c) ?? 0
            #expect(abs(zbar - Double(v[4])!) < 0.0051, "zbar of \(v[0])")
        }
        var checked = 0
        for line in published.split(whereSeparator: \.isNewline).dropFirst() {
            let v = line.split(separator: ",")
            let c = try #require(byID[Int(v[0])!])
            let f = s.features
            #expect(f.repeatPurchases(c) == Int(v[1]), "frequency of \(v[0])")
            #expect(abs(Double(f.btydRecencyDays(c)!) / 7 - Double(v[2])!) < 0.006, "recency of \(v[0])")
            #expect(abs(Double(f.tenureDays(c)!) / 7 - Double(v[3])!) < 0.006, "T of \(v[0])")
            checked += 1
        }
        #expect(checked == 2_357)
    }
}
