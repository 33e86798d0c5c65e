/// The user's own purchases split at a date for choosing a purchase model: each customer whose
/// first purchase comes before the split, summarised on the calibration period (in days), and
/// the purchase days they made in the holdout period that follows.
///
/// The holdout is the last min(horizon, a quarter of the purchase history) days up to as-of,
/// as in the report's calibration/holdout check; there is none when that is under a week.
package struct HoldoutSplit: Sendable {
    package var calibration: PurchaseSummaries
    /// Distinct purchase days in the holdout period, per calibration customer.
    package var holdoutPurchases: [Double]
    /// The holdout's first and last day (UTC day numbers).
    package var holdoutStartDay: Int64
    package var holdoutEndDay: Int64

    /// Holdout length in days.
    package var holdoutDays: Double { Double(holdoutEndDay - holdoutStartDay + 1) }

    /// The holdout period of a data set analysed as of `asOf`, or nil when the purchase history
    /// is shorter than four weeks (a holdout of under a week).
    package static func period(_ data: Dataset, asOf: Int64, horizonDays: Double) -> (start: Int64, end: Int64)? {
        let orders = data.orders
        var first = Int64.max
        for r in 0..<orders.count where orders.amountCents[r] >= 0 && orders.timestamp[r] <= asOf {
            first = min(first, orders.timestamp[r])
        }
        guard first != Int64.max else { return nil }
        return period(firstPurchaseDay: Timestamp.day(first), asOf: asOf, horizonDays: horizonDays)
    }

    /// The holdout period when the first purchase was on `firstPurchaseDay` (UTC day number).
    package static func period(firstPurchaseDay: Int64, asOf: Int64, horizonDays: Double) -> (start: Int64, end: Int64)? {
        let asOfDay = Timestamp.day(asOf)
        let length = min(Int64(horizonDays), (asOfDay - firstPurchaseDay) / 4)
        guard length >= 7 else { return nil }
        return (asOfDay - length + 1, asOfDay)
    }

    /// A split computed elsewhere (an engine's ``HoldoutQuery``).
    package init(calibration: PurchaseSummaries, holdoutPurchases: [Double], period: (start: Int64, end: Int64)) {
        self.calibration = calibration
        self.holdoutPurchases = holdoutPurchases
        holdoutStartDay = period.start
        holdoutEndDay = period.end
    }

    package init?(_ data: Dataset, asOf: Int64, horizonDays: Double) {
        guard let (startDay, endDay) = Self.period(data, asOf: asOf, horizonDays: horizonDays) else { return nil }
        holdoutStartDay = startDay
        holdoutEndDay = endDay
        let orders = data.orders
        let groups = CustomerGrouping(customer: orders.customer, timestamp: orders.timestamp, customerCount: data.customers.count)
        let ranges = Parallel.ranges(data.customers.count)
        let pieces = Parallel.map(ranges.count) { piece -> (PurchaseSummaries, [Double]) in
            var s = PurchaseSummaries(frequency: [], recency: [], age: [])
            var after: [Double] = []
            for c in ranges[piece] {
                var firstDay = Int64.min, lastDay = Int64.min, previousDay = Int64.min, calibrationDays = 0, holdoutDays = 0
                for i in groups.offsets[c]..<groups.offsets[c + 1] {
                    let r = groups.row(i)
                    guard orders.amountCents[r] >= 0 else { continue }
                    if orders.timestamp[r] > asOf { break }
                    let day = Timestamp.day(orders.timestamp[r])
                    if day == previousDay { continue }
                    previousDay = day
                    if day >= startDay { holdoutDays += 1; continue }
                    if firstDay == Int64.min { firstDay = day }
                    calibrationDays += 1
                    lastDay = day
                }
                guard firstDay != Int64.min else { continue }
                s.frequency.append(Double(calibrationDays - 1))
                s.recency.append(Double(lastDay - firstDay))
                s.age.append(Double(startDay - 1 - firstDay))
                after.append(Double(holdoutDays))
            }
            return (s, after)
        }
        calibration = PurchaseSummaries(frequency: [], recency: [], age: [])
        holdoutPurchases = []
        for (s, after) in pieces {
            calibration.frequency += s.frequency
            calibration.recency += s.recency
            calibration.age += s.age
            holdoutPurchases += after
        }
        guard calibration.count > 0 else { return nil }
    }
}
