/// Kept orders as typed columns, one element per order, in file order.
///
/// Amounts are integer cents (exact sums); a refund is a negative amount.
public struct OrderColumns: Sendable {
    /// Dense customer id (index into ``CustomerTable``).
    public var customer: [Int32] = []
    /// UTC epoch seconds.
    public var timestamp: [Int64] = []
    public var amountCents: [Int64] = []
    /// Discount in cents; 0 when absent.
    public var discountCents: [Int64] = []
    /// Dictionary code into ``categories``; -1 when absent.
    public var category: [Int32] = []
    public var categories: [String] = []
    /// False when the orders had no amount (nor quantity and unit price): every amount is 0 and
    /// nothing that needs spend (M score, spend model, CLV) is computed.
    public var hasAmounts = true

    /// Each row's own id (order_id / event_id) when the loader kept them (``DatasetLoader/keepRowIDs``);
    /// empty otherwise, and "" for a row of a file without an id column.
    public var ids: [String] = []

    public init() {}

    public var count: Int { customer.count }
}
