import StrataCore

extension StoredColumns {
    /// Adds the customers of an import's data as the tables take them, and gives each data
    /// customer's code here. A customer the columns lack is added with the data's signup and
    /// attributes; one they have takes the data's signup (when it has one) and attribute values
    /// when `updating` (what a customers file does, `json_patch` in the table), else stays as it
    /// is. Attribute names new to the store are added after the others, as the store numbers them.
    package mutating func add(customersOf data: CustomerTable, updating: Bool) -> [Int32] {
        if customers.count == 0 {
            customers = data
            customers.padToCount()
            tableCustomers = customers.count
            return (0..<data.count).map(Int32.init)
        }
        let columnOf = data.attributes.map { attribute -> Int in
            if let k = customers.attributes.firstIndex(where: { $0.name == attribute.name }) { return k }
            customers.attributes.append(AttributeColumn(name: attribute.name, codes: Array(repeating: -1, count: customers.count), values: []))
            return customers.attributes.count - 1
        }
        // Each data attribute value's code here (values no customer ends up with are narrowed away on saving).
        let valueCode = data.attributes.indices.map { a in Self.recode(data.attributes[a].values, into: &customers.attributes[columnOf[a]].values) }
        var code = [Int32](repeating: -1, count: data.count)
        for c in 0..<data.count {
            let (stored, inserted) = data.ids.key(c).withUnsafeBufferPointer { customers.ids.insert($0) }
            code[c] = Int32(stored)
            if inserted {
                customers.signup.append(data.signup[c])
                for k in customers.attributes.indices { customers.attributes[k].codes.append(-1) }
            } else if updating, let signup = data.signup[c] {
                customers.signup[stored] = signup
            }
            guard inserted || updating else { continue }
            for (a, attribute) in data.attributes.enumerated() where attribute.codes[c] >= 0 {
                customers.attributes[columnOf[a]].codes[stored] = valueCode[a][Int(attribute.codes[c])]
            }
        }
        tableCustomers = customers.count
        return code
    }

    /// Appends `orders` (in the order they were stored), whose customers have codes `customerCode` here.
    package mutating func append(_ orders: OrderColumns, customerCode: [Int32]) {
        let category = Self.recode(orders.categories, into: &self.orders.categories)
        self.orders.customer += orders.customer.map { customerCode[Int($0)] }
        self.orders.timestamp += orders.timestamp
        self.orders.amountCents += orders.amountCents
        self.orders.discountCents += orders.discountCents
        self.orders.category += orders.category.map { $0 < 0 ? -1 : category[Int($0)] }
    }

    /// Appends `events` (in the order they were stored), whose customers have codes
    /// `customerCode` here; values as a `REAL` column gives them back (no value for NaN, 0 for −0).
    package mutating func append(_ events: EventColumns, customerCode: [Int32]) {
        let type = Self.recode(events.types, into: &self.events.types)
        let channel = Self.recode(events.channels, into: &self.events.channels)
        self.events.customer += events.customer.map { customerCode[Int($0)] }
        self.events.timestamp += events.timestamp
        self.events.type += events.type.map { type[Int($0)] }
        self.events.channel += events.channel.map { $0 < 0 ? -1 : channel[Int($0)] }
        let asStored = { (v: Double) in v.isNaN ? Double.nan : v == 0 ? 0 : v }
        self.events.value += events.value.contains { asStored($0).bitPattern != $0.bitPattern } ? events.value.map(asStored) : events.value
    }

    /// Every dictionary narrowed to the values its codes use (as the tables give them).
    package mutating func narrowDictionaries() {
        for k in customers.attributes.indices {
            (customers.attributes[k].codes, customers.attributes[k].values) = Self.narrowed(customers.attributes[k].codes, customers.attributes[k].values)
        }
        (orders.category, orders.categories) = Self.narrowed(orders.category, orders.categories)
        (events.type, events.types) = Self.narrowed(events.type, events.types)
        (events.channel, events.channels) = Self.narrowed(events.channel, events.channels)
    }

    /// The code here of each of `values`, adding those `dictionary` lacks.
    private static func recode(_ values: [String], into dictionary: inout [String]) -> [Int32] {
        var codes = Dictionary(dictionary.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { first, _ in first })
        return values.map { value in
            if let code = codes[value] { return code }
            dictionary.append(value)
            codes[value] = Int32(dictionary.count - 1)
            return Int32(dictionary.count - 1)
        }
    }
}
