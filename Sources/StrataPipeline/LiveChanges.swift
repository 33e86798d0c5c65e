import StrataCore
import StrataStore

/// What live writes stored since the last analysis of the whole store, by customer: the rows
/// each write added and the customer fields it set, each with the data version of its
/// transaction. An analysis of the whole store that includes version v makes everything up to v
/// redundant (``drop(through:)``).
public struct LiveChanges: Sendable {
    struct Order: Sendable {
        var version: Int
        var timestamp: Int64
        var amountCents: Int64
        var discountCents: Int64
        var category: String?
    }

    struct Event: Sendable {
        var version: Int
        var timestamp: Int64
        var type: String
        var channel: String?
        var value: Double
    }

    /// A customers item: signup when given, and the attributes it names.
    struct Fields: Sendable {
        var version: Int
        var signup: Int64?
        var attributes: [String: String]
    }

    struct Customer: Sendable {
        var orders: [Order] = []
        var events: [Event] = []
        var fields: [Fields] = []

        var isEmpty: Bool { orders.isEmpty && events.isEmpty && fields.isEmpty }
    }

    private(set) var customers: [String: Customer] = [:]

    public init() {}

    /// Takes in a committed transaction; returns the customers it changed.
    @discardableResult
    public mutating func add(_ commit: GroupCommitWriter.Commit) -> Set<String> {
        var changed = Set<String>()
        for (batch, result) in zip(commit.batches, commit.results) {
            let data = batch.data, ids = data.customers.ids
            switch batch.kind {
            case .customers:
                for c in 0..<data.customers.count {
                    var attributes: [String: String] = [:]
                    for column in data.customers.attributes { if let value = column.value(c) { attributes[column.name] = value } }
                    let id = ids.string(c)
                    customers[id, default: Customer()].fields.append(Fields(version: commit.version, signup: data.customers.signup[c], attributes: attributes))
                    changed.insert(id)
                }
            case .orders:
                let o = data.orders
                for r in result.storedRows {
                    let id = ids.string(Int(o.customer[r]))
                    customers[id, default: Customer()].orders.append(Order(
                        version: commit.version, timestamp: o.timestamp[r], amountCents: o.amountCents[r], discountCents: o.discountCents[r],
                        category: o.category[r] >= 0 ? o.categories[Int(o.category[r])] : nil))
                    changed.insert(id)
                }
            case .events:
                let e = data.events
                for r in result.storedRows {
                    let id = ids.string(Int(e.customer[r]))
                    customers[id, default: Customer()].events.append(Event(
                        version: commit.version, timestamp: e.timestamp[r], type: e.types[Int(e.type[r])],
                        channel: e.channel[r] >= 0 ? e.channels[Int(e.channel[r])] : nil, value: e.value[r]))
                    changed.insert(id)
                }
            }
        }
        return changed
    }

    /// Forgets what an analysis of the whole store at `version` includes; returns the customers
    /// with changes left (written after it).
    public mutating func drop(through version: Int) -> Set<String> {
        for (id, var customer) in customers {
            customer.orders.removeAll { $0.version <= version }
            customer.events.removeAll { $0.version <= version }
            customer.fields.removeAll { $0.version <= version }
            customers[id] = customer.isEmpty ? nil : customer
        }
        return Set(customers.keys)
    }

    /// The changes of these customers only (what one step analyses, taken without copying the rest).
    public func only(_ ids: Set<String>) -> LiveChanges {
        var subset = LiveChanges()
        for id in ids { subset.customers[id] = customers[id] }
        return subset
    }

    /// Forgets a customer (erased).
    public mutating func forget(_ id: String) {
        customers[id] = nil
    }
}
