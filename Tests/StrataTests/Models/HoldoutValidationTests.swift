import Foundation
import Testing
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline
@testable import StrataStore

/// Calibration/holdout on the raw CDNOW sample log: the fit from the log reproduces the published
/// estimates, and the observed holdout figures match an independent count of the log.
@Suite struct HoldoutValidationTests {
    static let config = """
        orders: {delimiter: whitespace, header: false, date_format: yyyyMMdd, columns: {customer_id: 2, ts: 3, amount: 5}}
        """

    @Test func cdnowSampleInWeeks() throws {
        let path = "\(fixtures)/cdnow/CDNOW_sample.txt"
        let data = try load(InputPaths(orders: path), config: try InputConfig.parse(Self.config, file: "cdnow.yaml"))
        let v = try HoldoutValidation(data, holdoutFrom: seconds("1997-10-01T00:00:00Z"), holdoutTo: seconds("1998-06-30T23:59:59Z"),
                                      unitDays: 7, kind: .bgNBD)
        #expect(v.fit.customers == 2_357)
        #expect(abs(v.fit.parameters[0] - 0.243) < 0.0005 && abs(v.fit.parameters[1] - 4.414) < 0.0005)
        #expect(abs(v.fit.parameters[2] - 0.793) < 0.0005 && abs(v.fit.parameters[3] - 2.426) < 0.0005)
        #expect(v.holdoutLength == 39)
        #expect(v.calibrationEnd == "1997-09-30" && v.holdoutStart == "1997-10-01")

        // Independent: distinct (customer, day) pairs by string splitting.
        var days: [String: Set<String>] = [:]
        for line in try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: " ")
            days[String(parts[1]), default: []].insert(String(parts[2]))
        }
        let holdout = days.mapValues { $0.filter { $0 >= "19971001" }.count }
        let calibration = days.mapValues { $0.filter { $0 < "19971001" }.count - 1 }
        #expect(Double(holdout.values.reduce(0, +)) == v.totalActual)
        for bucket in v.buckets {
            let members = calibration.filter { bucket.label == "7+" ? $0.value >= 7 : $0.value == Int(bucket.label) }.keys
            #expect(bucket.customers == members.count, "bucket \(bucket.label)")
            let mean = Double(members.reduce(0) { $0 + holdout[$1]! }) / Double(members.count)
            #expect(abs(bucket.actual - mean) < 1e-12, "bucket \(bucket.label)")
        }
        // Predicted total: the published summary and estimates, through the public prediction API.
        let summary = PublishedEstimatesTests.summary
        let model = BetaGeometricNBD(parameters: v.fit.parameters)
        let predicted = (0..<summary.count).reduce(0.0) {
            $0 + model.expectedPurchases(39, frequency: summary.frequency[$1], recency: summary.recency[$1], age: summary.age[$1])
        }
        // (The published summary rounds times to 2 decimals of a week.)
        #expect(abs(v.totalPredicted - predicted) < 1e-5 * predicted)
        // The weekly curve adds up to every repeat purchase up to the end of the holdout.
        let repeats = days.values.reduce(0) { $0 + $1.count - 1 }
        #expect(v.weeks.last?.cumulativeActual == Double(repeats))
        #expect(v.weeks.count == 78)
        #expect(abs(v.weeks.last!.cumulativePredicted - v.weeks.reduce(0) { $0 + $1.predicted }) < 1e-6)
    }
}
