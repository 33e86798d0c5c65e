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

    /// Each row's own id (order_id / event_id) when the loader kept them (``DatasetLoader/keepRowIDs``);
    /// empty otherwise, and "" for a row of a file without an id column.
    public var ids: [String] = []

    public init() {}

    public var count: Int { customer.count }
}
