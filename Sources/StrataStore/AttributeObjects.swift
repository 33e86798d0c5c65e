import StrataCore

/// Each customer's attributes as the JSON object the store keeps (`{"country":"RU",…}`, those
/// without a value left out), from every attribute's name and distinct values encoded once.
struct AttributeObjects {
    /// Per attribute, per value code: `"name":"value"`.
    private let members: [[String]]
    private let codes: [[Int32]]

    init(_ customers: CustomerTable) {
        members = customers.attributes.map { attribute in
            let name = jsonString(attribute.name) + ":"
            return attribute.values.map { name + jsonString($0) }
        }
        codes = customers.attributes.map(\.codes)
    }

    /// Customer c's object.
    func json(_ c: Int) -> String {
        var json = "{"
        for (members, codes) in zip(members, codes) where codes[c] >= 0 {
            if json.utf8.count > 1 { json += "," }
            json += members[Int(codes[c])]
        }
        return json + "}"
    }
}
