/// The knobs of feature computation. Defaults follow the seed's definitions and are documented
/// in docs/features.md.
public struct FeatureSettings: Sendable, Hashable {
    /// Only orders and events at or before this time count (UTC epoch seconds).
    public var asOf: Int64
    /// A response counts for a touch when it comes on the touch's channel within this many days
    /// and before the next touch on that channel.
    public var responseWindowDays: Int = 30
    /// A touch converts when the customer orders within this many days after it.
    public var conversionWindowDays: Int = 7
    /// A customer first seen (signup, first order or first event) this recently is `new`.
    public var newCustomerDays: Int = 30

    public init(asOf: Int64) { self.asOf = asOf }
}
