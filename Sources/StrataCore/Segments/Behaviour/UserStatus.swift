/// User status (seed 002, "trial, paying, free, churned, reactivated"), from plan events
/// (``PlanStatus``); `not-enough-data` for a customer without any.
public enum UserStatusSegment: String, Sendable, Hashable, CaseIterable {
    case trial, paying, free, churned, reactivated
    case notEnoughData = "not-enough-data"

    public init(_ status: PlanStatus?) {
        switch status {
        case .trial: self = .trial
        case .paying: self = .paying
        case .free: self = .free
        case .churned: self = .churned
        case .reactivated: self = .reactivated
        case nil: self = .notEnoughData
        }
    }
}
