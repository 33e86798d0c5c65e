import StrataCore

/// A segment name that names no segment, or more than one.
public enum SegmentLookupError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknown(String)
    case ambiguous(String, schemes: [String])

    public var description: String {
        switch self {
        case let .unknown(name): return "no segment '\(name)'; name one as scheme:segment, e.g. rfm:champions"
        case let .ambiguous(name, schemes): return "'\(name)' is a segment of \(schemes.joined(separator: " and ")); name one as scheme:segment"
        }
    }
}

/// A segment of an analysis found by name: its scheme (`custom` for a custom segment), its
/// name in that scheme, and who is in it.
public struct NamedSegment: Sendable {
    public var scheme: String
    public var label: String
    public var members: [Bool]
}

extension Analysis {
    /// The segment `name` names: `scheme:segment` (`rfm:champions`; segment names match without
    /// regard to case), a segment name found in one scheme only, or a custom segment's name
    /// (optionally `custom:name`).
    public func segment(named name: String) throws(SegmentLookupError) -> NamedSegment {
        let s = segmentation
        if let custom, let k = custom.segmentNames.firstIndex(of: name.hasPrefix("custom:") ? String(name.dropFirst(7)) : name) {
            return NamedSegment(scheme: "custom", label: custom.segmentNames[k], members: custom.members[k])
        }
        let parts = name.split(separator: ":", maxSplits: 1).map(String.init)
        let wanted = (parts.last ?? "").lowercased()
        let candidates = s.schemes.compactMap { scheme -> (SegmentScheme, Int)? in
            guard parts.count == 1 || scheme.rawValue == parts[0].lowercased() else { return nil }
            return s.labels(scheme).names.firstIndex { $0.lowercased() == wanted }.map { (scheme, $0) }
        }
        guard let (scheme, code) = candidates.first else { throw .unknown(name) }
        guard candidates.count == 1 else { throw .ambiguous(name, schemes: candidates.map(\.0.rawValue)) }
        let (names, codes) = s.labels(scheme)
        return NamedSegment(scheme: scheme.rawValue, label: names[code], members: codes.map { $0 == code })
    }

    /// Who is in the segment `name` (see ``segment(named:)``).
    public func members(ofSegment name: String) throws(SegmentLookupError) -> [Bool] {
        try segment(named: name).members
    }
}
