import StrataCore

/// An analysis of the whole store and what the live service needs to analyse a few customers
/// against it (``Analysis/Base``): their stored rows, found by customer, to which the writes
/// since (``LiveChanges``) are added.
public struct LiveBase: Sendable {
    public let analysis: Analysis
    public let base: Analysis.Base
    private let orderGroups: CustomerGrouping
    private let eventGroups: CustomerGrouping

    public init(_ analysis: Analysis) {
        self.analysis = analysis
        base = Analysis.Base(analysis)
        let data = analysis.dataset
        orderGroups = CustomerGrouping(customer: data.orders.customer, timestamp: data.orders.timestamp, customerCount: data.customers.count)
        eventGroups = CustomerGrouping(customer: data.events.customer, timestamp: data.events.timestamp, customerCount: data.customers.count)
    }

    /// The customers `ids` analysed as of `asOf` against the base, with their changes.
    public func analyse(_ ids: [String], changes: LiveChanges, asOf: Int64) -> Analysis {
        Analysis(dataset(ids, changes: changes), base: base, asOf: asOf)
    }

    /// The customers `ids` (in id order) with their rows in the base and their changes since:
    /// the base's categories, event types and channels keep their codes.
    public func dataset(_ ids: [String], changes: LiveChanges) -> Dataset {
        let data = analysis.dataset
        var customers = CustomerTable()
        var orders = OrderColumns(), events = EventColumns()
        orders.hasAmounts = data.orders.hasAmounts
        var categories = Vocabulary(data.orders.categories), types = Vocabulary(data.events.types), channels = Vocabulary(data.events.channels)
        var attributeNames = data.customers.attributes.map(\.name)
        var attributes: [[String: String]] = []
        for (m, id) in ids.sorted().enumerated() {
            _ = customers.ids.insert(id)
            let c = data.customers.ids.code(of: id)
            var signup = c.flatMap { data.customers.signup[$0] }
            var values: [String: String] = [:]
            if let c { for column in data.customers.attributes { values[column.name] = column.value(c) } }
            if let c {
                for i in orderGroups.offsets[c]..<orderGroups.offsets[c + 1] {
                    let r = orderGroups.row(i)
                    orders.append(customer: m, timestamp: data.orders.timestamp[r], amountCents: data.orders.amountCents[r],
                                  discountCents: data.orders.discountCents[r], category: data.orders.category[r])
                }
                for i in eventGroups.offsets[c]..<eventGroups.offsets[c + 1] {
                    let r = eventGroups.row(i)
                    events.append(customer: m, timestamp: data.events.timestamp[r], type: data.events.type[r],
                                  channel: data.events.channel[r], value: data.events.value[r])
                }
            }
            if let changed = changes.customers[id] {
                for fields in changed.fields {
                    signup = fields.signup ?? signup
                    for (name, value) in fields.attributes {
                        if !attributeNames.contains(name) { attributeNames.append(name) }
                        values[name] = value
                    }
                }
                for order in changed.orders {
                    orders.append(customer: m, timestamp: order.timestamp, amountCents: order.amountCents,
                                  discountCents: order.discountCents, category: order.category.map { categories.code($0) } ?? -1)
                }
                for event in changed.events {
                    events.append(customer: m, timestamp: event.timestamp, type: types.code(event.type),
                                  channel: event.channel.map { channels.code($0) } ?? -1, value: event.value)
                }
            }
            customers.signup.append(signup)
            attributes.append(values)
        }
        customers.attributes = attributeNames.map { name in
            var column = AttributeColumn(name: name, codes: [], values: [])
            var codes: [String: Int32] = [:]
            for values in attributes {
                guard let value = values[name] else { column.codes.append(-1); continue }
                if let code = codes[value] { column.codes.append(code); continue }
                codes[value] = Int32(column.values.count)
                column.codes.append(Int32(column.values.count))
                column.values.append(value)
            }
            return column
        }
        orders.categories = categories.names
        (events.types, events.channels) = (types.names, channels.names)
        return Dataset(customers: customers, orders: orders, events: events, report: data.report)
    }
}

/// Names and their codes, starting from the base's (whose codes stay).
private struct Vocabulary {
    var names: [String]
    var codes: [String: Int32]

    init(_ names: [String]) {
        self.names = names
        codes = Dictionary(names.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { first, _ in first })
    }

    mutating func code(_ name: String) -> Int32 {
        if let code = codes[name] { return code }
        names.append(name)
        codes[name] = Int32(names.count - 1)
        return Int32(names.count - 1)
    }
}

private extension OrderColumns {
    mutating func append(customer: Int, timestamp: Int64, amountCents: Int64, discountCents: Int64, category: Int32) {
        self.customer.append(Int32(customer))
        self.timestamp.append(timestamp)
        self.amountCents.append(amountCents)
        self.discountCents.append(discountCents)
        self.category.append(category)
    }
}

private extension EventColumns {
    mutating func append(customer: Int, timestamp: Int64, type: Int32, channel: Int32, value: Double) {
        self.customer.append(Int32(customer))
        self.timestamp.append(timestamp)
        self.type.append(type)
        self.channel.append(channel)
        self.value.append(value)
    }
}
