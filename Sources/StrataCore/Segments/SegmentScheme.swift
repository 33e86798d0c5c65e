/// A built-in way of splitting the customers.
public enum SegmentScheme: String, Sendable, Hashable, CaseIterable, Codable {
    /// The 11 named RFM segments (plus customers with no purchase).
    case rfm
    /// Active / passive / least-engaged / new / no-interactions.
    case activity
}
