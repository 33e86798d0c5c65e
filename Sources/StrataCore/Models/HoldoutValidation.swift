import Foundation

/// A calibration/holdout check of a purchase model on a transaction log: fit on the purchases
/// before a date, predict each customer's purchases in the holdout period that follows, and
/// compare with what they did — per calibration frequency, in total, and week by week.
///
/// The cohort is every customer whose first purchase falls in the calibration period. A
/// purchase is a purchase day (several orders on one day count once), as in the fit.
public struct HoldoutValidation: Sendable {
    /// Customers with the same calibration frequency (the last bucket holds all higher ones).
    public struct Bucket: Sendable {
        public var label: String
        public var customers: Int
        /// Mean holdout purchases per customer, observed and predicted.
        public var actual: Double
        public var predicted: Double
    }

    /// Repeat purchases of the cohort in one week, observed and predicted for customers of their age.
    public struct Week: Sendable {
        public var start: String
        public var actual: Double
        public var predicted: Double
        public var cumulativeActual: Double
        public var cumulativePredicted: Double
    }

    public var fit: ModelFit
    public var unitDays: Double
    public var calibrationEnd: String
    public var holdoutStart: String
    public var holdoutEnd: String
    /// Holdout length in the model's time unit.
    public var holdoutLength: Double
    public var buckets: [Bucket]
    public var totalActual: Double
    public var totalPredicted: Double
    /// Mean over customers of |predicted − actual| holdout purchases.
    public var meanAbsoluteError: Double
    /// Mean over buckets of |mean predicted − mean actual|.
    public var bucketMeanAbsoluteError: Double
    public var weeks: [Week]
    /// Customers by calibration repeat purchases, observed and as the fitted model makes them.
    public var periodTransactions: PeriodTransactions
    /// The fitted model's P(alive) by repeat purchases and time since the last purchase, at the
    /// cohort's median observation time at the calibration end.
    public var pAliveMatrix: PAliveMatrix

    /// - Parameters:
    ///   - holdoutFrom: first second of the holdout period (calibration ends the second before).
    ///   - holdoutTo: last second of the holdout period.
    ///   - unitDays: the model's time unit in days (1 = days, 7 = weeks).
    public init(_ data: Dataset, holdoutFrom: Int64, holdoutTo: Int64, unitDays: Double = 1,
                kind: PurchaseModelKind = .bgNBD, penalty: Double = 0, largestBucket: Int = 7) throws(ModelError) {
        let features = FeatureBuilder.compute(data, settings: FeatureSettings(asOf: holdoutFrom - 1))
        let (calibration, rows) = PurchaseSummaries.buyers(of: features, timeUnitDays: unitDays)
        let (model, fit) = try ModelFitter.fit(kind, calibration, penalty: penalty)
        self.fit = fit
        self.unitDays = unitDays
        let startDay = Timestamp.day(holdoutFrom), endDay = Timestamp.day(holdoutTo)
        calibrationEnd = Timestamp.isoDate(day: startDay - 1)
        holdoutStart = Timestamp.isoDate(day: startDay)
        holdoutEnd = Timestamp.isoDate(day: endDay)
        holdoutLength = Double(endDay - startDay + 1) / unitDays

        let purchaseDays = Self.purchaseDays(data, customers: rows, through: endDay)
        let predicted = CustomerPredictions(model: model, spend: nil, summaries: calibration,
                                            settings: PredictionSettings(horizon: holdoutLength)).expectedPurchases
        let actual = purchaseDays.map { days in Double(days.lazy.filter { $0 >= startDay }.count) }

        // By calibration frequency.
        var count = [Int](repeating: 0, count: largestBucket + 1)
        var sumActual = [Double](repeating: 0, count: largestBucket + 1)
        var sumPredicted = [Double](repeating: 0, count: largestBucket + 1)
        var absoluteError = 0.0
        for i in 0..<calibration.count {
            let k = min(Int(calibration.frequency[i]), largestBucket)
            count[k] += 1
            sumActual[k] += actual[i]
            sumPredicted[k] += predicted[i]
            absoluteError += abs(predicted[i] - actual[i])
        }
        buckets = (0...largestBucket).filter { count[$0] > 0 }.map { k in
            Bucket(label: k == largestBucket ? "\(k)+" : "\(k)", customers: count[k],
                   actual: sumActual[k] / Double(count[k]), predicted: sumPredicted[k] / Double(count[k]))
        }
        totalActual = sumActual.reduce(0, +)
        totalPredicted = sumPredicted.reduce(0, +)
        meanAbsoluteError = absoluteError / Double(max(1, calibration.count))
        bucketMeanAbsoluteError = buckets.reduce(0) { $0 + abs($1.predicted - $1.actual) } / Double(max(1, buckets.count))
        weeks = Self.weeklyCurve(model, purchaseDays: purchaseDays, through: endDay, unitDays: unitDays)
        periodTransactions = PeriodTransactions(calibration, kind: kind, parameters: fit.parameters)
        pAliveMatrix = PAliveMatrix(model: model, summaries: calibration, unitDays: unitDays)
    }

    /// Each cohort customer's distinct purchase days up to `endDay`, first purchase day first.
    package static func purchaseDays(_ data: Dataset, customers: [Int], through endDay: Int64) -> [[Int64]] {
        let orders = data.orders
        let groups = CustomerGrouping(customer: orders.customer, timestamp: orders.timestamp, customerCount: data.customers.count)
        return customers.map { c in
            var days: [Int64] = []
            for i in groups.offsets[c]..<groups.offsets[c + 1] {
                let r = groups.row(i)
                guard orders.amountCents[r] >= 0 else { continue }
                let day = Timestamp.day(orders.timestamp[r])
                if day > endDay { break }
                if days.last != day { days.append(day) }
            }
            return days
        }
    }

    /// Weekly repeat purchases from the first cohort purchase to `endDay`: observed, and predicted
    /// as Σ over customers of E[X(week end − birth)] − E[X(week start − birth)] for a new customer.
    package static func weeklyCurve(_ model: any PurchaseModel, purchaseDays: [[Int64]], through endDay: Int64, unitDays: Double) -> [Week] {
        guard let origin = purchaseDays.compactMap(\.first).min(), endDay >= origin else { return [] }
        let weekCount = Int((endDay - origin) / 7) + 1
        var actual = [Double](repeating: 0, count: weekCount)
        var births: [Int64: Int] = [:]
        for days in purchaseDays {
            guard let birth = days.first else { continue }
            births[birth, default: 0] += 1
            for day in days.dropFirst() { actual[Int((day - origin) / 7)] += 1 }
        }
        var predicted = [Double](repeating: 0, count: weekCount)
        for (birth, customers) in births {
            var previous = 0.0
            for w in 0..<weekCount {
                // Age at the end of the week's last day, counted like T (days since the birth day).
                let lastDay = min(origin + Int64(7 * (w + 1)) - 1, endDay)
                let age = Double(lastDay - birth) / unitDays
                guard age > 0 else { continue }
                let cumulative = model.expectedPurchasesOfNewCustomer(age)
                predicted[w] += Double(customers) * (cumulative - previous)
                previous = cumulative
            }
        }
        var weeks: [Week] = []
        var totalActual = 0.0, totalPredicted = 0.0
        for w in 0..<weekCount {
            totalActual += actual[w]
            totalPredicted += predicted[w]
            weeks.append(Week(start: Timestamp.isoDate(day: origin + Int64(7 * w)), actual: actual[w], predicted: predicted[w],
                              cumulativeActual: totalActual, cumulativePredicted: totalPredicted))
        }
        return weeks
    }
}
