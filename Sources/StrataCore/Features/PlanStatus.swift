/// Where a customer's plan events (trial, paid plan, cancellation, free plan) leave them, read in
/// time order: a trial start makes a trial user, a paid start or renewal a paying one (reactivated
/// when they had cancelled before), a cancellation a churned one, a move to the free plan a free one.
public enum PlanStatus: Int8, Sendable, Hashable, CaseIterable {
    case trial, paying, free, churned, reactivated

    /// The status after `event`, from `current` (nil before any plan event).
    public static func next(_ current: PlanStatus?, event: EventKind, cancelledBefore: Bool) -> PlanStatus? {
        switch event {
        case .planTrial: return current == .paying || current == .reactivated ? current : .trial
        case .planPaid: return cancelledBefore ? .reactivated : .paying
        case .planCancel: return .churned
        case .planFree: return .free
        default: return current
        }
    }
}
