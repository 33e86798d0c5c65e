import Foundation
import Testing
@testable import StrataCore
@testable import StrataPipeline

/// Every planted persona is found in every shape of world the generator makes: the business on
/// email alone or on email and SMS, the least engaged silent everywhere or still answering SMS,
/// rows grouped by customer or in time order, and a shop without events.
@Suite struct PersonaVariantTests {
    struct World: Sendable, CustomStringConvertible {
        var channels: DataGenerator.Variant.Channels
        var leastEngaged: DataGenerator.Variant.LeastEngaged
        var rowOrder: DemoData.RowOrder

        var variant: DataGenerator.Variant {
            var v = DataGenerator.Variant()
            v.channels = channels
            v.leastEngaged = leastEngaged
            return v
        }

        var description: String { "\(channels.rawValue), least engaged \(leastEngaged.rawValue), \(rowOrder.rawValue) order" }
    }

    static let worlds: [World] = [
        World(channels: .email, leastEngaged: .mixed, rowOrder: .time),
        World(channels: .email, leastEngaged: .silent, rowOrder: .customer),
        World(channels: .email, leastEngaged: .sms, rowOrder: .time),
        World(channels: .emailAndSMS, leastEngaged: .sms, rowOrder: .customer),
        World(channels: .emailAndSMS, leastEngaged: .mixed, rowOrder: .time),
    ]

    /// Each persona's share in its expected activity segment (``PersonaRecovery``), at least 90%.
    @Test(arguments: worlds) func everyPersonaIsRecovered(world: World) throws {
        let dir = DataGeneratorTests().generate(4_000, seed: 21, variant: world.variant, rowOrder: world.rowOrder)
        let data = try load(InputPaths(directory: dir.path))
        let s = Segmentation(data, settings: FeatureSettings(asOf: data.latestTimestamp!))
        let truth = try DataGeneratorTests.truth(dir, data)
        let recovery = PersonaRecovery(truth: truth.map(String.init), segments: s.activity.map(\.rawValue))
        for persona in Persona.allCases {
            #expect(recovery.accuracy(persona) >= 0.9, "\(world): \(persona) \(recovery.accuracy(persona))\n\(recovery.table)")
        }
    }

    /// Without events there are no activity segments (said, not guessed); the purchase signals
    /// still tell the customers who stopped buying from the active ones.
    @Test func anOrdersOnlyShopIsReadFromItsPurchases() throws {
        var variant = DataGenerator.Variant()
        variant.events = false
        let dir = DataGeneratorTests().generate(4_000, seed: 22, variant: variant, rowOrder: .time)
        #expect(!FileManager.default.fileExists(atPath: "\(dir.path)/events.csv"))
        let data = try load(InputPaths(directory: dir.path))
        let s = Segmentation(data, settings: FeatureSettings(asOf: data.latestTimestamp!))
        #expect(s.schemes.contains(.rfm) && s.unavailable[.activity] != nil)
        #expect(Set(s.unavailable.keys) == [.activity, .email, .experience, .status], "the schemes that read events")
        let truth = try DataGeneratorTests.truth(dir, data)
        func share(_ persona: Persona, atRisk: Bool) -> Double {
            let members = (0..<s.features.count).filter { truth[$0] == persona.rawValue }
            return Double(members.filter { s.features.atRisk($0) == atRisk }.count) / Double(members.count)
        }
        #expect(share(.active, atRisk: false) >= 0.9, "active customers not at risk")
        #expect(share(.leastEngaged, atRisk: true) >= 0.9, "least engaged at risk")
        #expect(share(.churned, atRisk: true) >= 0.9, "churned at risk")
    }

    /// The same customers with every file's rows shuffled give byte-identical output files.
    @Test func shuffledInputGivesIdenticalOutputFiles() throws {
        let dir = DataGeneratorTests().generate(1_500, seed: 23, rowOrder: .customer)
        let shuffled = TempDir()
        var rng = SeededRandom(seed: 5)
        for name in ["customers.csv", "orders.csv", "events.csv"] {
            let lines = try String(contentsOfFile: "\(dir.path)/\(name)", encoding: .utf8).split(separator: "\n")
            var rows = Array(lines.dropFirst())
            for i in stride(from: rows.count - 1, to: 0, by: -1) { rows.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            shuffled.write(name, ([lines[0]] + rows).joined(separator: "\n") + "\n")
        }
        for (input, out) in [(dir.path, "\(dir.path)/out"), (shuffled.path, "\(shuffled.path)/out")] {
            let result = StrataCommand.run(["analyze", input, "--out", out, "--segments", "\(fixtures)/../../examples/segments/campaigns.strata"])
            #expect(result.status == 0, "\(result.stderr)")
        }
        for file in ["customers.csv", "segments.json", "insights.json", "plan.md"] {
            // segments.json names the input files, which are in different folders.
            func read(_ folder: String) throws -> String {
                try String(contentsOfFile: "\(folder)/out/\(file)", encoding: .utf8)
                    .replacingOccurrences(of: folder.replacingOccurrences(of: "/", with: "\\/"), with: "DATA")
            }
            let a = try read(dir.path), b = try read(shuffled.path)
            #expect(a == b, "\(file) differs between the file order and a shuffle")
        }
    }
}
