/// Generates realistic customers, orders and events with planted personas (see ``Persona``).
///
/// Customers are made in blocks of 4,096, each block from its own random stream, in parallel;
/// the output is identical for a seed whatever the thread count. The observation window is the
/// two years up to ``periodEnd`` (2024-06-30). Spend is log-normal (heavy-tailed); orders peak
/// in November–December; each customer has a favourite weekday, hour and category; passive
/// customers buy on discount more often; NPS answers, support tickets and cart abandons follow
/// the persona.
public struct DataGenerator: Sendable {
    /// Variants of the world generated, so that what is found does not hang on one layout.
    public struct Variant: Sendable, Hashable {
        /// The business's channels: email only (SMS barely: a few to some customers), or email
        /// and an SMS to everyone every two to three months.
        public enum Channels: String, Sendable, Hashable, CaseIterable { case email, emailAndSMS = "email+sms" }
        /// How the least engaged behave: answer nothing at all (`silent`), keep answering SMS
        /// while ignoring email (`sms`), or half and half (`mixed`).
        public enum LeastEngaged: String, Sendable, Hashable, CaseIterable { case mixed, silent, sms }

        public var channels = Channels.email
        public var leastEngaged = LeastEngaged.mixed
        /// False: an orders-only shop (no events are written).
        public var events = true
        /// Plants the behavioural schemes' groups (``PlantedTraits``) and writes them to `truth.csv`.
        public var schemes = false

        public init() {}
    }

    public let customers: Int
    public let seed: UInt64
    public var variant = Variant()

    public static let periodEnd = Timestamp.daysFromCivil(year: 2024, month: 6, day: 30) * 86_400 + 86_399
    package static let periodDays = 730.0
    package static let blockSize = 4096
    package static let categories = ["electronics", "books", "home", "beauty", "sports", "toys", "grocery", "fashion"]
    package static let countries: [(String, [String], Double)] = [
        ("RU", ["Moscow", "Saint Petersburg", "Kazan"], 0.4), ("DE", ["Berlin", "Munich"], 0.2),
        ("US", ["New York", "Austin", "Seattle"], 0.25), ("FR", ["Paris", "Lyon"], 0.15),
    ]
    package static let acquisition = ["organic", "paid_search", "social", "referral", "email"]

    public init(customers: Int, seed: UInt64, variant: Variant = Variant()) {
        self.customers = customers
        self.seed = seed
        self.variant = variant
    }

    /// One block's CSV rows (no headers).
    public struct Block: Sendable {
        public var customers: [UInt8]
        public var orders: [UInt8]
        public var events: [UInt8]
        public var truth: [UInt8]
    }

    public static let headers = (
        customers: "customer_id,signup_date,country,city,gender,birth_year,acquisition_channel\n",
        orders: "order_id,customer_id,ts,amount,discount,category\n",
        events: "event_id,customer_id,ts,type,channel,value\n",
        truth: "customer_id,persona\n"
    )

    /// The header of `truth.csv` for this variant.
    public var truthHeader: String {
        variant.schemes ? "customer_id,persona," + PlantedTraits.columns.joined(separator: ",") + "\n" : Self.headers.truth
    }

    /// Generates every block in order, handing each wave of blocks to `emit` as it completes.
    public func generate(_ emit: ([Block]) throws -> Void) rethrows {
        let blocks = (customers + Self.blockSize - 1) / Self.blockSize
        let wave = 8
        var start = 0
        while start < blocks {
            let count = min(wave, blocks - start)
            let first = start
            let made = Parallel.map(count) { i in block(first + i) }
            try emit(made)
            start += count
        }
    }

    /// Customers `[index * blockSize, …)` of the output.
    public func block(_ index: Int) -> Block {
        var rng = SeededRandom(seed: seed, stream: UInt64(index))
        var out = Block(customers: [], orders: [], events: [], truth: [])
        var c = CSVBuffer(capacity: 1 << 18), o = CSVBuffer(capacity: 1 << 20)
        var e = CSVBuffer(capacity: 1 << 21), t = CSVBuffer(capacity: 1 << 16)
        let lower = index * Self.blockSize
        for number in lower..<min(customers, lower + Self.blockSize) {
            customer(number + 1, &rng, &c, &o, &e, &t)
        }
        out.customers = c.bytes; out.orders = o.bytes; out.events = e.bytes; out.truth = t.bytes
        return out
    }

    private func customer(_ number: Int, _ rng: inout SeededRandom, _ c: inout CSVBuffer,
                          _ o: inout CSVBuffer, _ e: inout CSVBuffer, _ t: inout CSVBuffer) {
        let persona = Persona.allCases[rng.pick(Persona.allCases.map(\.share))]
        let id = "C" + String(number)
        let end = Self.periodEnd
        let start = end - Int64(Self.periodDays * 86_400)
        let day: Double = 86_400
        // Signup: new customers in the last 25 days; churned early; others any time up to 4 months before the end.
        let signup: Int64
        switch persona {
        case .new: signup = end - Int64(rng.uniform(1, 25) * day)
        case .churned: signup = start + Int64(rng.uniform(0, 200) * day)
        default: signup = start + Int64(rng.uniform(0, Self.periodDays - 120) * day)
        }
        var (country, cities, _) = Self.countries[rng.pick(Self.countries.map(\.2))]
        var city = cities[Int(rng.unit() * Double(cities.count))]
        // A regional cluster of disengagement: 30% of the least-engaged live in Kazan.
        if persona == .leastEngaged && rng.chance(0.3) { (country, city) = ("RU", "Kazan") }
        c.text(id); c.comma(); c.text(Timestamp.isoDate(day: Timestamp.day(signup))); c.comma()
        c.text(country); c.comma(); c.text(city); c.comma()
        c.text(rng.chance(0.52) ? "f" : "m"); c.comma()
        let age = persona == .leastEngaged && rng.chance(0.5) ? rng.uniform(55, 75) : rng.uniform(18, 70)
        c.int(2024 - Int(age)); c.comma()
        c.text(Self.acquisition[rng.pick([0.3, 0.25, 0.2, 0.1, 0.15])]); c.newline()
        t.text(id); t.comma(); t.text(persona.rawValue)
        let alive = persona == .active || persona == .passive || persona == .new
        var traits: PlantedTraits? = variant.schemes ? PlantedTraits(&rng, alive: alive, established: persona == .active || persona == .passive) : nil
        if signup > end - 60 * Int64(day) { traits?.status = nil }

        let favouriteHour = Int(rng.uniform(7, 23))
        let favouriteWeekday = Int(rng.uniform(0, 7))
        let favouriteCategory = Int(rng.unit() * Double(Self.categories.count))

        // Orders.
        var meanGapDays: Double, buyUntil: Int64
        var medianAmount: Double, discountRate: Double
        switch persona {
        case .active: meanGapDays = rng.uniform(9, 15); medianAmount = 90; discountRate = 0.1; buyUntil = end
        case .passive: meanGapDays = rng.uniform(45, 75); medianAmount = 35; discountRate = 0.5; buyUntil = end
        case .leastEngaged: meanGapDays = 60; medianAmount = 40; discountRate = 0.3; buyUntil = min(end - Int64(rng.uniform(120, 300) * day), signup + Int64(150 * day))
        case .new: meanGapDays = 20; medianAmount = 50; discountRate = 0.3; buyUntil = end
        case .churned: meanGapDays = 30; medianAmount = 55; discountRate = 0.2; buyUntil = signup + Int64(rng.uniform(60, 200) * day)
        }
        if let traits { (medianAmount, discountRate) = traits.pricing }
        if let gap = traits?.orderGapDays { meanGapDays = rng.uniform(gap.lowerBound, gap.upperBound) }
        var orderTimes: [Int64] = []
        var ts = signup + Int64(rng.exponential(mean: persona == .new ? 5 : meanGapDays / 2) * day)
        while ts <= min(buyUntil, end) {
            // Seasonality: a third more orders in November and December.
            let month = Timestamp.civil(fromDays: Timestamp.day(ts)).month
            if month >= 11 || rng.chance(0.75) {
                orderTimes.append(habitual(ts, favouriteHour, favouriteWeekday, &rng))
            }
            ts += Int64(max(0.2, rng.exponential(mean: meanGapDays)) * day)
        }
        orderTimes = orderTimes.filter { $0 <= end }.sorted()
        if traits != nil { orderTimes = plantedOrderTimes(orderTimes, signup: signup, traits: &traits!, &rng) }
        var written: [PlantedTraits.Order] = []
        for (k, when) in orderTimes.enumerated() {
            o.text("O\(number)-\(k + 1)"); o.comma(); o.text(id); o.comma()
            o.text(Timestamp.isoDateTime(when)); o.comma()
            let amount = Int64(rng.logNormal(median: medianAmount, sigma: traits == nil ? 0.6 : 0.3) * 100)
            o.cents(amount); o.comma()
            let discounted = rng.chance(discountRate)
            if discounted { o.cents(amount / 10) } else { o.text("0.00") }
            o.comma()
            let category = rng.chance(traits?.favouriteShare ?? 0.7) ? favouriteCategory : Int(rng.unit() * Double(Self.categories.count))
            o.text(Self.categories[category]); o.newline()
            if traits != nil { written.append(PlantedTraits.Order(time: when, category: Self.categories[category], discounted: discounted)) }
        }

        // Events: touches and the persona's way of answering them, plus activity.
        var events: [(Int64, String, String, Double)] = []
        let touchEvery: Double = traits == nil ? 36 : 7
        var touch = signup + Int64(rng.uniform(0.5, 5) * day)
        let (engagement, delayLow, delayHigh): (Double, Double, Double)
        switch persona {
        case .active: engagement = rng.uniform(0.67, 0.85); delayLow = 0.5; delayHigh = 3
        case .passive: engagement = rng.uniform(0.10, 0.25); delayLow = 7; delayHigh = 21
        case .leastEngaged: engagement = 0; delayLow = 1; delayHigh = 5
        case .new: engagement = rng.uniform(0.3, 0.7); delayLow = 0.5; delayHigh = 5
        case .churned: engagement = 0.02; delayLow = 2; delayHigh = 10
        }
        let activeUntil = persona == .churned ? buyUntil : end
        let openChance = traits?.openChance(&rng)
        while touch <= end {
            events.append((touch, "email_sent", "email", .nan))
            let answers = openChance.map { rng.chance($0) } ?? (persona == .churned ? (touch < activeUntil && rng.chance(0.4)) : rng.chance(engagement))
            if answers {
                var open = touch + Int64(rng.uniform(delayLow, delayHigh) * day)
                if let traits {
                    open = traits.retime(touch + Int64(day / 2), &rng)
                    if open <= touch { open += Int64(day) }
                }
                if open <= end {
                    events.append((open, "email_open", "email", .nan))
                    if rng.chance(0.4) { events.append((open + 120, "email_click", "email", .nan)) }
                }
            }
            touch += Int64(rng.uniform(0.8, 1.2) * touchEvery * day)
        }
        // SMS: to everyone every two to three months when the business uses it, answered at the
        // persona's rate; otherwise only a few to the least engaged. Least-engaged customers of the
        // `sms` kind keep answering SMS to the end while ignoring every email; `silent` ones
        // answer nothing.
        let answersSMS: Bool
        switch variant.leastEngaged {
        case .mixed: answersSMS = rng.chance(0.5)
        case .silent: answersSMS = false
        case .sms: answersSMS = true
        }
        var browses = 0
        if let traits {
            let planted = plantedEvents(traits, orders: orderTimes, signup: signup, alive: alive, &rng)
            events += planted.events
            browses = planted.browses
        } else if variant.channels == .emailAndSMS {
            var sms = signup + Int64(rng.uniform(5, 60) * day)
            while sms <= end {
                events.append((sms, "sms_sent", "sms", .nan))
                let answers = persona == .leastEngaged ? answersSMS && rng.chance(0.7)
                    : persona == .churned ? sms < activeUntil && rng.chance(0.4) : rng.chance(engagement)
                if answers { events.append((sms + Int64(rng.uniform(delayLow, delayHigh) * day), "sms_click", "sms", .nan)) }
                sms += Int64(rng.uniform(60, 90) * day)
            }
        } else if persona == .leastEngaged && answersSMS {
            var sms = signup + Int64(rng.uniform(3, 20) * day)
            while sms <= end {
                events.append((sms, "sms_sent", "sms", .nan))
                if rng.chance(0.7) { events.append((sms + Int64(rng.uniform(0.05, 1) * day), "sms_click", "sms", .nan)) }
                sms += Int64(rng.uniform(60, 150) * day)
            }
        }
        // Visits, carts, feedback.
        if let traits {
            if variant.events { writeEvents(events, number, id, signup, &e) }
            for label in plantedTruth(traits, persona: persona, orders: written, events: events, signup: signup, browses: browses) { t.comma(); t.text(label) }
            t.newline()
            return
        }
        t.newline()
        let visits: Int
        switch persona {
        case .active: visits = Int(rng.uniform(6, 14))
        case .passive: visits = Int(rng.uniform(3, 9))
        case .leastEngaged: visits = 0
        case .new: visits = Int(rng.uniform(1, 4))
        case .churned: visits = Int(rng.uniform(0, 3))
        }
        let visitUntil = min(end, persona == .churned ? activeUntil : end)
        for _ in 0..<visits where visitUntil > signup {
            let when = signup + Int64(rng.unit() * Double(visitUntil - signup))
            events.append((habitual(when, favouriteHour, favouriteWeekday, &rng), rng.chance(0.5) ? "visit" : "app_open",
                           "", .nan))
        }
        let abandons = persona == .passive ? Int(rng.uniform(0, 4)) : persona == .active ? Int(rng.uniform(0, 2)) : 0
        for _ in 0..<abandons {
            let when = signup + Int64(rng.unit() * Double(end - signup))
            events.append((when, "add_to_cart", "web", .nan))
            events.append((when + 600, "cart_abandon", "web", .nan))
        }
        switch persona {
        case .active where rng.chance(0.5):
            events.append((end - Int64(rng.uniform(5, 200) * day), "nps", "email", Double(Int(rng.uniform(9, 11)))))
        case .passive where rng.chance(0.2):
            events.append((end - Int64(rng.uniform(5, 300) * day), "nps", "email", Double(Int(rng.uniform(6, 9)))))
        case .churned:
            if rng.chance(0.3) { events.append((activeUntil - Int64(rng.uniform(1, 20) * day), "support_ticket", "support", .nan)) }
            if rng.chance(0.3) { events.append((activeUntil, "nps", "email", Double(Int(rng.uniform(0, 6))))) }
        default: break
        }
        guard variant.events else { return }
        writeEvents(events, number, id, signup, &e)
    }

    private func writeEvents(_ events: [(Int64, String, String, Double)], _ number: Int, _ id: String, _ signup: Int64, _ e: inout CSVBuffer) {
        let end = Self.periodEnd
        for (k, event) in events.sorted(by: { $0.0 < $1.0 }).enumerated() where event.0 <= end && event.0 >= signup {
            e.text("E\(number)-\(k + 1)"); e.comma(); e.text(id); e.comma()
            e.text(Timestamp.isoDateTime(event.0)); e.comma()
            e.text(event.1); e.comma(); e.text(event.2); e.comma()
            if !event.3.isNaN { e.int(Int(event.3)) }
            e.newline()
        }
    }

    /// Moves a time to the customer's habitual hour (and often weekday), as people keep habits.
    private func habitual(_ ts: Int64, _ hour: Int, _ weekday: Int, _ rng: inout SeededRandom) -> Int64 {
        var day = Timestamp.day(ts)
        if rng.chance(0.5) {
            let shift = (weekday - Int((day % 7 + 7) % 7) + 7) % 7
            day += Int64(shift)
        }
        let h = rng.chance(0.6) ? hour : Int(rng.uniform(0, 24))
        return day * 86_400 + Int64(h * 3600) + Int64(rng.uniform(0, 3600))
    }
}
