/// The behavioural schemes' groups planted in a generated customer (``DataGenerator/Variant/schemes``),
/// each drawn independently of the others and of the persona, and written to `truth.csv`
/// (one column per scheme, named after ``SegmentScheme``).
///
/// Where two schemes read the same behaviour they are planted so as not to contradict each other:
/// with schemes planted, every persona buys at the same price level (the price level is the
/// benefits trait alone), hours and weekdays of orders and email opens follow the time-of-day and
/// occasion traits, and browsing before orders follows the purchase-experience trait.
package struct PlantedTraits: Sendable {
    package enum Email: String, CaseIterable { case readsActively = "reads-actively", readsSometimes = "reads-sometimes", neverReads = "never-reads" }
    package enum Experience: String, CaseIterable { case oneClick = "one-click", quickDecider = "quick-decider", considered, cartAbandoner = "cart-abandoner" }
    package enum Benefit: String, CaseIterable { case priceDriven = "price-driven", premium, categoryLoyal = "category-loyal", none = "no-clear-preference" }
    package enum Occasion: String, CaseIterable { case seasonal, weekend, weekday, anyDay = "any-day" }
    package enum Daypart: String, CaseIterable { case night, morning, afternoon, evening, anyTime = "any-time" }
    package enum Satisfaction: String, CaseIterable { case promoter, passive, detractor }
    package enum Status: String, CaseIterable { case trial, paying, free, churned, reactivated }
    package enum Loyalty: String, CaseIterable { case gold, silver, bronze }

    package var email: Email
    package var experience: Experience
    package var benefit: Benefit
    package var occasion: Occasion
    package var daypart: Daypart
    package var satisfaction: Satisfaction
    /// nil: the customer has no plan events.
    package var status: Status?
    /// Came back after a pause of 200–300 days, 20–80 days before the end (alive personas only).
    package var reactivated: Bool
    /// Gold (30% of the established premium buyers outside the season) and silver (45%) buy often: every 2–3 and
    /// 4.5–5.5 days on average, worth at least three and one and a half times the most any
    /// bronze customer can be worth.
    package var loyalty: Loyalty
    /// A heavy user of one category and few features (usage `heavy-narrow`, 5% of the other
    /// established customers): category-loyal, buys by one click every 3–3.5 days, reads no
    /// email, answers surveys only, has no plan.
    package var devotee: Bool

    /// The truth columns, after `customer_id,persona`: the planted groups, then the schemes whose
    /// groups follow from the others' and from the rows written (usage, purchase cycle, interests
    /// and shopper type: computed here from the generated rows, by the definitions in docs/features.md).
    package static let columns = ["email", "experience", "benefits", "occasion", "daypart", "satisfaction", "status", "lifecycle", "loyalty",
                                  "usage", "cycle", "interests", "shopper"]

    /// An order as written.
    package struct Order {
        package var time: Int64
        package var category: String
        package var discounted: Bool
    }

    /// `alive`: the persona still buys at the end; `established`: it has bought for months (active
    /// and passive personas). Customers who stopped buying stopped everything (no email read, no
    /// login), as the least engaged and the churned do.
    package init(_ rng: inout SeededRandom, alive: Bool, established: Bool) {
        func pick<T: CaseIterable>(_ type: T.Type) -> T where T.AllCases: RandomAccessCollection, T.AllCases.Index == Int {
            T.allCases[Int(rng.unit() * Double(T.allCases.count)) % T.allCases.count]
        }
        email = pick(Email.self)
        experience = pick(Experience.self)
        benefit = pick(Benefit.self)
        occasion = pick(Occasion.self)
        daypart = pick(Daypart.self)
        satisfaction = pick(Satisfaction.self)
        status = rng.chance(0.5) ? pick(Status.self) : nil
        reactivated = alive && rng.chance(0.12)
        if !alive { email = .neverReads }
        let draw = established ? rng.unit() : 1
        // Not seasonal buyers: months without an order after the season say "may have stopped".
        loyalty = benefit != .premium || occasion == .seasonal ? .bronze : draw < 0.3 ? .gold : draw < 0.75 ? .silver : .bronze
        devotee = benefit != .premium && draw < 0.05
        if loyalty != .bronze { reactivated = false }
        if devotee {
            (benefit, experience, email, satisfaction, status, reactivated) = (.categoryLoyal, .oneClick, .neverReads, .promoter, nil, false)
        }
    }

    /// The mean days between orders that replaces the persona's, if any.
    package var orderGapDays: ClosedRange<Double>? {
        if devotee { return 3...3.5 }
        switch loyalty {
        case .gold: return 2...3
        case .silver: return 4.5...5.5
        case .bronze: return nil
        }
    }

    /// The chance an email is opened.
    package func openChance(_ rng: inout SeededRandom) -> Double {
        switch email {
        case .readsActively: return rng.uniform(0.65, 0.9)
        case .readsSometimes: return rng.uniform(0.12, 0.28)
        case .neverReads: return 0
        }
    }

    /// Median order amount (the price level) and the share of orders on discount.
    package var pricing: (median: Double, discount: Double) {
        switch benefit {
        case .priceDriven: return (30, 0.7)
        case .premium: return (150, 0.05)
        case .categoryLoyal, .none: return (60, 0.1)
        }
    }

    /// The chance an order is in the customer's favourite category (else any of 8).
    package var favouriteShare: Double {
        switch benefit {
        case .categoryLoyal: return 1
        case .none: return 0.15
        case .priceDriven, .premium: return 0.25
        }
    }

    /// Moves a time to the traits' weekday and hour: weekend or weekday customers shop on those
    /// days, and a part of the day holds 90% of a customer's times.
    package func retime(_ ts: Int64, _ rng: inout SeededRandom) -> Int64 {
        var day = Timestamp.day(ts)
        let weekday = Timestamp.weekday(ts)
        switch occasion {
        case .weekend where weekday < 6: day += Int64(6 - weekday) + (rng.chance(0.5) ? 1 : 0)
        case .weekday where weekday >= 6: day += Int64(8 - weekday) + Int64(rng.uniform(0, 5))
        default: break
        }
        let band: (Double, Double)
        switch daypart {
        case .night: band = (0, 6)
        case .morning: band = (6, 12)
        case .afternoon: band = (12, 18)
        case .evening: band = (18, 24)
        case .anyTime: band = (0, 24)
        }
        let hour = daypart == .anyTime || rng.chance(0.9) ? rng.uniform(band.0, band.1) : rng.uniform(0, 24)
        return day * 86_400 + Int64(hour * 3600)
    }

    /// Plan events (time, type) between signup and the end.
    package func planEvents(signup: Int64, end: Int64, _ rng: inout SeededRandom) -> [(Int64, String)] {
        guard let status else { return [] }
        let day: Int64 = 86_400
        let start = signup + Int64(rng.uniform(1, 10)) * day
        switch status {
        case .trial: return [(max(start, end - Int64(rng.uniform(2, 12)) * day), "trial_start")]
        case .paying: return [(start, "trial_start"), (start + 14 * day, "subscription_start")]
        case .free: return [(start, "trial_start"), (start + 14 * day, "plan_free")]
        case .churned:
            let cancel = start + (end - start) / 2
            return [(start, "subscription_start"), (cancel, "subscription_cancel")]
        case .reactivated:
            let cancel = start + (end - start) / 3, back = start + 2 * (end - start) / 3
            return [(start, "subscription_start"), (cancel, "subscription_cancel"), (back, "subscription_start")]
        }
    }
}

extension DataGenerator {
    /// Orders as the traits make them: at the occasion's times and hours, 85% of seasonal customers'
    /// inside the peak (Nov 20 – Dec 31; customers who never lived through one buy on any day), a
    /// reactivated customer's with a 200–300-day pause that ended 20–80 days before the end.
    package func plantedOrderTimes(_ times: [Int64], signup: Int64, traits: inout PlantedTraits, _ rng: inout SeededRandom) -> [Int64] {
        let end = Self.periodEnd, day: Int64 = 86_400
        var out = times
        if traits.occasion == .seasonal {
            let peaks = (2021...2024).map { year -> ClosedRange<Int64> in
                let from = Timestamp.daysFromCivil(year: year, month: 11, day: 20) * day
                return from...(Timestamp.daysFromCivil(year: year, month: 12, day: 31) * day + day - 1)
            }.filter { $0.lowerBound >= signup && $0.upperBound <= end }
            if peaks.isEmpty {
                traits.occasion = .anyDay
            } else {
                // Most, not all, of a seasonal customer's orders fall in the peak.
                out = out.map { time in
                    guard rng.chance(0.85) else { return time }
                    let peak = peaks[Int(rng.unit() * Double(peaks.count)) % peaks.count]
                    return peak.lowerBound + Int64(rng.unit() * Double(peak.upperBound - peak.lowerBound - day))
                }
            }
        }
        out = out.map { traits.retime($0, &rng) }.filter { $0 <= end && $0 >= signup }.sorted()
        if traits.reactivated {
            let back = end - Int64(rng.uniform(20, 80)) * day
            let pauseStart = back - Int64(rng.uniform(200, 300)) * day
            let before = out.filter { $0 < pauseStart }
            if before.isEmpty {
                traits.reactivated = false
            } else {
                out = before + [back] + out.filter { $0 > back }
            }
        }
        return out
    }

    /// Browsing, carts, feedback, plan events and logins as the traits make them, and the browsing
    /// events that lead up to a purchase.
    package func plantedEvents(_ traits: PlantedTraits, orders: [Int64], signup: Int64, alive: Bool,
                               _ rng: inout SeededRandom) -> (events: [(Int64, String, String, Double)], browses: Int) {
        let end = Self.periodEnd, day = 86_400.0, hour = 3_600.0
        var events: [(Int64, String, String, Double)] = []
        var browses = 0
        for (k, order) in orders.enumerated() {
            let previous = k > 0 ? orders[k - 1] : signup
            let room = Double(order - previous)
            switch traits.experience {
            case .oneClick, .cartAbandoner: continue
            case .quickDecider:
                let lead = min(rng.uniform(1, 12) * hour, 0.8 * room)
                events.append((order - Int64(lead), "visit", "web", .nan))
                browses += 2
            case .considered:
                let lead = min(rng.uniform(3, 10) * day, 0.8 * room)
                guard lead > 1.5 * day else { continue }
                events.append((order - Int64(lead), "visit", "web", .nan))
                events.append((order - Int64(lead / 2), "visit", "web", .nan))
                browses += 3
            }
            events.append((order - 600, "add_to_cart", "web", .nan))
        }
        if traits.experience == .cartAbandoner {
            let from = orders.last ?? signup
            let when = from + Int64(rng.uniform(0.1, 0.9) * Double(end - from))
            events.append((when, "add_to_cart", "web", .nan))
            events.append((when + 600, "cart_abandon", "web", .nan))
        }
        let purchaseDays = Set(orders.map(Timestamp.day)).count
        func nps(_ low: Double, _ high: Double) {
            events.append((signup + Int64(rng.unit() * Double(end - signup)), "nps", "email", Double(Int(rng.uniform(low, high)))))
        }
        func tickets(_ n: Int) {
            for _ in 0..<n { events.append((signup + Int64(rng.unit() * Double(end - signup)), "support_ticket", "support", .nan)) }
        }
        switch traits.satisfaction {
        case .promoter:
            if rng.chance(0.7) || purchaseDays < 3 { nps(9, 11) }
        case .passive:
            if rng.chance(0.7) { nps(7, 9) } else if purchaseDays >= 3 { tickets(1) }
        case .detractor:
            if rng.chance(0.5) { nps(0, 6) }
            tickets(2)
        }
        for (when, type) in traits.planEvents(signup: signup, end: end, &rng) { events.append((when, type, "", .nan)) }
        // Customers who still buy keep logging in.
        var login = signup + Int64(rng.uniform(1, 20) * day)
        while alive && login <= end {
            events.append((login, "login", "app", .nan))
            login += Int64(rng.uniform(10, 30) * day)
        }
        return (events, browses)
    }

    /// The truth row's scheme columns (``PlantedTraits/columns``).
    package func plantedTruth(_ traits: PlantedTraits, persona: Persona, orders written: [PlantedTraits.Order], events: [(Int64, String, String, Double)],
                              signup: Int64, browses: Int) -> [String] {
        let orders = written.map(\.time)
        let sent = events.filter { $0.0 <= Self.periodEnd }
        let emails = sent.filter { $0.1 == "email_sent" }.count
        let timed = orders.count + sent.filter { $0.1 == "email_open" || $0.1 == "email_click" }.count
        let endDay = Timestamp.day(Self.periodEnd)
        let days = Array(Set(orders.map(Timestamp.day))).sorted()
        let stage: LifecycleStage
        if days.isEmpty {
            stage = .prospect
        } else if persona == .leastEngaged || persona == .churned {
            stage = .lapsed
        } else if endDay - days[0] <= 30 {
            stage = .new
        } else if let k = days.indices.dropFirst().last(where: { days[$0] - days[$0 - 1] >= 180 }), endDay - days[k] <= 90 {
            // Planted (``PlantedTraits/reactivated``) or a long gap by chance: the history shows a return.
            stage = .reactivated
        } else {
            let gap = days.count > 1 ? Double(days[days.count - 1] - days[0]) / Double(days.count - 1) : 30
            stage = Double(endDay - days[days.count - 1]) / max(gap, 1) > 1.5 ? .atRisk : .active
        }
        let enough = orders.count >= 3
        return Array([emails >= 3 ? traits.email.rawValue : SegmentScheme.notEnoughData, orders.isEmpty && traits.experience != .cartAbandoner ? SegmentScheme.notEnoughData : traits.experience.rawValue,
                enough ? traits.benefit.rawValue : SegmentScheme.notEnoughData,
                enough && timed >= 10 ? traits.occasion.rawValue : SegmentScheme.notEnoughData,
                timed >= 20 ? traits.daypart.rawValue : SegmentScheme.notEnoughData, traits.satisfaction.rawValue,
                traits.status?.rawValue ?? SegmentScheme.notEnoughData, stage.rawValue,
                orders.isEmpty ? SegmentScheme.notEnoughData : traits.loyalty.rawValue]
            + derivedTruth(traits, orders: written, events: events, signup: signup, browses: browses))
    }

    /// Usage, purchase cycle, interests and shopper type of the rows written, by the definitions
    /// of docs/features.md at their default thresholds (a second reading of those definitions).
    private func derivedTruth(_ traits: PlantedTraits, orders: [PlantedTraits.Order], events: [(Int64, String, String, Double)], signup: Int64,
                              browses: Int) -> [String] {
        let end = Self.periodEnd, endDay = Timestamp.day(end)
        let actions = events.filter { $0.0 <= end && $0.0 >= signup && !$0.1.hasSuffix("_sent") }
        let categories = Set(orders.map(\.category))
        let breadth = categories.count + Set(actions.map(\.1)).count
        let perMonth = Double(orders.count + actions.count) * 30 / Double(max(endDay - Timestamp.day(signup), 30))
        let level = perMonth >= 8 ? "heavy" : perMonth >= 2 ? "medium" : "light"
        let usage = orders.count + actions.count == 0 ? SegmentScheme.notEnoughData : level + (breadth >= 4 ? "-broad" : "-narrow")

        let days = Array(Set(orders.map { Timestamp.day($0.time) })).sorted()
        var cycle = SegmentScheme.notEnoughData
        if days.count >= 2 {
            let ratio = Double(endDay - days[days.count - 1]) / max(Double(days[days.count - 1] - days[0]) / Double(days.count - 1), 1)
            cycle = ratio < 1 ? "within-cycle" : ratio < 2 ? "due" : "overdue"
        }

        var counts: [String: Int] = [:]
        for order in orders { counts[order.category, default: 0] += 1 }
        let top = counts.max { ($0.value, $1.key) < ($1.value, $0.key) }
        let interest = top?.key ?? SegmentScheme.notEnoughData

        var shopper = SegmentScheme.notEnoughData
        if orders.count >= 3 {
            let n = Double(orders.count)
            let night = Double(orders.filter { let h = Timestamp.hour($0.time); return h >= 22 || h < 6 }.count) / n
            let discount = Double(orders.filter(\.discounted).count) / n
            let oneClick = traits.experience == .oneClick || traits.experience == .cartAbandoner
            if oneClick && night >= 0.3 && categories.count >= 3 {
                shopper = "impulsive"
            } else if Double(browses) / n >= 3 && discount >= 0.3 {
                shopper = "smart-shopper"
            } else if discount >= 0.5 || traits.benefit == .priceDriven {
                shopper = "price-sensitive"
            } else if Double(top?.value ?? 0) / n >= 0.7 {
                shopper = "risk-averse"
            } else {
                shopper = "mixed"
            }
        }
        return [usage, cycle, interest, shopper]
    }
}
