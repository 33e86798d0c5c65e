/// Why a row was not kept.
public enum RejectReason: String, Sendable, Hashable, CaseIterable, Codable {
    case malformedRow = "malformed_row"
    case missingValue = "missing_value"
    case invalidNumber = "invalid_number"
    case invalidDate = "invalid_date"
    case unknownCustomer = "unknown_customer"
    case unknownCurrency = "unknown_currency"
    case duplicateID = "duplicate_id"
    /// A line of an order whose earlier lines belong to another customer.
    case conflictingOrder = "conflicting_order"
    /// A further line of an order whose first line was rejected (e.g. an unknown currency).
    case orderRejected = "order_rejected"
    /// An id with a NUL byte or bytes that are not UTF-8 (a file in another encoding).
    case invalidText = "invalid_text"
}

/// One rejected row: where it is, what was found there and what was expected.
public struct IngestIssue: Sendable, Hashable, CustomStringConvertible {
    public var location: SourceLocation
    public var reason: RejectReason
    /// The offending value as it appeared in the file (cut to 80 bytes).
    public var value: String
    /// What the reader expected instead, written for the user.
    public var expected: String

    public init(location: SourceLocation, reason: RejectReason, value: String, expected: String) {
        self.location = location
        self.reason = reason
        self.value = value
        self.expected = expected
    }

    public var description: String {
        "\(location): \(reason.rawValue): '\(value)': \(expected)"
    }
}
