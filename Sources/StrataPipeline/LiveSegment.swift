import StrataCore

/// A segment's members in a live state (``LiveAnalysis/Snapshot``): the base's customers by code,
/// with the customers written to since as they are now and erased ones out, then the customers
/// new since the base, in id order.
public struct LiveSegment: Sendable {
    public var scheme: String
    public var label: String
    /// By the base's customer code.
    public var baseMembers: [Bool]
    /// Members the base did not know, in id order.
    public var newMembers: [String]
    /// Members' net revenue, in cents.
    public var revenueCents: Int64

    public var count: Int { baseMembers.lazy.filter { $0 }.count + newMembers.count }

    /// The members' ids (base customers in code order, then new ones).
    public func ids(_ base: Analysis) -> [String] {
        let ids = base.dataset.customers.ids
        return baseMembers.indices.filter { baseMembers[$0] }.map { ids.string($0) } + newMembers
    }
}

extension LiveAnalysis.Snapshot {
    /// A customer's analysis and their index in it; nil when the customer is unknown or erased.
    public func customer(_ id: String) -> (analysis: Analysis, index: Int)? {
        switch changed[id] {
        case let .analysed(analysed, index)?: return (analysed.analysis, index)
        case .erased?: return nil
        case nil: return base.analysis.dataset.customers.ids.code(of: id).map { (base.analysis, $0) }
        }
    }

    /// Customers known (the base's, less those erased, and those new since).
    public var customerCount: Int {
        let ids = base.analysis.dataset.customers.ids
        return changed.entries.reduce(ids.count) { count, entry in
            switch entry.value {
            case .erased: return count - (ids.code(of: entry.key) == nil ? 0 : 1)
            case .analysed: return count + (ids.code(of: entry.key) == nil ? 1 : 0)
            }
        }
    }

    /// Customers written to or erased since the base.
    public var changedCount: Int { changed.count }

    /// Every known customer's net revenue, in cents.
    public var revenueCents: Int64 {
        let a = base.analysis
        let revenue = a.segmentation.features.revenueCents
        var total = revenue.reduce(Int64(0), &+)
        for (id, change) in changed.entries {
            if let c = a.dataset.customers.ids.code(of: id) { total &-= revenue[c] }
            if case let .analysed(analysed, i) = change { total &+= analysed.analysis.segmentation.features.revenueCents[i] }
        }
        return total
    }

    /// The members of the segment `name` (as ``Analysis/segment(named:)`` finds it in the base).
    public func segment(named name: String) throws(SegmentLookupError) -> LiveSegment {
        let a = base.analysis
        let found = try a.segment(named: name)
        var members = found.members
        let revenue = a.segmentation.features.revenueCents
        var cents = members.indices.reduce(Int64(0)) { members[$1] ? $0 &+ revenue[$1] : $0 }
        var newMembers: [String] = []
        var flags: [ObjectIdentifier: [Bool]] = [:]
        for (id, change) in changed.entries {
            let c = a.dataset.customers.ids.code(of: id)
            if let c, members[c] {
                members[c] = false
                cents &-= revenue[c]
            }
            guard case let .analysed(analysed, i) = change else { continue }
            let key = ObjectIdentifier(analysed)
            if flags[key] == nil { flags[key] = (try? analysed.analysis.segment(named: name).members) ?? [] }
            guard let inIt = flags[key], i < inIt.count, inIt[i] else { continue }
            cents &+= analysed.analysis.segmentation.features.revenueCents[i]
            if let c { members[c] = true } else { newMembers.append(id) }
        }
        return LiveSegment(scheme: found.scheme, label: found.label, baseMembers: members, newMembers: newMembers.sorted(), revenueCents: cents)
    }

    /// Members of each segment named, among `customers` (every customer when nil).
    public func members(of segments: Set<String>, among customers: [String]? = nil) -> [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        for name in segments {
            if let customers {
                var flags: [ObjectIdentifier?: [Bool]] = [:]  // by analysis: nil the base
                out[name] = Set(customers.filter { id in
                    guard let (analysis, c) = customer(id) else { return false }
                    var key: ObjectIdentifier?
                    if case let .analysed(analysed, _)? = changed[id] { key = ObjectIdentifier(analysed) }
                    if flags[key] == nil { flags[key] = (try? analysis.segment(named: name).members) ?? [] }
                    return flags[key].map { c < $0.count && $0[c] } ?? false
                })
            } else {
                out[name] = (try? segment(named: name)).map { Set($0.ids(base.analysis)) } ?? []
            }
        }
        return out
    }
}
