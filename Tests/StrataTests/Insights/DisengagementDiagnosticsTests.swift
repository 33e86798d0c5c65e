import Foundation
import Testing
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline
@testable import StrataStore

/// On generated data the causes planted in the least-engaged persona are named, and a cause that
/// was not planted (information overload: everyone gets the same touches) is not.
@Suite struct DisengagementDiagnosticsTests {
    @Test func plantedCausesAreFound() throws {
        let dir = DataGeneratorTests().generate(6_000, seed: 11)
        let data = try load(InputPaths(directory: dir.path))
        let s = Segmentation(data, settings: FeatureSettings(asOf: seconds("2024-06-30T23:59:59Z")))
        let diagnostics = DisengagementDiagnostics(FieldCatalog(data, s, asOf: seconds("2024-06-30T23:59:59Z")), s)
        let holding = Set(diagnostics.holding)
        // Planted: they answer SMS not email, never visit, stop within months, half are 55+, 30%
        // live in Kazan, and the churned among them leave tickets and low scores.
        for planted in ["channel mismatch", "shallow usage", "poor onboarding", "particular age group", "particular region", "unmet expectations"] {
            #expect(holding.contains(planted), "\(planted)")
        }
        // Not planted: everyone gets the same touches, and few customers anywhere give feedback
        // (a small, significant difference that is not large enough to count).
        #expect(!holding.contains("information overload") && !holding.contains("no feedback"))
        let sms = try #require(diagnostics.causes.first { $0.signal == "answer on a channel other than email" })
        #expect(sms.inSegment > 0.3 && sms.rest < 0.05)
        // The planted city is named; no city outside Russia is.
        let places = diagnostics.causes.filter { $0.cause == "particular region" && $0.holds }.map(\.signal)
        #expect(places.first == "live in Kazan (city)")
        #expect(!places.contains { ["Berlin", "Munich", "New York", "Austin", "Seattle", "Paris", "Lyon"].contains(where: $0.contains) })
    }

    /// With places spread evenly (no regional cluster), no place holds, and the most
    /// over-represented one is still shown as tested.
    @Test func withoutARegionalClusterNoPlaceHolds() throws {
        let dir = DataGeneratorTests().generate(6_000, seed: 11)
        let places = [("RU", "Moscow"), ("RU", "Kazan"), ("DE", "Berlin"), ("US", "Austin"), ("FR", "Paris")]
        var lines = try String(contentsOfFile: "\(dir.path)/customers.csv", encoding: .utf8).split(separator: "\n").map(String.init)
        for i in 1..<lines.count {
            var fields = lines[i].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            (fields[2], fields[3]) = places[i % places.count]
            lines[i] = fields.joined(separator: ",")
        }
        dir.write("customers.csv", lines.joined(separator: "\n") + "\n")
        let data = try load(InputPaths(directory: dir.path))
        let s = Segmentation(data, settings: FeatureSettings(asOf: seconds("2024-06-30T23:59:59Z")))
        let diagnostics = DisengagementDiagnostics(FieldCatalog(data, s, asOf: seconds("2024-06-30T23:59:59Z")), s)
        let regional = diagnostics.causes.filter { $0.cause == "particular region" }
        #expect(regional.count == 1 && regional.allSatisfy { !$0.holds })
        #expect(!diagnostics.holding.contains("particular region"))
        #expect(diagnostics.holding.contains("particular age group"), "the other planted causes still hold")
    }

    /// A yes/no signal is counted, not listed: its count, mean and variance are those of its
    /// answers as a list of 1s and 0s.
    @Test func aCountedShareHasTheMomentsOfItsAnswers() {
        for (answered, yes) in [(2, 1), (3, 0), (10, 10), (1_000, 1), (1_000_003, 500_001), (7, 3)] {
            let answers = (0..<answered).map { $0 < yes ? 1.0 : 0.0 }.shuffled()
            let listed = DisengagementDiagnostics.moments(answers)
            let counted = DisengagementDiagnostics.ShareCount(answered: answered, yes: yes).moments
            #expect(counted.0 == listed.0 && counted.1 == listed.1)
            #expect(abs(counted.2 - listed.2) <= 1e-12 * max(listed.2, 1e-300), "\(answered) answers, \(yes) yes")
        }
    }
}
