/// Kept interaction events as typed columns, one element per event, in file order.
public struct EventColumns: Sendable {
    /// Dense customer id (index into ``CustomerTable``).
    public var customer: [Int32] = []
    /// UTC epoch seconds.
    public var timestamp: [Int64] = []
    /// Dictionary code into ``types`` (the event type as written, lowercased).
    public var type: [Int32] = []
    /// Dictionary code into ``channels``; -1 when neither given nor implied by the type.
    public var channel: [Int32] = []
    /// Numeric value (e.g. an NPS score); NaN when absent or not a number.
    public var value: [Double] = []
    public var types: [String] = []
    public var channels: [String] = []

    /// Each row's own id (order_id / event_id) when the loader kept them (``DatasetLoader/keepRowIDs``);
    /// empty otherwise, and "" for a row of a file without an id column.
    public var ids: [String] = []

    public init() {}

    public var count: Int { customer.count }
}
