import Foundation

/// Computes ``CustomerFeatures`` from a ``Dataset`` in one pass per customer over their
/// time-ordered orders and events, in parallel over ranges of customers.
///
/// Definitions (see docs/features.md):
/// - A purchase is an order with amount ≥ 0; refunds (amount < 0) lower revenue only.
/// - A touch is answered by the first response on its channel within the response window and
///   before the next touch on that channel; response time is touch → that response.
/// - A touch converts when a purchase follows within the conversion window.
public enum FeatureBuilder {
    /// `priceLevels`: each category's usual price level and that of all purchases last (what
    /// ``CustomerFeatures/priceLevels`` holds); nil: measured on `data`.
    public static func compute(_ data: Dataset, settings: FeatureSettings, priceLevels: [Double]? = nil) -> CustomerFeatures {
        let customerCount = data.customers.count
        let orders = data.orders
        let events = data.events
        let orderGroups = CustomerGrouping(customer: orders.customer, timestamp: orders.timestamp, customerCount: customerCount)
        let eventGroups = CustomerGrouping(customer: events.customer, timestamp: events.timestamp, customerCount: customerCount)

        // Event types → kinds; channel names include those implied by types.
        var channelNames = events.channels
        var channelIndex = [String: Int32]()
        for (i, name) in channelNames.enumerated() { channelIndex[name] = Int32(i) }
        let kinds = events.types.map(EventVocabulary.kind(of:))
        let impliedChannel: [Int32] = events.types.map { type in
            guard let name = EventVocabulary.impliedChannel(of: type) else { return -1 }
            if let code = channelIndex[name] { return code }
            channelNames.append(name)
            channelIndex[name] = Int32(channelNames.count - 1)
            return Int32(channelNames.count - 1)
        }
        let categoryCount = orders.categories.count
        // Channels named in the file are in byte order of their names; implied ones come after.
        // Ties go to the first name in byte order over all of them.
        let channelRank = Self.byteOrderRanks(channelNames)
        let logAmounts = Self.logAmounts(orders)
        let context = Context(
            asOf: settings.asOf, responseWindow: Int64(settings.responseWindowDays) * 86_400,
            conversionWindow: Int64(settings.conversionWindowDays) * 86_400,
            kinds: kinds, impliedChannel: impliedChannel, channelCount: channelNames.count, channelRank: channelRank,
            typeCount: events.types.count, categoryCount: categoryCount,
            emailChannel: channelIndex["email"].map(Int.init) ?? channelNames.firstIndex(of: "email") ?? -1,
            lapseDays: Int64(settings.lapseDays), decisionWindow: Int64(settings.decisionWindowDays) * 86_400,
            peakDays: PeakDays(settings.peakPeriods, orders: orders),
            logAmount: logAmounts,
            categoryLogMean: priceLevels ?? Self.categoryLogMeans(orders, logAmounts: logAmounts, groups: orderGroups, asOf: settings.asOf),
            pairedCategories: categoryCount <= pairedCategoryLimit ? categoryCount : 0,
            cutoff: Timestamp.day(settings.asOf) * 86_400 - Int64(settings.lifecycleWindowDays) * 86_400 - 1)

        let ranges = Parallel.ranges(customerCount, minimumSize: 2048)
        let pieces = Parallel.map(ranges.count) { piece in
            Worker(context: context).run(ranges[piece], data: data, orderGroups: orderGroups, eventGroups: eventGroups)
        }
        var features = CustomerFeatures()
        features.asOfDay = Timestamp.day(settings.asOf)
        features.cutoffDay = Timestamp.day(context.cutoff)
        features.hasAmounts = data.orders.hasAmounts
        features.channelNames = channelNames
        features.channelTouches = [Int](repeating: 0, count: context.channelCount)
        features.categoryNames = orders.categories
        features.priceLevels = context.categoryLogMean
        for piece in pieces { features.append(piece) }
        return features
    }

    /// Each name's position in the byte order of `names`.
    package static func byteOrderRanks(_ names: [String]) -> [Int32] {
        var ranks = [Int32](repeating: 0, count: names.count)
        let order = names.indices.sorted { names[$0].utf8.lexicographicallyPrecedes(names[$1].utf8) }
        for (rank, code) in order.enumerated() { ranks[code] = Int32(rank) }
        return ranks
    }

    /// Co-purchase counts are kept for up to this many categories (a K × K table).
    public static let pairedCategoryLimit = 128

    /// Each order's log amount (0 for an amount ≤ 0, which has none), read by the price levels
    /// and the price index: one logarithm an order.
    package static func logAmounts(_ orders: OrderColumns) -> [Double] {
        let amounts = orders.amountCents
        return Parallel.mapEach(amounts.count) { r in amounts[r] > 0 ? Foundation.log(Double(amounts[r])) : 0 }
    }

    /// The usual price level of each category up to as-of, and of all purchases last (what
    /// ``CustomerFeatures/priceIndex`` compares against): the mean, over the customers who bought
    /// there, of each one's mean log amount (`logAmounts`, ``logAmounts(_:)``). Every buyer counts
    /// once, so a few heavy buyers of one price level do not make it the usual one.
    package static func categoryLogMeans(_ orders: OrderColumns, logAmounts: [Double], groups: CustomerGrouping, asOf: Int64) -> [Double] {
        let k = orders.categories.count
        let ranges = Parallel.ranges(groups.offsets.count - 1, minimumSize: 4096)
        let partial = Parallel.map(ranges.count) { piece -> (sums: [Double], buyers: [Int]) in
            var sums = [Double](repeating: 0, count: k + 1), buyers = [Int](repeating: 0, count: k + 1)
            var logs = sums, counts = buyers
            var touched: [Int] = []
            func add(_ slot: Int, _ log: Double) {
                if counts[slot] == 0 { touched.append(slot) }
                logs[slot] += log
                counts[slot] += 1
            }
            for c in ranges[piece] {
                for i in groups.offsets[c]..<groups.offsets[c + 1] {
                    let r = groups.row(i)
                    guard orders.timestamp[r] <= asOf else { break }
                    guard orders.amountCents[r] > 0 else { continue }
                    let log = logAmounts[r]
                    if orders.category[r] >= 0 { add(Int(orders.category[r]), log) }
                    add(k, log)
                }
                for slot in touched {
                    sums[slot] += logs[slot] / Double(counts[slot])
                    buyers[slot] += 1
                    logs[slot] = 0
                    counts[slot] = 0
                }
                touched.removeAll(keepingCapacity: true)
            }
            return (sums, buyers)
        }
        return (0...k).map { slot in
            let buyers = partial.reduce(0) { $0 + $1.buyers[slot] }
            return buyers > 0 ? partial.reduce(0.0) { $0 + $1.sums[slot] } / Double(buyers) : 0
        }
    }

    package struct Context {
        package let asOf: Int64
        package let responseWindow: Int64
        package let conversionWindow: Int64
        package let kinds: [EventKind]
        package let impliedChannel: [Int32]
        package let channelCount: Int
        /// Each channel's position in the byte order of the names (ties go to the first).
        package let channelRank: [Int32]
        package let typeCount: Int
        package let categoryCount: Int
        /// The `email` channel's code, -1 when the data has none.
        package let emailChannel: Int
        package let lapseDays: Int64
        package let decisionWindow: Int64
        package let peakDays: PeakDays
        /// Each order's log amount (``logAmounts(_:)``).
        package let logAmount: [Double]
        package let categoryLogMean: [Double]
        /// Categories in the co-purchase table (0: none kept).
        package let pairedCategories: Int
        /// The end of the lifecycle cutoff day (epoch seconds).
        package let cutoff: Int64
    }

    /// One range of customers' features, computed on one thread with scratch space reused across
    /// its customers (stamped, so never cleared). The scratch arrays are locals of `run`, not
    /// stored properties: a stored array mutated in a loop pays a uniqueness check per write.
    package struct Worker {
        package let context: Context

        package init(context: Context) {
            self.context = context
        }

        package func run(_ range: Range<Int>, data: Dataset, orderGroups: CustomerGrouping,
                         eventGroups: CustomerGrouping) -> CustomerFeatures {
            var openTouch = [Int64](repeating: 0, count: context.channelCount)
            var touchAnswered = [Bool](repeating: false, count: context.channelCount)
            var channelStamp = [Int32](repeating: -1, count: context.channelCount)
            var channelResponses = [Int32](repeating: 0, count: context.channelCount)
            var channelTouchCount = [Int32](repeating: 0, count: context.channelCount)
            var channelAnswered = [Int32](repeating: 0, count: context.channelCount)
            // The touches of each channel over the range's customers (``CustomerFeatures/channelTouches``).
            var touchesByChannel = [Int](repeating: 0, count: context.channelCount)
            var typeStamp = [Int32](repeating: -1, count: context.typeCount)
            var categoryStamp = [Int32](repeating: -1, count: context.categoryCount)
            var categoryCount = [Int32](repeating: 0, count: context.categoryCount)
            var purchaseTimes: [Int64] = [], activityTimes: [Int64] = []
            var hours = [Int32](repeating: 0, count: 24)
            var weekdays = [Int32](repeating: 0, count: 8)
            // Each purchase's first browsing event (Int64.max: none), and the categories bought.
            var firstBrowse: [Int64] = [], boughtCategories: [Int32] = [], decisions: [Int64] = []
            var categoryPairs = [Int32](repeating: 0, count: context.pairedCategories * context.pairedCategories)
            var out = CustomerFeatures()
            out.reserve(range.count)
            let orders = data.orders
            let events = data.events
            let asOf = context.asOf
            for c in range {
                let stamp = Int32(c)
                for i in hours.indices { hours[i] = 0 }
                for i in weekdays.indices { weekdays[i] = 0 }
                var firstSeen = data.customers.signup[c] ?? Int64.max

                // Orders.
                // Money in 128 bits: a hostile file may hold 100,000 orders of the largest amount.
                var purchases: Int32 = 0, revenue: Int128 = 0, repeatRevenue: Int128 = 0, days: Int32 = 0, refunds: Int32 = 0
                var discounted: Int32 = 0, categories: Int32 = 0, topCategory: Int32 = -1, topCount: Int32 = 0
                var firstDay = Int64.min, lastDay = Int64.min, lastReturnDay = Int64.min
                var peak: Int32 = 0, night: Int32 = 0, priceLogs = 0.0, priced = 0
                var daysAtCutoff: Int32 = 0, lastDayAtCutoff = Int64.min, lastActivityAtCutoff = Int64.min, boughtAfter = false
                purchaseTimes.removeAll(keepingCapacity: true)
                activityTimes.removeAll(keepingCapacity: true)
                boughtCategories.removeAll(keepingCapacity: true)
                for i in orderGroups.offsets[c]..<orderGroups.offsets[c + 1] {
                    let r = orderGroups.row(i)
                    let ts = orders.timestamp[r]
                    if ts > asOf { break }
                    firstSeen = min(firstSeen, ts)
                    let amount = orders.amountCents[r]
                    revenue += Int128(amount)
                    if ts <= context.cutoff { lastActivityAtCutoff = ts }
                    if amount < 0 { refunds += 1; activityTimes.append(ts); continue }
                    purchases += 1
                    purchaseTimes.append(ts)
                    activityTimes.append(ts)
                    let day = Timestamp.day(ts)
                    if day != lastDay {
                        if lastDay != Int64.min && day - lastDay >= context.lapseDays { lastReturnDay = day }
                        days += 1
                        lastDay = day
                    }
                    if context.peakDays.contains(day) { peak += 1 }
                    if firstDay == Int64.min { firstDay = day }
                    if day != firstDay { repeatRevenue += Int128(amount) }
                    if ts <= context.cutoff { daysAtCutoff = days; lastDayAtCutoff = day } else { boughtAfter = true }
                    if orders.discountCents[r] > 0 { discounted += 1 }
                    let category = Int(orders.category[r])
                    let hour = Timestamp.hour(ts)
                    if hour >= 22 || hour < 6 { night += 1 }
                    if amount > 0 {
                        priceLogs += context.logAmount[r] - context.categoryLogMean[category >= 0 ? category : context.categoryCount]
                        priced += 1
                    }
                    if category >= 0 {
                        if categoryStamp[category] != stamp {
                            categoryStamp[category] = stamp; categoryCount[category] = 0; categories += 1
                            boughtCategories.append(Int32(category))
                        }
                        categoryCount[category] += 1
                        if categoryCount[category] > topCount || (categoryCount[category] == topCount && Int32(category) < topCategory) {
                            topCount = categoryCount[category]
                            topCategory = Int32(category)
                        }
                    }
                    hours[hour] += 1
                    weekdays[Timestamp.weekday(ts)] += 1
                }
                let peakOrders = peak

                // Events.
                var touches: Int32 = 0, responses: Int32 = 0, answered: Int32 = 0, converted: Int32 = 0
                var responseSeconds: Int64 = 0, types: Int32 = 0, tickets: Int32 = 0, abandons: Int32 = 0, feedbacks: Int32 = 0
                var nps = Double.nan
                var nextPurchase = 0, nextBrowsed = 0
                var preferredChannel: Int32 = -1, preferredCount: Int32 = 0
                var returns: Int32 = 0, actions: Int32 = purchases + refunds, browses: Int32 = 0
                var firstAbandon = Int64.max, plan: PlanStatus? = nil, cancelled = false
                firstBrowse.removeAll(keepingCapacity: true)
                firstBrowse.append(contentsOf: repeatElement(Int64.max, count: purchaseTimes.count))
                let orderActivities = activityTimes.count
                for i in eventGroups.offsets[c]..<eventGroups.offsets[c + 1] {
                    let r = eventGroups.row(i)
                    let ts = events.timestamp[r]
                    if ts > asOf { break }
                    firstSeen = min(firstSeen, ts)
                    let type = Int(events.type[r])
                    let kind = context.kinds[type]
                    var channel = Int(events.channel[r])
                    if channel < 0 { channel = Int(context.impliedChannel[type]) }
                    if channel >= 0, channelStamp[channel] != stamp {
                        channelStamp[channel] = stamp
                        openTouch[channel] = Int64.min
                        channelResponses[channel] = 0
                        channelTouchCount[channel] = 0
                        channelAnswered[channel] = 0
                    }
                    switch kind {
                    case .touch:
                        touches += 1
                        if channel >= 0 {
                            openTouch[channel] = ts
                            touchAnswered[channel] = false
                            channelTouchCount[channel] += 1
                            touchesByChannel[channel] += 1
                        }
                        while nextPurchase < purchaseTimes.count, purchaseTimes[nextPurchase] < ts { nextPurchase += 1 }
                        if nextPurchase < purchaseTimes.count, purchaseTimes[nextPurchase] - ts <= context.conversionWindow {
                            converted += 1
                        }
                        continue
                    case .response:
                        responses += 1
                        if channel >= 0 {
                            let opened = openTouch[channel]
                            if opened != Int64.min, !touchAnswered[channel], ts - opened <= context.responseWindow {
                                touchAnswered[channel] = true
                                channelAnswered[channel] += 1
                                answered += 1
                                responseSeconds += ts - opened
                            }
                            channelResponses[channel] += 1
                            let n = channelResponses[channel]
                            if n > preferredCount || (n == preferredCount && context.channelRank[channel] < context.channelRank[Int(preferredChannel)]) {
                                preferredCount = n
                                preferredChannel = Int32(channel)
                            }
                        }
                        hours[Timestamp.hour(ts)] += 1
                        weekdays[Timestamp.weekday(ts)] += 1
                    case .supportTicket: tickets += 1; feedbacks += 1
                    case .cartAbandon: abandons += 1; firstAbandon = min(firstAbandon, ts)
                    case .nps:
                        feedbacks += 1
                        if !events.value[r].isNaN { nps = events.value[r] }
                    case .review: feedbacks += 1
                    case .productReturn: returns += 1
                    case .visit, .appOpen, .cartAdd:
                        // Browsing toward the next purchase, when it comes within the decision window.
                        while nextBrowsed < purchaseTimes.count, purchaseTimes[nextBrowsed] < ts { nextBrowsed += 1 }
                        if nextBrowsed < purchaseTimes.count, purchaseTimes[nextBrowsed] - ts <= context.decisionWindow {
                            if firstBrowse[nextBrowsed] == Int64.max { firstBrowse[nextBrowsed] = ts }
                            browses += 1
                        }
                    case .planTrial, .planPaid, .planCancel, .planFree:
                        plan = PlanStatus.next(plan, event: kind, cancelledBefore: cancelled)
                        if kind == .planCancel { cancelled = true }
                    default: break
                    }
                    actions += 1
                    if ts <= context.cutoff { lastActivityAtCutoff = max(lastActivityAtCutoff, ts) }
                    activityTimes.append(ts)
                    if typeStamp[type] != stamp { typeStamp[type] = stamp; types += 1 }
                }

                // Inactivity: the longest gap between activities, the current one included. The
                // orders' and the events' times are each in order: they are merged, not sorted.
                var longest: Int64 = 0
                var lastActivity = Int64.min
                var nextOrder = 0, nextEvent = orderActivities
                while nextOrder < orderActivities || nextEvent < activityTimes.count {
                    let ts: Int64
                    if nextEvent == activityTimes.count || nextOrder < orderActivities && activityTimes[nextOrder] <= activityTimes[nextEvent] {
                        ts = activityTimes[nextOrder]
                        nextOrder += 1
                    } else {
                        ts = activityTimes[nextEvent]
                        nextEvent += 1
                    }
                    if lastActivity != Int64.min { longest = max(longest, Timestamp.day(ts) - Timestamp.day(lastActivity)) }
                    lastActivity = ts
                }
                if lastActivity != Int64.min {
                    longest = max(longest, Timestamp.day(asOf) - Timestamp.day(lastActivity))
                }

                out.orders.append(purchases)
                out.revenueCents.append(Int64(clamping: revenue))
                out.repeatPurchaseCents.append(Int64(clamping: repeatRevenue))
                out.purchaseDays.append(days)
                out.firstPurchaseDay.append(firstDay)
                out.lastPurchaseDay.append(lastDay)
                out.refunds.append(refunds)
                out.discountedOrders.append(discounted)
                out.distinctCategories.append(categories)
                out.topCategory.append(topCategory)
                out.touches.append(touches)
                out.responses.append(responses)
                out.respondedTouches.append(answered)
                out.responseSeconds.append(responseSeconds)
                out.convertedTouches.append(converted)
                out.activityTypes.append(types)
                out.lastActivity.append(lastActivity)
                out.firstSeen.append(firstSeen == Int64.max ? Int64.min : firstSeen)
                out.longestGapDays.append(Int32(clamping: longest))
                out.preferredChannel.append(preferredChannel)
                out.preferredHour.append(Int8(Self.mode(hours, from: 0)))
                out.preferredWeekday.append(Int8(Self.mode(weekdays, from: 1)))
                out.npsScore.append(nps)
                out.supportTickets.append(tickets)
                out.cartAbandons.append(abandons)
                out.feedbacks.append(feedbacks)
                // The channel the business touched this customer on most (the first name on ties).
                var main = -1
                for channel in 0..<context.channelCount where channelStamp[channel] == stamp && channelTouchCount[channel] > 0 {
                    if main < 0 || channelTouchCount[channel] > channelTouchCount[main]
                        || (channelTouchCount[channel] == channelTouchCount[main] && context.channelRank[channel] < context.channelRank[main]) {
                        main = channel
                    }
                }
                out.mainChannelTouches.append(main < 0 ? 0 : channelTouchCount[main])
                out.mainChannelAnswered.append(main < 0 ? 0 : channelAnswered[main])

                // Behaviour.
                let email = context.emailChannel
                let emailSeen = email >= 0 && channelStamp[email] == stamp
                out.emailTouches.append(emailSeen ? channelTouchCount[email] : 0)
                out.emailAnswered.append(emailSeen ? channelAnswered[email] : 0)
                decisions.removeAll(keepingCapacity: true)
                for (p, bought) in purchaseTimes.enumerated() {
                    // Browsing before the previous purchase led to that one.
                    let start = firstBrowse[p]
                    decisions.append(start == Int64.max || (p > 0 && start <= purchaseTimes[p - 1]) ? 0 : bought - start)
                }
                decisions.sort()
                out.decisionSeconds.append(decisions.isEmpty ? -1 : decisions[(decisions.count - 1) / 2])
                out.browsesBeforePurchase.append(browses)
                out.purchasesAfterAbandon.append(firstAbandon == Int64.max ? -1 : Int32(purchaseTimes.lazy.filter { $0 > firstAbandon }.count))
                out.lastReturnDay.append(lastReturnDay)
                out.priceIndex.append(priced > 0 ? Foundation.exp(priceLogs / Double(priced)) : .nan)
                var second: Int32 = -1, secondCount: Int32 = 0
                for category in boughtCategories where category != topCategory {
                    let n = categoryCount[Int(category)]
                    if n > secondCount || (n == secondCount && category < second) { second = category; secondCount = n }
                }
                out.topCategoryOrders.append(topCount)
                out.secondCategory.append(second)
                let k = context.pairedCategories
                if k > 0 {
                    for a in boughtCategories {
                        for b in boughtCategories { categoryPairs[Int(a) * k + Int(b)] += 1 }
                    }
                }
                var timed: Int32 = 0
                var bands: (Int32, Int32, Int32, Int32) = (0, 0, 0, 0)
                for h in 0..<24 {
                    timed += hours[h]
                    switch h { case 0..<6: bands.0 += hours[h]; case 6..<12: bands.1 += hours[h]; case 12..<18: bands.2 += hours[h]; default: bands.3 += hours[h] }
                }
                // The busiest band (the earliest on ties), or -1 when none has an action.
                var topBand = -1, topBandActions: Int32 = 0
                func consider(_ band: Int, _ actions: Int32) {
                    if actions > topBandActions { (topBand, topBandActions) = (band, actions) }
                }
                consider(0, bands.0); consider(1, bands.1); consider(2, bands.2); consider(3, bands.3)
                out.timedActions.append(timed)
                out.weekendActions.append(weekdays[6] + weekdays[7])
                out.topDaypart.append(Int8(topBand))
                out.topDaypartActions.append(topBandActions)
                out.peakOrders.append(peakOrders)
                out.nightOrders.append(night)
                out.returns.append(returns)
                out.actions.append(actions)
                out.planStatus.append(plan?.rawValue ?? -1)
                out.purchaseDaysAtCutoff.append(daysAtCutoff)
                out.lastPurchaseDayAtCutoff.append(lastDayAtCutoff)
                out.lastActivityDayAtCutoff.append(lastActivityAtCutoff == Int64.min ? Int64.min : Timestamp.day(lastActivityAtCutoff))
                out.boughtAfterCutoff.append(boughtAfter)
            }
            out.categoryPairs = categoryPairs
            out.channelTouches = touchesByChannel
            return out
        }

        /// Index of the largest count (the earliest on ties), or -1 when all are zero.
        package static func mode(_ counts: [Int32], from start: Int) -> Int {
            var best = -1
            var bestCount: Int32 = 0
            for i in start..<counts.count where counts[i] > bestCount {
                best = i
                bestCount = counts[i]
            }
            return best
        }
    }
}

/// Which days of the orders' span fall in a peak period, looked up by day number.
package struct PeakDays: Sendable {
    let firstDay: Int64
    let inPeak: [Bool]

    init(_ periods: [PeakPeriod], orders: OrderColumns) {
        let days = Dataset.span(orders.timestamp).map { Timestamp.day($0.lowerBound)..<(Timestamp.day($0.upperBound) + 1) } ?? 0..<0
        firstDay = days.lowerBound
        inPeak = days.map { day in periods.contains { $0.contains(day: day) } }
    }

    func contains(_ day: Int64) -> Bool {
        let i = day - firstDay
        return i >= 0 && i < inPeak.count && inPeak[Int(i)]
    }
}

extension CustomerFeatures {
    package mutating func reserve(_ n: Int) {
        orders.reserveCapacity(n); revenueCents.reserveCapacity(n); purchaseDays.reserveCapacity(n)
        firstPurchaseDay.reserveCapacity(n); lastPurchaseDay.reserveCapacity(n)
        repeatPurchaseCents.reserveCapacity(n); refunds.reserveCapacity(n); discountedOrders.reserveCapacity(n)
        distinctCategories.reserveCapacity(n); topCategory.reserveCapacity(n); touches.reserveCapacity(n)
        responses.reserveCapacity(n); respondedTouches.reserveCapacity(n); responseSeconds.reserveCapacity(n)
        convertedTouches.reserveCapacity(n); activityTypes.reserveCapacity(n); lastActivity.reserveCapacity(n)
        firstSeen.reserveCapacity(n); longestGapDays.reserveCapacity(n); preferredChannel.reserveCapacity(n)
        preferredHour.reserveCapacity(n); preferredWeekday.reserveCapacity(n); npsScore.reserveCapacity(n)
        supportTickets.reserveCapacity(n); cartAbandons.reserveCapacity(n); feedbacks.reserveCapacity(n)
        mainChannelTouches.reserveCapacity(n); mainChannelAnswered.reserveCapacity(n)
        emailTouches.reserveCapacity(n); emailAnswered.reserveCapacity(n); decisionSeconds.reserveCapacity(n)
        browsesBeforePurchase.reserveCapacity(n); purchasesAfterAbandon.reserveCapacity(n); lastReturnDay.reserveCapacity(n)
        priceIndex.reserveCapacity(n); topCategoryOrders.reserveCapacity(n); secondCategory.reserveCapacity(n)
        timedActions.reserveCapacity(n); weekendActions.reserveCapacity(n); topDaypart.reserveCapacity(n)
        topDaypartActions.reserveCapacity(n); peakOrders.reserveCapacity(n); nightOrders.reserveCapacity(n)
        returns.reserveCapacity(n); actions.reserveCapacity(n); planStatus.reserveCapacity(n)
        purchaseDaysAtCutoff.reserveCapacity(n); lastPurchaseDayAtCutoff.reserveCapacity(n)
        lastActivityDayAtCutoff.reserveCapacity(n); boughtAfterCutoff.reserveCapacity(n)
    }

    /// Appends another range's features (ranges are appended in customer order).
    package mutating func append(_ other: CustomerFeatures) {
        orders += other.orders; revenueCents += other.revenueCents; purchaseDays += other.purchaseDays
        repeatPurchaseCents += other.repeatPurchaseCents
        firstPurchaseDay += other.firstPurchaseDay; lastPurchaseDay += other.lastPurchaseDay
        refunds += other.refunds; discountedOrders += other.discountedOrders
        distinctCategories += other.distinctCategories; topCategory += other.topCategory
        touches += other.touches; responses += other.responses; respondedTouches += other.respondedTouches
        responseSeconds += other.responseSeconds; convertedTouches += other.convertedTouches
        activityTypes += other.activityTypes; lastActivity += other.lastActivity; firstSeen += other.firstSeen
        longestGapDays += other.longestGapDays; preferredChannel += other.preferredChannel
        preferredHour += other.preferredHour; preferredWeekday += other.preferredWeekday
        npsScore += other.npsScore; supportTickets += other.supportTickets; cartAbandons += other.cartAbandons
        feedbacks += other.feedbacks
        mainChannelTouches += other.mainChannelTouches; mainChannelAnswered += other.mainChannelAnswered
        emailTouches += other.emailTouches; emailAnswered += other.emailAnswered
        decisionSeconds += other.decisionSeconds; browsesBeforePurchase += other.browsesBeforePurchase
        purchasesAfterAbandon += other.purchasesAfterAbandon; lastReturnDay += other.lastReturnDay
        priceIndex += other.priceIndex; topCategoryOrders += other.topCategoryOrders; secondCategory += other.secondCategory
        timedActions += other.timedActions; weekendActions += other.weekendActions
        topDaypart += other.topDaypart; topDaypartActions += other.topDaypartActions
        peakOrders += other.peakOrders; nightOrders += other.nightOrders; returns += other.returns
        actions += other.actions; planStatus += other.planStatus
        purchaseDaysAtCutoff += other.purchaseDaysAtCutoff; lastPurchaseDayAtCutoff += other.lastPurchaseDayAtCutoff
        lastActivityDayAtCutoff += other.lastActivityDayAtCutoff; boughtAfterCutoff += other.boughtAfterCutoff
        if categoryPairs.isEmpty { categoryPairs = other.categoryPairs } else {
            for i in other.categoryPairs.indices { categoryPairs[i] += other.categoryPairs[i] }
        }
        if channelTouches.isEmpty { channelTouches = other.channelTouches } else {
            for i in other.channelTouches.indices { channelTouches[i] += other.channelTouches[i] }
        }
    }
}
