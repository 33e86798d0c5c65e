import StrataCore

/// A segment's size and its members' net revenue in a live state.
public struct LiveSegmentSize: Sendable, Equatable {
    /// The scheme's name, or "custom".
    public var scheme: String
    public var label: String
    public var size: Int
    public var revenueCents: Int64
}

extension LiveAnalysis.Snapshot {
    /// Every segment of every scheme, and every custom segment, with its size and revenue as
    /// of this state: the base's counts (one pass per scheme) corrected by the customers
    /// written to or erased since. Segments in display order; a label only customers analysed
    /// since the base have comes last in its scheme.
    public var segmentSizes: [LiveSegmentSize] {
        let a = base.analysis
        let ids = a.dataset.customers.ids
        let revenue = a.segmentation.features.revenueCents
        let changes = changed.entries
        var sizes: [LiveSegmentSize] = []
        for scheme in a.segmentation.schemes {
            let (names, codes) = a.segmentation.labels(scheme)
            var tally = Tally(names)
            for c in codes.indices { tally.add(codes[c], revenue[c]) }
            for (id, change) in changes {
                if let c = ids.code(of: id) { tally.add(codes[c], -revenue[c], count: -1) }
                if case let .analysed(analysed, i) = change {
                    let s = analysed.analysis.segmentation
                    tally.add(tally.code(s.segment(scheme, i)), s.features.revenueCents[i])
                }
            }
            sizes += tally.sizes(scheme.rawValue)
        }
        if let custom = a.custom {
            var tally = Tally(custom.segmentNames)
            for (k, members) in custom.members.enumerated() {
                for c in members.indices where members[c] { tally.add(k, revenue[c]) }
            }
            for (id, change) in changes {
                if let c = ids.code(of: id) {
                    for k in custom.members.indices where custom.members[k][c] { tally.add(k, -revenue[c], count: -1) }
                }
                if case let .analysed(analysed, i) = change, let theirs = analysed.analysis.custom {
                    for (k, name) in theirs.segmentNames.enumerated() where theirs.members[k][i] {
                        tally.add(tally.code(name), analysed.analysis.segmentation.features.revenueCents[i])
                    }
                }
            }
            sizes += tally.sizes("custom")
        }
        return sizes
    }
}

/// Counts and revenue by segment label.
private struct Tally {
    var names: [String]
    var codes: [String: Int]
    var counts: [Int]
    var cents: [Int64]

    init(_ names: [String]) {
        self.names = names
        codes = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        counts = Array(repeating: 0, count: names.count)
        cents = Array(repeating: 0, count: names.count)
    }

    mutating func code(_ name: String) -> Int {
        if let code = codes[name] { return code }
        names.append(name)
        counts.append(0)
        cents.append(0)
        codes[name] = names.count - 1
        return names.count - 1
    }

    mutating func add(_ code: Int, _ revenue: Int64, count: Int = 1) {
        counts[code] += count
        cents[code] &+= revenue
    }

    func sizes(_ scheme: String) -> [LiveSegmentSize] {
        names.indices.map { LiveSegmentSize(scheme: scheme, label: names[$0], size: counts[$0], revenueCents: cents[$0]) }
    }
}
