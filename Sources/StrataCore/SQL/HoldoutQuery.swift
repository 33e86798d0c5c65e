/// The purchase model's holdout split (``HoldoutSplit``) as SQL: the holdout is the last
/// min(horizon, a quarter of the purchase history) days up to as-of; for each customer whose
/// first purchase day comes before it, the calibration period's summary in days and the purchase
/// days in the holdout, ordered by customer id — the rows the embedded engine builds, in its
/// order, so that the model choice is the same.
public struct HoldoutQuery: Sendable {
    public var dialect: SQLDialect
    public var asOf: Int64
    public var horizonDays: Int64

    public init(dialect: SQLDialect, asOf: Int64, horizonDays: Int64) {
        self.dialect = dialect
        self.asOf = asOf
        self.horizonDays = horizonDays
    }

    /// Columns `customer_id, frequency, recency, age, holdout, start_day` (the holdout's first day).
    public func select() -> String {
        let d = dialect
        let asOfDay = Timestamp.day(asOf)
        let quarter = d.divide("\(asOfDay) - MIN(day)", "4")
        let calibration = "CASE WHEN day < start_day THEN day END"
        return """
            WITH purchase_days AS (
              SELECT DISTINCT customer_id, \(d.day(ofEpoch: "ts")) AS day FROM orders WHERE amount_cents >= 0 AND ts <= \(asOf)
            ),
            period AS (
              SELECT \(asOfDay) - (CASE WHEN \(horizonDays) < \(quarter) THEN \(horizonDays) ELSE \(quarter) END) + 1 AS start_day
              FROM purchase_days
            )
            SELECT customer_id,
              SUM(CASE WHEN day < start_day THEN 1 ELSE 0 END) - 1 AS frequency,
              MAX(\(calibration)) - MIN(\(calibration)) AS recency,
              start_day - 1 - MIN(\(calibration)) AS age,
              SUM(CASE WHEN day >= start_day THEN 1 ELSE 0 END) AS holdout,
              start_day
            FROM purchase_days CROSS JOIN period GROUP BY customer_id, start_day HAVING MIN(day) < start_day
            ORDER BY \(d.byteOrder("customer_id"))
            """
    }
}
