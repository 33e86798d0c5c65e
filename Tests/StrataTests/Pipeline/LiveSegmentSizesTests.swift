import Foundation
@testable import StrataPipeline
import StrataCore
import Testing

/// Every segment's size and revenue in a live state, counted in one pass per scheme, equal what
/// each segment's own member list gives (``LiveAnalysis/Snapshot/segment(named:)``).
@Suite struct LiveSegmentSizesTests {
    @Test func sizesInOnePassEqualEachSegmentsMembers() throws {
        var variant = DataGenerator.Variant()
        variant.schemes = true
        let before = try LiveBaseTests().analysis(DataGeneratorTests().generate(600, seed: 5, variant: variant, rowOrder: .time))
        // Other data for the same ids: these customers' rows "since" the base.
        let after = LiveBase(try LiveBaseTests().analysis(DataGeneratorTests().generate(700, seed: 6, variant: variant, rowOrder: .time)))
        let base = LiveBase(before)
        let ids = after.analysis.dataset.customers.ids
        let changedIDs = (0..<ids.count).filter { $0 % 4 == 0 }.map { ids.string($0) }
        let analysed = LiveAnalysis.Analysed(Analysis(after.dataset(changedIDs, changes: LiveChanges()), base: base.base, asOf: before.asOf))
        var overlay = LiveOverlay()
        overlay.set(Dictionary(uniqueKeysWithValues: changedIDs.enumerated().map { ($1, .analysed(analysed, index: $0)) }))
        let erased = before.dataset.customers.ids.string(1)
        overlay.set([erased: .erased])
        let newcomers = changedIDs.filter { before.dataset.customers.ids.code(of: $0) == nil }.count
        #expect(newcomers > 0)
        let snapshot = LiveAnalysis.Snapshot(base: base, baseVersion: 1, generation: 1, changed: overlay, newcomers: newcomers, version: 2, finishedAt: Date())

        let sizes = snapshot.segmentSizes
        #expect(Set(sizes.map(\.scheme)).count == before.segmentation.schemes.count + 1)
        for size in sizes {
            let segment = try snapshot.segment(named: "\(size.scheme == "custom" ? "custom" : size.scheme):\(size.label)")
            #expect(size.size == segment.count, "\(size.scheme):\(size.label)")
            #expect(size.revenueCents == segment.revenueCents, "\(size.scheme):\(size.label)")
        }
        for scheme in before.segmentation.schemes {
            #expect(sizes.filter { $0.scheme == scheme.rawValue }.reduce(0) { $0 + $1.size } == snapshot.customerCount)
        }
    }
}
