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

extension Analysis {
    /// Who is in the segment `name`: `scheme:segment` (`rfm:champions`; segment names match
    /// without regard to case), a segment name found in one scheme only, or a custom segment's
    /// name (optionally `custom:name`).
    public func members(ofSegment name: String) throws(SegmentLookupError) -> [Bool] {
        let s = segmentation
        if let custom, let k = custom.segmentNames.firstIndex(of: name.hasPrefix("custom:") ? String(name.dropFirst(7)) : name) {
            return custom.members[k]
        }
        let parts = name.split(separator: ":", maxSplits: 1).map(String.init)
        let wanted = (parts.last ?? "").lowercased()
        let candidates = s.schemes.compactMap { scheme -> (SegmentScheme, Int)? in
            guard parts.count == 1 || scheme.rawValue == parts[0].lowercased() else { return nil }
            return s.labels(scheme).names.firstIndex { $0.lowercased() == wanted }.map { (scheme, $0) }
        }
        guard let (scheme, code) = candidates.first else { throw .unknown(name) }
        guard candidates.count == 1 else { throw .ambiguous(name, schemes: candidates.map(\.0.rawValue)) }
        return s.labels(scheme).codes.map { $0 == code }
    }
}
