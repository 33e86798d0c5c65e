/// The customer fields a rule file is checked against.
///
/// From data (``FieldCatalog``) every field is known. Without data (`strata check FILE`) the
/// standard `customers.csv` fields are known and any other name is taken for a customer
/// attribute — unless it is a near miss of a known field, which is reported as a likely typo.
public struct RuleSchema: Sendable {
    public var fields: [(name: String, type: FieldType)]
    /// Whether unknown names may be customer attributes (no data to tell).
    public var openAttributes: Bool

    public init(fields: [(name: String, type: FieldType)], openAttributes: Bool) {
        self.fields = fields
        self.openAttributes = openAttributes
    }

    public init(_ catalog: FieldCatalog) {
        self.init(fields: catalog.customerFields, openAttributes: false)
    }

    /// The standard fields of `customers.csv` with the lifetime-model columns (horizon 365 days).
    public static let standard: RuleSchema = {
        let empty = Dataset(customers: CustomerTable(), orders: OrderColumns(), events: EventColumns(), report: IngestReport())
        let catalog = FieldCatalog(empty, Segmentation(empty, settings: FeatureSettings(asOf: 0)), asOf: 0)
        let models: [(String, FieldType)] = [("p_alive", .number), ("expected_purchases_365", .number),
                                            ("next_order_date", .date), ("expected_aov", .number), ("clv", .number)]
        return RuleSchema(fields: catalog.customerFields + models, openAttributes: true)
    }()

    package func type(of name: String) -> FieldType? { fields.first { $0.name == name }?.type }

    /// The schema with a customers table's attributes as known fields (as ``FieldCatalog`` names
    /// and types them), and no more open attributes.
    public func adding(attributesOf customers: CustomerTable) -> RuleSchema {
        var fields = self.fields
        let own = Set(fields.map(\.name))
        for attribute in customers.attributes {
            let name = own.contains(attribute.name) ? "attr_\(attribute.name)" : attribute.name
            let numeric = attribute.numericValues != nil
            fields.append((name, numeric ? .number : .text))
            if numeric, attribute.name == "birth_year", !own.contains("age") { fields.append(("age", .number)) }
        }
        return RuleSchema(fields: fields, openAttributes: false)
    }
}

/// Edit distance, for "did you mean" suggestions.
package func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.lowercased()), b = Array(b.lowercased())
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    var row = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        row[0] = i
        for j in 1...b.count {
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &row)
    }
    return previous[b.count]
}

/// The closest candidate within a typo's distance, if any. Candidates whose length differs by
/// more than that distance cannot be within it and are not compared (a 1 MB name costs nothing).
package func suggestion(for name: String, among candidates: [String]) -> String? {
    let length = name.count
    let limit = max(2, length / 3)
    let scored = candidates.filter { abs($0.count - length) <= limit }.map { ($0, editDistance(name, $0)) }.filter { $0.1 <= limit }
    return scored.min { $0.1 < $1.1 }?.0
}
