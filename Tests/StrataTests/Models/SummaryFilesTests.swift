import Foundation
import Testing
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline
@testable import StrataStore

/// Summary CSVs in and out: located errors for bad files, and what the writers write reads back.
@Suite struct SummaryFilesTests {
    @Test func aBadValueIsLocatedByFileLineAndColumn() {
        let dir = TempDir()
        let path = dir.write("summary.csv", "customer_id,frequency,recency,T\na,1,2.5,10\nb,two,0,10\n")
        #expect(throws: IngestError.invalidValue(IngestIssue(
            location: SourceLocation(file: path, line: 3, column: 3), reason: .invalidNumber, value: "two",
            expected: "expected a number in column 'frequency'"))) { try SummaryReader.read(path: path) }
    }

    @Test func missingColumnsAndEmptyFilesAreNamed() {
        let dir = TempDir()
        let noT = dir.write("a.csv", "id,frequency,recency\na,1,2\n")
        #expect(throws: IngestError.missingColumns(file: noT, missing: ["T"], found: ["id", "frequency", "recency"])) {
            try SummaryReader.read(path: noT)
        }
        let onlyHeader = dir.write("b.csv", "frequency,recency,T\n")
        #expect(throws: IngestError.emptyFile(file: onlyHeader)) { try SummaryReader.read(path: onlyHeader) }
    }

    @Test func writtenSummariesAndPredictionsReadBack() throws {
        let simulated = SummarySimulator(kind: .bgNBD, parameters: [0.243, 4.414, 0.793, 2.426], spend: [6.25, 3.74, 15.44], seed: 2)
            .run(customers: 20_000)
        let dir = TempDir()
        let path = dir.write("summary.csv", bytes: SummaryWriter.render(simulated))
        let read = try SummaryReader.read(path: path)
        #expect(read.ids == simulated.ids && read.frequency == simulated.frequency)
        #expect(zip(read.recency, simulated.recency).allSatisfy { abs($0 - $1) <= 0.00005 })
        #expect(zip(read.monetary, simulated.monetary).allSatisfy { abs($0 - $1) <= 0.005 })

        let model = BetaGeometricNBD(parameters: [0.243, 4.414, 0.793, 2.426])
        let p = CustomerPredictions(model: model, spend: GammaGamma(parameters: [6.25, 3.74, 15.44]), summaries: read,
                                    settings: PredictionSettings(horizon: 39))
        let lines = String(decoding: PredictionWriter.render(read, p), as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 20_001)
        #expect(lines[0] == "customer_id,p_alive,expected_purchases,next_order_in,expected_aov,clv")
        let last = lines[20_000].split(separator: ",", omittingEmptySubsequences: false)
        #expect(last[0] == "20000" && abs(Double(last[1])! - p.pAlive[19_999]) < 1e-6)
    }
}
