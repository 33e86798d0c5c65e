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

    /// The segment one step up the scheme's own ladder, the realistic next goal for its
    /// customers; nil at the top. RFM climbs the grid (more recent first, then more frequent and
    /// valuable); activity climbs least-engaged → passive → active, and new customers aim at
    /// active. docs/insights.md draws both ladders.
    public func nextBetter(_ segment: String) -> String? {
        switch self {
        case .rfm:
            guard let s = RFMSegment(rawValue: segment) else { return nil }
            let next: RFMSegment?
            switch s {
            case .champions: next = nil
            case .loyal, .cantLoseThem: next = .champions
            case .potentialLoyalist, .needAttention, .atRisk: next = .loyal
            case .newCustomers, .promising: next = .potentialLoyalist
            case .aboutToSleep: next = .needAttention
            case .hibernating: next = .aboutToSleep
            case .lost: next = .hibernating
            case .noPurchase: next = .newCustomers
            }
            return next?.rawValue
        case .activity:
            guard let s = ActivitySegment(rawValue: segment) else { return nil }
            switch s {
            case .active: return nil
            case .passive, .new: return ActivitySegment.active.rawValue
            case .leastEngaged, .noInteractions: return ActivitySegment.passive.rawValue
            }
        }
    }

    /// Why the scheme cannot be computed from a data set, or nil when it can: the activity
    /// scheme reads interaction events, which orders-only data does not have.
    public func unavailability(_ data: Dataset) -> String? {
        switch self {
        case .rfm: return nil
        case .activity:
            return data.events.count > 0 ? nil
                : "activity segments need interaction events (an events file: emails, site, app, support…); RFM segments are ranked and planned instead"
        }
    }

    /// The scheme a summary leads with: activity when there is one, else RFM.
    public static func primary(of schemes: [SegmentScheme]) -> SegmentScheme {
        schemes.contains(.activity) ? .activity : .rfm
    }

    /// Whether tables list a segment with no customer (the activity scheme's five always show).
    public var listsEmptySegments: Bool {
        switch self {
        case .rfm: return false
        case .activity: return true
        }
    }
}
