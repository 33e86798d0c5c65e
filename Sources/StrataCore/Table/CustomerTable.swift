import Foundation

/// The customers: dense ids 0..<count, their external ids, signup dates and attributes.
public struct CustomerTable: Sendable {
    /// External customer id bytes; the code is the dense id.
    public var ids = ByteStringTable()
    /// Signup time (UTC epoch seconds) or `nil`, per dense id.
    public var signup: [Int64?] = []
    /// Other columns of the customers input, dictionary coded.
    public var attributes: [AttributeColumn] = []

    public init() {}

    public var count: Int { ids.count }

    /// Extends per-customer columns to cover ids registered from orders or events.
    package mutating func padToCount() {
        if signup.count < count { signup += Array(repeating: nil, count: count - signup.count) }
        for i in attributes.indices where attributes[i].codes.count < count {
            attributes[i].codes += Array(repeating: -1, count: count - attributes[i].codes.count)
        }
    }
}

/// One customer attribute (a column of the customers input Strata does not interpret).
public struct AttributeColumn: Sendable {
    public var name: String
    /// Per dense id: code into ``values``, or -1 when empty.
    public var codes: [Int32]
    public var values: [String]

    public init(name: String, codes: [Int32], values: [String]) {
        self.name = name
        self.codes = codes
        self.values = values
    }

    public func value(_ customer: Int) -> String? {
        let code = Int(codes[customer])
        return code >= 0 ? values[code] : nil
    }

    /// Each distinct value as a number, when every one of them is a finite number; else nil
    /// (the attribute is text).
    public var numericValues: [Double]? {
        guard !values.isEmpty else { return nil }
        var numbers: [Double] = []
        for value in values {
            guard let number = Double(value.trimmingCharacters(in: .whitespaces)), number.isFinite else { return nil }
            numbers.append(number)
        }
        return numbers
    }
}
