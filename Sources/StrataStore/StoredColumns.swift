import Foundation
import StrataCore
import GRDB

/// The store's customers, orders and events as columns, as its tables hold them: customers in
/// id order, then any customer an order or event names but the customers table lacks (only an
/// interrupted import leaves such rows); orders and events in key order. The copy an import
/// keeps (``ImportColumnCopy``) adds the customers and rows it stored at the end. Dictionary
/// codes are in the order values were met; ``dataset(asOf:)`` gives them their canonical
/// numbering, and a customer's rows at one second an order by their content, so the data set
/// does not depend on the order of the rows.
package struct StoredColumns: Sendable {
    package var customers = CustomerTable()
    /// Customers from this code on are named by orders or events but not in the customers table.
    package var tableCustomers = 0
    package var orders = OrderColumns()
    package var events = EventColumns()

    /// The data an analysis as of `asOf` reads (all of it when nil), canonically numbered
    /// (``Dataset/canonicallyOrdered(onlyCustomersWithRows:grouped:)``) with ties in content
    /// order (``Dataset/tiesOrderedByContent()``): the orders and events
    /// at or before it, and the customers who signed up by then (or have no signup) or have an
    /// order or event by then.
    package func dataset(asOf: Int64?) -> Dataset {
        let kept = asOf.map(filtered) ?? self
        var report = IngestReport()
        report.files.append(FileReport(file: "store:orders", table: .orders, rowsRead: kept.orders.count, kept: kept.orders.count,
                                       duplicates: 0, rejectedByReason: [:], notes: [:]))
        report.files.append(FileReport(file: "store:events", table: .events, rowsRead: kept.events.count, kept: kept.events.count,
                                       duplicates: 0, rejectedByReason: [:], notes: [:]))
        return Dataset(customers: kept.customers, orders: kept.orders, events: kept.events, report: report).canonicallyOrdered()
            .tiesOrderedByContent()
    }

    /// The rows at or before `limit` and the customers an analysis as of it counts, with every
    /// dictionary narrowed to the values those rows and customers use.
    private func filtered(_ limit: Int64) -> StoredColumns {
        let orderRows = Self.rows(orders.timestamp, atOrBefore: limit)
        let eventRows = Self.rows(events.timestamp, atOrBefore: limit)
        var counted = [Bool](repeating: false, count: customers.count)
        for row in orderRows { counted[Int(orders.customer[Int(row)])] = true }
        for row in eventRows { counted[Int(events.customer[Int(row)])] = true }
        for c in 0..<tableCustomers where !counted[c] {
            counted[c] = customers.signup[c].map { $0 <= limit } ?? true
        }
        if orderRows.count == orders.count, eventRows.count == events.count, !counted.contains(false) { return self }

        var newCode = [Int32](repeating: -1, count: customers.count)
        var keptCustomers: [Int32] = []
        for c in counted.indices where counted[c] {
            newCode[c] = Int32(keptCustomers.count)
            keptCustomers.append(Int32(c))
        }
        var out = StoredColumns()
        for c in keptCustomers { customers.ids.key(Int(c)).withUnsafeBufferPointer { _ = out.customers.ids.insert($0) } }
        out.customers.signup = keptCustomers.map { customers.signup[Int($0)] }
        out.customers.attributes = customers.attributes.map { attribute in
            var column = attribute
            (column.codes, column.values) = Self.narrowed(Parallel.gather(attribute.codes, at: keptCustomers), attribute.values)
            return column
        }
        out.tableCustomers = keptCustomers.firstIndex { Int($0) >= tableCustomers } ?? keptCustomers.count

        out.orders.customer = Parallel.gather(orders.customer, at: orderRows).map { newCode[Int($0)] }
        out.orders.timestamp = Parallel.gather(orders.timestamp, at: orderRows)
        out.orders.amountCents = Parallel.gather(orders.amountCents, at: orderRows)
        out.orders.discountCents = Parallel.gather(orders.discountCents, at: orderRows)
        (out.orders.category, out.orders.categories) = Self.narrowed(Parallel.gather(orders.category, at: orderRows), orders.categories)

        out.events.customer = Parallel.gather(events.customer, at: eventRows).map { newCode[Int($0)] }
        out.events.timestamp = Parallel.gather(events.timestamp, at: eventRows)
        out.events.value = Parallel.gather(events.value, at: eventRows)
        (out.events.type, out.events.types) = Self.narrowed(Parallel.gather(events.type, at: eventRows), events.types)
        (out.events.channel, out.events.channels) = Self.narrowed(Parallel.gather(events.channel, at: eventRows), events.channels)
        return out
    }

    /// The rows whose time is at or before `limit`, in order.
    private static func rows(_ timestamps: [Int64], atOrBefore limit: Int64) -> [Int32] {
        var rows: [Int32] = []
        rows.reserveCapacity(timestamps.count)
        for (row, time) in timestamps.enumerated() where time <= limit { rows.append(Int32(row)) }
        return rows
    }

    /// A dictionary column with only the values its codes use, in their order, and the codes renumbered.
    static func narrowed(_ codes: [Int32], _ values: [String]) -> ([Int32], [String]) {
        var used = [Bool](repeating: false, count: values.count)
        for code in codes where code >= 0 { used[Int(code)] = true }
        guard used.contains(false) else { return (codes, values) }
        var newCode = [Int32](repeating: -1, count: values.count)
        var kept: [String] = []
        for v in values.indices where used[v] {
            newCode[v] = Int32(kept.count)
            kept.append(values[v])
        }
        return (codes.map { $0 < 0 ? $0 : newCode[Int($0)] }, kept)
    }
}

extension StoredColumns {
    /// Reads the store's tables: every row at or before `limit` and the customers an analysis
    /// as of it counts (everything for `Int64.max`).
    package static func read(_ db: Database, upTo limit: Int64 = .max) throws -> StoredColumns {
        var stored = StoredColumns()
        let names = try String.fetchAll(db, sql: "SELECT name FROM attribute_names ORDER BY position")
        var attributeValues = names.map { _ in [String: Int32]() }
        var attributes = names.map { AttributeColumn(name: $0, codes: [], values: []) }
        let rows = try Row.fetchCursor(db, sql: """
            SELECT customer_id, signup, attributes FROM customers c
            WHERE signup IS NULL OR signup <= :limit
               OR EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id AND o.ts <= :limit)
               OR EXISTS (SELECT 1 FROM events e WHERE e.customer_id = c.customer_id AND e.ts <= :limit)
            ORDER BY customer_id
            """, arguments: ["limit": limit])
        while let row = try rows.next() {
            let id: String = row["customer_id"]
            _ = stored.customers.ids.insert(id)
            stored.customers.signup.append(row["signup"])
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
        stored.customers.attributes = attributes
        stored.tableCustomers = stored.customers.count

        var categories = ByteStringTable()
        // Table order (by key): the features group rows by customer and time themselves.
        let orderRows = try RowReader(db, sql: "SELECT \(OrderField.selection) FROM orders WHERE ts <= ?", parameter: limit)
        while try orderRows.next() {
            stored.orders.customer.append(customerCode(&stored.customers, orderRows.text(OrderField.customerID.column)))
            stored.orders.timestamp.append(orderRows.int64(OrderField.ts.column))
            stored.orders.amountCents.append(orderRows.int64(OrderField.amountCents.column))
            stored.orders.discountCents.append(orderRows.int64(OrderField.discountCents.column))
            stored.orders.category.append(code(orderRows.text(OrderField.category.column), &categories))
        }
        stored.orders.categories = categories.strings

        var types = ByteStringTable(), channels = ByteStringTable()
        let eventRows = try RowReader(db, sql: "SELECT \(EventField.selection) FROM events WHERE ts <= ?", parameter: limit)
        while try eventRows.next() {
            stored.events.customer.append(customerCode(&stored.customers, eventRows.text(EventField.customerID.column)))
            stored.events.timestamp.append(eventRows.int64(EventField.ts.column))
            stored.events.type.append(code(eventRows.text(EventField.type.column), &types))
            stored.events.channel.append(code(eventRows.text(EventField.channel.column), &channels))
            stored.events.value.append(eventRows.double(EventField.value.column) ?? .nan)
        }
        (stored.events.types, stored.events.channels) = (types.strings, channels.strings)
        stored.customers.padToCount()
        return stored
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
