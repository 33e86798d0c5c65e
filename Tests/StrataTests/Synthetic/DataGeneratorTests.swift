import Foundation
import Testing
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline
@testable import StrataStore

@Suite struct DataGeneratorTests {
    /// A generated data set in a fresh folder, as `strata generate` writes it.
    func generate(_ n: Int, seed: UInt64, variant: DataGenerator.Variant = .init(), rowOrder: DemoData.RowOrder = .customer) -> TempDir {
        let dir = TempDir()
        try! DemoData.write(customers: n, seed: seed, variant: variant, rowOrder: rowOrder, to: dir.path)
        return dir
    }

    /// The planted persona of each customer of `data`, by dense id.
    static func truth(_ dir: TempDir, _ data: Dataset) throws -> [Substring] {
        var persona: [Substring: Substring] = [:]
        for line in try String(contentsOfFile: "\(dir.path)/truth.csv", encoding: .utf8).split(whereSeparator: \.isNewline).dropFirst() {
            let fields = line.split(separator: ",")
            persona[fields[0]] = fields[1]
        }
        return try data.customers.ids.strings.map { id in try #require(persona[Substring(id)], "\(id) has a persona") }
    }

    @Test func sameSeedSameBytesAndOtherSeedOtherBytes() {
        let a = DataGenerator(customers: 5000, seed: 7).block(1)
        let b = DataGenerator(customers: 5000, seed: 7).block(1)
        let c = DataGenerator(customers: 5000, seed: 8).block(1)
        #expect(a.orders == b.orders)
        #expect(a.events == b.events)
        #expect(a.orders != c.orders)
    }

    @Test func plantedPersonasAreRecoveredWithTheSeedsNumbers() throws {
        let dir = generate(6000, seed: 11)
        let data = try load(InputPaths(directory: dir.path))
        for file in data.report.files {
            #expect(file.rejected == 0)
            #expect(file.duplicates == 0)
            #expect(file.balances)
        }
        let s = Segmentation(data, settings: FeatureSettings(asOf: data.latestTimestamp!))
        let truth = try Self.truth(dir, data)
        let recovery = PersonaRecovery(truth: truth.map(String.init), segments: s.activity.map(\.rawValue))
        print(recovery.table)
        for persona in Persona.allCases {
            #expect(recovery.accuracy(persona) > 0.8, "\(persona): \(recovery.accuracy(persona))")
        }
        #expect(recovery.accuracy() > 0.9)
        #expect(recovery.counts.joined().reduce(0, +) == data.customers.count, "every customer counted once")
        var engagement: [Substring: [Double]] = [:]
        var response: [Substring: [Double]] = [:]
        for c in 0..<data.customers.count {
            if let e = s.features.engagementRate(c) { engagement[truth[c], default: []].append(e) }
            if let r = s.features.averageResponseDays(c) { response[truth[c], default: []].append(r) }
        }
        func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(xs.count) }
        #expect((0.67...0.85).contains(mean(engagement["active"]!)))
        #expect((0.10...0.25).contains(mean(engagement["passive"]!)))
        #expect((1...3).contains(mean(response["active"]!)))
        #expect((7...21).contains(mean(response["passive"]!)))
    }
}
