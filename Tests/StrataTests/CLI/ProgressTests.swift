import Foundation
import Testing
@testable import StrataCore

/// Progress goes to stderr as plain lines when stderr is not a terminal, and not at all with
/// `--quiet`; reading a file reports its bytes to the running command's meter.
@Suite struct ProgressTests {
    @Test func plainLinesOrNoneWithQuiet() {
        let dir = DataGeneratorTests().generate(300, seed: 3)
        let shown = StrataCommand.run(["analyze", dir.path, "--out", "\(dir.path)/out", "--model", "none"])
        #expect(shown.status == 0)
        let lines = shown.stderr.split(separator: "\n").filter { $0.hasPrefix("strata [") }
        #expect(lines.contains { $0.hasSuffix("reading \(dir.path)/orders.csv") } && lines.contains { $0.contains("writing") })
        #expect(!shown.stderr.contains("\r") && !shown.stderr.contains("\u{1B}"), "nothing redrawn off a terminal")
        let quiet = StrataCommand.run(["analyze", dir.path, "--out", "\(dir.path)/out", "--model", "none", "--quiet"])
        #expect(quiet.status == 0 && !quiet.stderr.contains("strata ["))
        #expect(quiet.stdout == shown.stdout)
    }

    @Test func readingAFileFillsTheMeter() throws {
        let dir = DataGeneratorTests().generate(300, seed: 3)
        let meter = WorkMeter()
        let data = try WorkMeter.$current.withValue(meter) { try load(InputPaths(orders: "\(dir.path)/orders.csv")) }
        let header = try String(contentsOfFile: "\(dir.path)/orders.csv", encoding: .utf8).prefix { $0 != "\n" }.utf8.count + 1
        let size = try #require(try FileManager.default.attributesOfItem(atPath: "\(dir.path)/orders.csv")[.size] as? Int)
        #expect(meter.reading.total == size - header && meter.reading.done == meter.reading.total && meter.reading.fraction == 1)
        #expect(meter.reading.rows == data.orders.count)
    }
}
