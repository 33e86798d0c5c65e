import Foundation
import StrataCore
import StrataOutputs
import StrataPipeline
import StrataStore
import Testing

/// Customers analysed alone against an analysis of the whole base (the live service's changed
/// customers) get what an analysis of the whole base gives them.
@Suite struct LiveBaseTests {
    static let segments = "\(fixtures)/../../examples/segments/campaigns.strata"

    func analysis(_ dir: TempDir) throws -> Analysis {
        var settings = Analysis.Settings()
        settings.segmentsFile = Self.segments
        settings.insights = nil
        return try Analysis.run(.files(InputPaths(directory: dir.path)), settings: settings)
    }

    /// Every column of customers.csv and every custom segment, as text, by customer id.
    func rows(_ a: Analysis) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for c in 0..<a.dataset.customers.count {
            let record = CustomerTableWriter.record(c, a.dataset.customers, a.segmentation, lifetime: a.lifetime, custom: a.custom)
            out[a.dataset.customers.ids.string(c)] = record.map { "\($0.name)=\($0.value)" }
        }
        return out
    }

    @Test func customersAnalysedAloneGetEveryColumnTheWholeAnalysisGaveThem() throws {
        var variant = DataGenerator.Variant()
        variant.schemes = true
        variant.channels = .emailAndSMS
        let dir = DataGeneratorTests().generate(1500, seed: 17, variant: variant, rowOrder: .time)
        let full = try analysis(dir)
        #expect(full.lifetime != nil && full.custom != nil)
        let live = LiveBase(full)
        let ids = (0..<full.dataset.customers.count).filter { $0 % 3 == 1 }.map { full.dataset.customers.ids.string($0) }
        let alone = live.analyse(ids, changes: LiveChanges(), asOf: full.asOf)
        #expect(alone.dataset.customers.count == ids.count)
        let expected = rows(full), got = rows(alone)
        var differences: [String] = []
        for id in ids where expected[id] != got[id] {
            let pairs = zip(expected[id] ?? [], got[id] ?? []).filter { $0 != $1 }
            differences.append("\(id): \(pairs.prefix(3).map { "\($0.0) → \($0.1)" }.joined(separator: ", "))")
        }
        #expect(differences.isEmpty, "\(differences.count) of \(ids.count) differ, e.g. \(differences.prefix(3))")
        // One customer alone, too.
        let one = live.analyse([ids[7]], changes: LiveChanges(), asOf: full.asOf)
        #expect(rows(one)[ids[7]] == expected[ids[7]])
    }

    @Test func writesSinceTheBaseAreAddedToTheStoredRows() throws {
        let dir = DataGeneratorTests().generate(400, seed: 3)
        let full = try analysis(dir)
        let live = LiveBase(full)
        let known = full.dataset.customers.ids.string(5)
        let when = full.asOf - 3_600
        func batch(_ kind: TableKind, _ text: String) throws -> APIBatch { try APIBatch.read(Array(text.utf8), kind: kind) }
        let orders = try batch(.orders, """
            [{"order_id": "new-1", "customer_id": "\(known)", "ts": \(when), "amount": 250.5, "category": "a category never seen"},
             {"order_id": "new-2", "customer_id": "newcomer", "ts": \(when), "amount": 10}]
            """)
        let customers = try batch(.customers, #"{"customer_id": "newcomer", "signup": "2024-01-02", "tier": "trial"}"#)
        var changes = LiveChanges()
        let changed = changes.add(GroupCommitWriter.Commit(
            batches: [orders, customers],
            results: [AppendResult(stored: 2, alreadyPresent: 0, storedRows: [0, 1]), AppendResult(stored: 1, alreadyPresent: 0)],
            version: 1))
        #expect(changed == [known, "newcomer"])
        let a = live.analyse([known, "newcomer"], changes: changes, asOf: full.asOf)
        let c = full.dataset.customers.ids.code(of: known)!
        let before = full.segmentation.features, after = a.segmentation.features
        let k = a.dataset.customers.ids.code(of: known)!, n = a.dataset.customers.ids.code(of: "newcomer")!
        #expect(after.orders[k] == before.orders[c] + 1)
        #expect(after.revenueCents[k] == before.revenueCents[c] + 25_050)
        #expect(after.daysSinceLastPurchase(k) == 0)
        #expect(after.orders[n] == 1 && after.revenueCents[n] == 1_000)
        #expect(a.dataset.customers.signup[n] == seconds("2024-01-02"))
        #expect(a.dataset.customers.attributes.first { $0.name == "tier" }?.value(n) == "trial")
        #expect(a.segmentation.segment(.rfm, n) != "")
        // An analysis of the whole store at version 1 includes these writes: nothing is left.
        #expect(changes.drop(through: 1).isEmpty)
    }
}
