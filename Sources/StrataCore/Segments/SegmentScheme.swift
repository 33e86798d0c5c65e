/// The built-in ways of splitting the customers, and everything the outputs need to know about
/// each: its titles, its segments in display order, which are valuable and which signal churn.
/// Every switch over it is exhaustive, so a new scheme cannot be half-handled (docs/architecture.md).
public enum SegmentScheme: String, Sendable, Hashable, CaseIterable, Codable {
    /// The 11 named RFM segments (plus customers with no purchase).
    case rfm
    /// Active / passive / least-engaged / new / no-interactions.
    case activity

    /// "RFM segments", "Activity segments".
    public var title: String { "\(shortTitle) segments" }

    /// "RFM", "Activity".
    public var shortTitle: String {
        switch self {
        case .rfm: return "RFM"
        case .activity: return "Activity"
        }
    }

    /// The segments in display order.
    public var segmentNames: [String] {
        switch self {
        case .rfm: return RFMSegment.allCases.map(\.rawValue)
        case .activity: return ActivitySegment.allCases.map(\.rawValue)
        }
    }

    /// Segments a customer should not leave (a move out of them is an alert).
    public var valuable: Set<String> {
        switch self {
        case .rfm: return Set([RFMSegment.champions, .loyal, .potentialLoyalist].map(\.rawValue))
        case .activity: return [ActivitySegment.active.rawValue]
        }
    }

    /// Segments that signal churn.
    public var atRisk: Set<String> {
        switch self {
        case .rfm: return Set([RFMSegment.atRisk, .cantLoseThem, .aboutToSleep, .hibernating, .lost].map(\.rawValue))
        case .activity: return Set([ActivitySegment.passive, .leastEngaged].map(\.rawValue))
        }
    }

    /// Whether tables list a segment with no customer (the activity scheme's five always show).
    public var listsEmptySegments: Bool {
        switch self {
        case .rfm: return false
        case .activity: return true
        }
    }
}
