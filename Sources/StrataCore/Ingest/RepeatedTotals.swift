/// Watches the lines merged into orders for an amount column that repeats the order's total on
/// every line, as some exports do: summing such lines counts the total once per line. When
/// nearly every order with several lines has one amount on all of them, the read warns.
struct RepeatedTotals {
    /// Orders with several lines needed before anything is concluded.
    static let minimumOrders = 5
    /// Share of those orders whose lines all carry the same amount.
    static let share = 0.9

    /// Each order's first line's amount; empty when the amount is not read from a column.
    private let firstLines: [Int64]
    /// Per order: 0 one line so far, 1 every further line equal to the first, 2 some line differs.
    private var state: [UInt8] = []

    /// `firstLines`: each order's amount before further lines are added; `measured`: whether
    /// the amount comes from an amount column (computed line amounts are not watched).
    init(firstLines: [Int64], measured: Bool) {
        self.firstLines = measured ? firstLines : []
    }

    /// Notes a further line of `order`, of `cents`.
    mutating func add(line cents: Int64, to order: Int) {
        guard !firstLines.isEmpty else { return }
        if state.isEmpty { state = [UInt8](repeating: 0, count: firstLines.count) }
        if cents == 0 || cents != firstLines[order] {
            state[order] = 2
        } else if state[order] == 0 {
            state[order] = 1
        }
    }

    /// The warning, when the amounts repeat on the lines of nearly every order with several.
    func warning(column: String) -> String? {
        let several = state.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
        let repeating = state.reduce(0) { $0 + ($1 == 1 ? 1 : 0) }
        guard several >= Self.minimumOrders, Double(repeating) >= Self.share * Double(several) else { return nil }
        return "'\(column)' has the same amount on every line of \(repeating) of the \(several) orders with several lines: "
            + "if it is the order's total repeated on each line, the sum counts it once per line; add `line_items: false` "
            + "under orders (a repeated order id is then the same order again, its first line kept), or map quantity and "
            + "unit_price to read each line's own amount"
    }
}
