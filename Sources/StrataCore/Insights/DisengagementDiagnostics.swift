/// Tests the candidate causes of disengagement the seed names against the data: for the members
/// of a segment (the least-engaged, by default) against everyone else, each cause is a measurable
/// signal with an expected direction. A cause holds when its difference goes the expected way,
/// is large enough, and is significant after correcting over all causes (Benjamini–Hochberg).
public struct DisengagementDiagnostics: Sendable, Codable {
    public struct Cause: Sendable, Codable, Hashable {
        public var cause: String
        public var signal: String
        public var inSegment: Double
        public var rest: Double
        public var q: Double
        public var holds: Bool
        public var evidence: String
    }

    public var segment: String
    public var causes: [Cause]

    /// A signal: a share of customers (proportion test) or a mean (Welch's t-test).
    package enum Measure {
        case share((Int) -> Bool?)
        case mean((Int) -> Double?)
        /// A share counted already: customers with an answer and those of them for whom it is
        /// true, in the segment and in the rest.
        case counted(inSegment: ShareCount, rest: ShareCount)

        var isShare: Bool {
            if case .mean = self { return false }
            return true
        }
    }

    /// Customers with an answer to a yes/no signal, and how many of them answer yes.
    package struct ShareCount {
        var answered = 0
        var yes = 0

        /// Count, mean and sample variance of the answers as 1 and 0 (``moments(_:)``'s figures).
        var moments: (Double, Double, Double) {
            let n = Double(answered), mean = Double(yes) / n
            return (n, mean, answered > 1 ? Double(yes) * Double(answered - yes) / (n * (n - 1)) : 0)
        }
    }

    /// Tests the causes for a segment of the segmentation; `catalog` holds its customer fields.
    public init(_ catalog: FieldCatalog, _ s: Segmentation, segment: ActivitySegment = .leastEngaged, alpha: Double = 0.05) {
        self.init(catalog, members: s.activity.map { $0 == segment }, daysSinceFirstSeen: s.features.daysSinceFirstSeen,
                  segment: segment, alpha: alpha)
    }

    /// Tests the causes on the customer fields of `catalog` (those of customers.csv: engagement,
    /// channels, categories, feedback, attributes) and each customer's days since first seen.
    package init(_ catalog: FieldCatalog, members: [Bool], daysSinceFirstSeen: @escaping (Int) -> Int?,
                 segment: ActivitySegment = .leastEngaged, alpha: Double = 0.05) {
        self.segment = segment.rawValue
        func numbers(_ feature: CustomerFeature) -> [Double] { catalog.numbers(feature.rawValue) ?? [Double](repeating: .nan, count: catalog.count) }
        func known(_ v: Double) -> Double? { v.isNaN ? nil : v }
        let engagement = numbers(.engagementRate), breadth = numbers(.usageBreadth), orders = numbers(.orders)
        let categories = numbers(.categories), nps = numbers(.npsScore), tickets = numbers(.supportTickets)
        let inactivity = numbers(.currentInactivityDays), touches = numbers(.touches), refunds = numbers(.refunds)
        let discount = numbers(.discountShare)
        let age = catalog.numbers("age")
        let channel = catalog.texts(CustomerFeature.preferredChannel.rawValue)
        let email = channel?.values.firstIndex(of: "email").map(Int32.init) ?? -2
        let npsClass = catalog.texts(CustomerFeature.npsClass.rawValue)
        let detractor = npsClass?.values.firstIndex(of: "detractor").map(Int32.init) ?? -2
        // (cause, signal, measure, expected direction: +1 more in the segment, −1 less)
        let signals: [(String, String, Measure, Double)] = [
            ("channel mismatch", "answer on a channel other than email", .share { c in
                guard let codes = channel?.codes, codes[c] >= 0 else { return nil }
                return codes[c] != email
            }, 1),
            ("channel mismatch", "engagement with email touches", .mean { known(engagement[$0]) }, -1),
            ("shallow usage", "distinct kinds of activity used", .mean { breadth[$0] }, -1),
            ("shallow usage", "buy from one category at most", .share { orders[$0] > 0 ? categories[$0] <= 1 : nil }, 1),
            ("no feedback", "never gave an NPS score nor opened a ticket", .share { nps[$0].isNaN && tickets[$0] == 0 }, 1),
            ("poor onboarding", "stopped within 150 days of first being seen", .share { c in
                guard let seen = daysSinceFirstSeen(c), let idle = known(inactivity[c]), seen >= 180 else { return nil }
                return Double(seen) - idle <= 150
            }, 1),
            ("information overload", "touches per 30 days", .mean { c in
                guard let seen = daysSinceFirstSeen(c), seen > 0 else { return nil }
                return touches[c] * 30 / Double(seen)
            }, 1),
            ("unmet expectations", "NPS detractors, tickets or refunds", .share { c in
                npsClass?.codes[c] == detractor || tickets[c] > 0 || refunds[c] > 0
            }, 1),
            ("unmet expectations", "buy mostly on discount", .share { c in known(discount[c]).map { $0 >= 0.5 } }, 1),
            ("particular age group", "aged 55 or more", .share { c in age.flatMap { known($0[c]) }.map { $0 >= 55 } }, 1),
        ]
        // Regions: one signal per place with at least 30 customers, in each geographic attribute,
        // places in byte order. A customer with a place answers every place's signal (no, but
        // for their own place): one pass counts them all.
        var regional: [(String, String, Measure, Double)] = []
        for field in catalog.customerFields where Self.regionAttributes.contains(field.name.lowercased()) {
            guard let (codes, values) = catalog.texts(field.name), values.count <= 500 else { continue }
            var inSegment = [Int](repeating: 0, count: values.count), rest = inSegment
            for (c, code) in codes.enumerated() where code >= 0 {
                if members[c] { inSegment[Int(code)] += 1 } else { rest[Int(code)] += 1 }
            }
            let (placedInSegment, placedRest) = (inSegment.reduce(0, +), rest.reduce(0, +))
            for k in values.indices.sorted(by: { values[$0].utf8.lexicographicallyPrecedes(values[$1].utf8) })
            where inSegment[k] + rest[k] >= 30 {
                regional.append(("particular region", "live in \(values[k]) (\(field.name))",
                                 .counted(inSegment: ShareCount(answered: placedInSegment, yes: inSegment[k]),
                                          rest: ShareCount(answered: placedRest, yes: rest[k])), 1))
            }
        }
        let tested = signals + regional
        // Each signal's moments in the segment and in the rest, the signals on all cores.
        let moments = Parallel.map(tested.count) { i -> (inSegment: (Double, Double, Double), rest: (Double, Double, Double))? in
            var counts = (inSegment: ShareCount(), rest: ShareCount())
            switch tested[i].2 {
            case let .share(test):
                for c in 0..<catalog.count {
                    guard let value = test(c) else { continue }
                    if members[c] {
                        counts.inSegment.answered += 1
                        if value { counts.inSegment.yes += 1 }
                    } else {
                        counts.rest.answered += 1
                        if value { counts.rest.yes += 1 }
                    }
                }
            case let .counted(inSegment, rest):
                counts = (inSegment, rest)
            case let .mean(read):
                var inSegment: [Double] = [], rest: [Double] = []
                for c in 0..<catalog.count {
                    guard let value = read(c), value.isFinite else { continue }
                    if members[c] { inSegment.append(value) } else { rest.append(value) }
                }
                guard inSegment.count > 1, rest.count > 1 else { return nil }
                return (Self.moments(inSegment), Self.moments(rest))
            }
            guard counts.inSegment.answered > 1, counts.rest.answered > 1 else { return nil }
            return (counts.inSegment.moments, counts.rest.moments)
        }
        var rows: [(Cause, Double)] = []
        for ((cause, signal, measure, direction), moments) in zip(tested, moments) {
            guard let ((n0, mean0, variance0), (n1, mean1, variance1)) = moments else { continue }
            let mean: [Double] = [mean0, mean1]
            let p = Statistics.welch(mean1: mean0, variance1: variance0, n1: n0, mean2: mean1, variance2: variance1, n2: n1).p
            let pooledVariance: Double = ((n0 - 1) * variance0 + (n1 - 1) * variance1) / (n0 + n1 - 2)
            let pooled = pooledVariance.squareRoot()
            let d: Double = pooled > 0 ? (mean0 - mean1) / pooled : 0
            let isShare = measure.isShare
            let format = { (v: Double) in isShare ? NumberFormat.percent(v) : NumberFormat.decimal(v, 2) }
            let evidence = isShare
                ? "\(signal): \(format(mean[0])) of the \(segment.rawValue) vs \(format(mean[1])) of the rest"
                : "\(signal): \(format(mean[0])) for the \(segment.rawValue) vs \(format(mean[1])) for the rest"
            let large = d * direction >= SegmentContrast.minimumEffect
            rows.append((Cause(cause: cause, signal: signal, inSegment: mean[0], rest: mean[1], q: 1, holds: large, evidence: evidence), p))
        }
        let q = Statistics.benjaminiHochberg(rows.map(\.1))
        let all = rows.indices.map { i in
            var cause = rows[i].0
            cause.q = q[i]
            cause.holds = cause.holds && q[i] < alpha
            return cause
        }
        // Of the places, those that hold are listed; when none does, the most over-represented one
        // shows what was tested.
        let places = all.filter { $0.cause == "particular region" }
        let shown = places.contains(where: \.holds)
            ? places.filter(\.holds).sorted { $0.inSegment - $0.rest > $1.inSegment - $1.rest }
            : Array(places.max { $0.inSegment - $0.rest < $1.inSegment - $1.rest }.map { [$0] } ?? [])
        causes = all.filter { $0.cause != "particular region" } + shown
    }

    /// Every cause tested, in the seed's order.
    public static let causeNames = ["channel mismatch", "shallow usage", "no feedback", "poor onboarding", "information overload",
                                    "unmet expectations", "particular age group", "particular region"]

    /// Customer attributes read as places.
    package static let regionAttributes: Set<String> = ["region", "country", "state", "province", "city"]

    /// Count, mean and sample variance.
    package static func moments(_ x: [Double]) -> (Double, Double, Double) {
        let n = Double(x.count)
        var sum = 0.0
        for v in x { sum += v }
        let mean = sum / n
        var squares = 0.0
        for v in x { squares += (v - mean) * (v - mean) }
        return (n, mean, n > 1 ? squares / (n - 1) : 0)
    }

    /// The causes that hold, each once, in the order of the seed's list.
    public var holding: [String] {
        var seen: [String] = []
        for cause in causes where cause.holds && !seen.contains(cause.cause) { seen.append(cause.cause) }
        return seen
    }
}
