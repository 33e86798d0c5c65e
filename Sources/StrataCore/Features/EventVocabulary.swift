/// What an event type means to Strata. Spellings are matched without regard to case.
///
/// A *touch* is something the business sends; a *response* answers a touch on its channel;
/// everything else is customer *activity*. Unknown types are activity.
public enum EventKind: String, Sendable, Hashable, CaseIterable {
    case touch, response, visit, appOpen = "app_open", cartAdd = "cart_add", cartAbandon = "cart_abandon"
    case supportTicket = "support_ticket", nps, review, productReturn = "return"
    /// Plan events: a trial starts, a paid plan starts or renews, a plan is cancelled, a move to a free plan.
    case planTrial = "trial_start", planPaid = "subscription_start", planCancel = "subscription_cancel", planFree = "plan_free"
    case other

    /// Whether the customer did it (everything but a touch).
    public var isActivity: Bool { self != .touch }
    /// Whether it changes the customer's plan (the user-status scheme).
    public var isPlanChange: Bool { [.planTrial, .planPaid, .planCancel, .planFree].contains(self) }
}

/// The default event vocabulary: kinds and implied channels of the common spellings.
public enum EventVocabulary {
    /// Every known spelling (lower case) with its kind and implied channel.
    package static let table: [String: (EventKind, String?)] = [
        "email_sent": (.touch, "email"), "sms_sent": (.touch, "sms"), "push_sent": (.touch, "push"),
        "call": (.touch, "phone"), "email_delivered": (.touch, "email"),
        "email_open": (.response, "email"), "email_click": (.response, "email"),
        "email_reply": (.response, "email"), "sms_click": (.response, "sms"), "sms_reply": (.response, "sms"),
        "push_open": (.response, "push"), "push_click": (.response, "push"), "call_answered": (.response, "phone"),
        "visit": (.visit, "web"), "site_visit": (.visit, "web"), "page_view": (.visit, "web"),
        "app_open": (.appOpen, "app"), "add_to_cart": (.cartAdd, nil), "cart_add": (.cartAdd, nil),
        "cart_abandon": (.cartAbandon, nil), "abandoned_cart": (.cartAbandon, nil),
        "support_ticket": (.supportTicket, "support"), "ticket": (.supportTicket, "support"),
        "nps": (.nps, nil), "survey_nps": (.nps, nil), "review": (.review, nil), "return": (.productReturn, nil),
        "trial_start": (.planTrial, nil), "trial_started": (.planTrial, nil),
        "subscription_start": (.planPaid, nil), "subscription_started": (.planPaid, nil), "subscribe": (.planPaid, nil),
        "subscription_renew": (.planPaid, nil), "subscription_renewal": (.planPaid, nil), "upgrade": (.planPaid, nil),
        "subscription_cancel": (.planCancel, nil), "subscription_cancelled": (.planCancel, nil),
        "subscription_canceled": (.planCancel, nil), "subscription_end": (.planCancel, nil),
        "plan_free": (.planFree, nil), "downgrade": (.planFree, nil), "trial_end": (.planFree, nil),
    ]

    /// The kind of an event type (`other` for unknown types).
    public static func kind(of type: String) -> EventKind {
        table[type.lowercased()]?.0 ?? .other
    }

    /// Prefixes that imply a channel for types not in the table (`email_bounce` → `email`).
    package static let channelPrefixes = ["email", "sms", "push", "app", "web"]

    /// The channel an event type implies when the row names none (`email_open` → `email`).
    public static func impliedChannel(of type: String) -> String? {
        let lowered = type.lowercased()
        if let entry = table[lowered] { return entry.1 }
        for prefix in channelPrefixes where lowered.hasPrefix(prefix + "_") { return prefix }
        return nil
    }
}
