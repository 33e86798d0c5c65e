/// Which segments a part of the insights is about: a built-in scheme, the custom segments of a
/// rules file, or data-driven clusters. Written as its name ("rfm", "activity", "custom", "clusters").
public enum InsightScheme: Hashable, Sendable, Codable, CustomStringConvertible {
    case builtIn(SegmentScheme)
    case custom
    case clusters

    public init?(name: String) {
        switch name {
        case "custom": self = .custom
        case "clusters": self = .clusters
        default:
            guard let scheme = SegmentScheme(rawValue: name) else { return nil }
            self = .builtIn(scheme)
        }
    }

    public var description: String {
        switch self {
        case let .builtIn(scheme): return scheme.rawValue
        case .custom: return "custom"
        case .clusters: return "clusters"
        }
    }

    /// "Activity segments", "RFM segments", "Custom segments", "Clusters".
    public var title: String {
        switch self {
        case let .builtIn(scheme): return scheme.title
        case .custom: return "Custom segments"
        case .clusters: return "Clusters"
        }
    }

    public init(from decoder: Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let scheme = InsightScheme(name: name) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown scheme '\(name)'"))
        }
        self = scheme
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
