/// What the live analysis knows of customers written to since the base, by id: kept as a few
/// immutable layers, newest last, so that each step adds its customers without copying the
/// others (a state being read keeps its layers). A layer at least half the size of the one
/// before is merged into it, so there are O(log n) layers and each entry is copied O(log n)
/// times in all.
struct LiveOverlay: Sendable {
    private var layers: [[String: LiveAnalysis.Changed]] = []
    /// Distinct customers.
    private(set) var count = 0

    subscript(id: String) -> LiveAnalysis.Changed? {
        for layer in layers.reversed() { if let entry = layer[id] { return entry } }
        return nil
    }

    /// Adds or replaces these customers' entries.
    mutating func set(_ entries: [String: LiveAnalysis.Changed]) {
        guard !entries.isEmpty else { return }
        for id in entries.keys where self[id] == nil { count += 1 }
        layers.append(entries)
        while layers.count > 1, layers[layers.count - 1].count * 2 >= layers[layers.count - 2].count {
            let newer = layers.removeLast()
            layers[layers.count - 1].merge(newer) { _, new in new }
        }
    }

    /// Every customer's latest entry.
    var entries: [String: LiveAnalysis.Changed] {
        guard layers.count > 1 else { return layers.first ?? [:] }
        var all = layers[0]
        for layer in layers.dropFirst() { all.merge(layer) { _, new in new } }
        return all
    }
}
