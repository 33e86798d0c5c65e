import Foundation
@testable import StrataPipeline
import StrataCore
import Testing

/// The keeper frees a group of analysed customers only once no state refers to it any more,
/// and keeps those still referred to.
@Suite struct AnalysedKeeperTests {
    @Test func onlyGroupsNoOneElseHoldsAreFreed() throws {
        let analysis = try LiveBaseTests().analysis(DataGeneratorTests().generate(50, seed: 3))
        let keeper = AnalysedKeeper()
        var held: LiveAnalysis.Analysed? = LiveAnalysis.Analysed(analysis)
        weak var heldWeakly = held
        weak var dropped: LiveAnalysis.Analysed?
        do {
            let group = LiveAnalysis.Analysed(analysis)
            dropped = group
            keeper.keep(group)
        }
        keeper.keep(held!)
        #expect(dropped != nil, "the keeper holds a group no state refers to until it frees it")
        keeper.freeUnused()
        #expect(dropped == nil)
        #expect(heldWeakly != nil)
        held = nil
        #expect(heldWeakly != nil, "the keeper still holds it")
        keeper.freeUnused()
        #expect(heldWeakly == nil)
    }
}
