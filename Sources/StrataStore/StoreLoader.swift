import Foundation
import StrataCore
import GRDB

extension StrataStore {
    /// The stored data as a ``Dataset``: customers in id order with their attributes, and the
    /// orders and events at or before `asOf` (all of them when nil). With `asOf`, customers who
    /// signed up later and have no order or event by then are left out: they are not customers
    /// yet. The ingest report lists what was read from each table.
    public func dataset(asOf: Int64? = nil) throws(StoreError) -> Dataset {
        try read { db in try Self.dataset(db, asOf: asOf) }
    }

    /// The stored data as ``dataset(asOf:)`` reads it, and the data version it includes (read in
    /// the same transaction: every live write up to that version is in, none after it).
    public func versionedDataset(asOf: Int64? = nil) throws(StoreError) -> (dataset: Dataset, version: Int) {
        try read { db in (try Self.dataset(db, asOf: asOf), try Self.dataVersion(db)) }
    }

    private static func dataset(_ db: Database, asOf: Int64?) throws -> Dataset {
        var customers = CustomerTable()
        let names = try String.fetchAll(db, sql: "SELECT name FROM attribute_names ORDER BY position")
        var attributeValues = names.map { _ in [String: Int32]() }
        var attributes = names.map { AttributeColumn(name: $0, codes: [], values: []) }
        let limit = asOf ?? Int64.max
        let rows = try Row.fetchCursor(db, sql: """
            SELECT customer_id, signup, attributes FROM customers c
            WHERE signup IS NULL OR signup <= :limit
               OR EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id AND o.ts <= :limit)
               OR EXISTS (SELECT 1 FROM events e WHERE e.customer_id = c.customer_id AND e.ts <= :limit)
            ORDER BY customer_id
            """, arguments: ["limit": limit])
        while let row = try rows.next() {
            let id: String = row["customer_id"]
            _ = customers.ids.insert(id)
            customers.signup.append(row["signup"])
            let text: String = row["attributes"]
            let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: String] ?? [:]
            for (k, name) in names.enumerated() {
                guard let value = object[name] else { attributes[k].codes.append(-1); continue }
                if let code = attributeValues[k][value] {
                    attributes[k].codes.append(code)
                } else {
                    let code = Int32(attributes[k].values.count)
                    attributeValues[k][value] = code
                    attributes[k].values.append(value)
                    attributes[k].codes.append(code)
                }
            }
        }
        customers.attributes = attributes
        var report = IngestReport()

        var orders = OrderColumns()
        var categories = ByteStringTable()
        // Table order (by key): the features group rows by customer and time themselves.
        let orderRows = try RowReader(db, sql: "SELECT \(OrderField.selection) FROM orders WHERE ts <= ?", parameter: limit)
        while try orderRows.next() {
            orders.customer.append(customerCode(&customers, orderRows.text(OrderField.customerID.column)))
            orders.timestamp.append(orderRows.int64(OrderField.ts.column))
            orders.amountCents.append(orderRows.int64(OrderField.amountCents.column))
            orders.discountCents.append(orderRows.int64(OrderField.discountCents.column))
            orders.category.append(code(orderRows.text(OrderField.category.column), &categories))
        }
        orders.categories = categories.strings
        report.files.append(FileReport(file: "store:orders", table: .orders, rowsRead: orders.count, kept: orders.count,
                                       duplicates: 0, rejectedByReason: [:], notes: [:]))

        var events = EventColumns()
        var types = ByteStringTable(), channels = ByteStringTable()
        let eventRows = try RowReader(db, sql: "SELECT \(EventField.selection) FROM events WHERE ts <= ?", parameter: limit)
        while try eventRows.next() {
            events.customer.append(customerCode(&customers, eventRows.text(EventField.customerID.column)))
            events.timestamp.append(eventRows.int64(EventField.ts.column))
            events.type.append(code(eventRows.text(EventField.type.column), &types))
            events.channel.append(code(eventRows.text(EventField.channel.column), &channels))
            events.value.append(eventRows.double(EventField.value.column) ?? .nan)
        }
        (events.types, events.channels) = (types.strings, channels.strings)
        report.files.append(FileReport(file: "store:events", table: .events, rowsRead: events.count, kept: events.count,
                                       duplicates: 0, rejectedByReason: [:], notes: [:]))
        customers.padToCount()
        return Dataset(customers: customers, orders: orders, events: events, report: report).canonicallyOrdered()
    }
}

/// The `orders` columns the loader reads, in selection order: rows are read by position (millions
/// of them; no name lookup per row) and the positions come from this one list.
private enum OrderField: Int32, CaseIterable {
    case customerID, ts, amountCents, discountCents, category

    static let selection = allCases.map(\.name).joined(separator: ", ")

    /// The position in the selection.
    var column: Int32 { rawValue }

    var name: String {
        switch self {
        case .customerID: return "customer_id"
        case .ts: return "ts"
        case .amountCents: return "amount_cents"
        case .discountCents: return "discount_cents"
        case .category: return "category"
        }
    }
}

/// The `events` columns the loader reads, in selection order (as ``OrderField``).
private enum EventField: Int32, CaseIterable {
    case customerID, ts, type, channel, value

    static let selection = allCases.map(\.name).joined(separator: ", ")

    /// The position in the selection.
    var column: Int32 { rawValue }

    var name: String {
        switch self {
        case .customerID: return "customer_id"
        case .ts, .type, .channel, .value: return "\(self)"
        }
    }
}

/// The dense code of a customer id (registering one an order or event names but the customers
/// table lacks, which only an interrupted import leaves behind).
private func customerCode(_ customers: inout CustomerTable, _ id: UnsafeBufferPointer<UInt8>?) -> Int32 {
    let id = id ?? UnsafeBufferPointer(start: nil, count: 0)
    if let code = customers.ids.code(of: id) { return Int32(code) }
    return Int32(customers.ids.insert(id).code)
}

/// Dictionary code of a text value; -1 for NULL.
private func code(_ value: UnsafeBufferPointer<UInt8>?, _ table: inout ByteStringTable) -> Int32 {
    guard let value else { return -1 }
    return Int32(table.insert(value).code)
}
