import Foundation

/// What `strata init` finds in the first rows of an export: which table it is, how it is laid
/// out, which column feeds each field, how dates are written, whether orders come as line items,
/// and which rows look like cancellations, missing customers or non-product lines — each with the
/// reason it was concluded, for the user to check.
public struct DetectedTable: Sendable {
    public var file: String
    public var kind: TableKind
    public var options: TableOptions
    /// What was found and why, one line each.
    public var findings: [String]
}

/// Reads the start of delimited exports and proposes how to read them (`strata init`).
public enum ExportDetector {
    /// Rows read from the start of a file.
    public static let sampleRows = 5_000

    /// Known spellings of canonical columns in shop and ERP exports (lowercased), beyond the
    /// readers' own synonyms: Shopify, WooCommerce, Magento, UCI Online Retail I and II, and
    /// common German and French names.
    static let spellings: [String: [String]] = [
        "order_id": ["name", "order id", "order number", "increment_id", "invoice", "invoiceno", "bestellnummer", "rechnungsnummer",
                     "numéro de commande"],
        "customer_id": ["email", "customer email", "customer_email", "billing email", "customer user id", "customer id",
                        "kundennummer", "kunde", "client"],
        "ts": ["created at", "paid at", "order date", "date_created", "created_at", "invoicedate", "bestelldatum", "datum",
               "date de commande"],
        "amount": ["order total amount", "grand_total", "total", "betrag", "gesamtbetrag", "montant"],
        "quantity": ["lineitem quantity", "qty_ordered", "quantity", "menge", "quantité"],
        "unit_price": ["lineitem price", "item cost", "unitprice", "price", "einzelpreis", "prix unitaire"],
        "discount": ["discount amount", "cart discount amount", "discount_amount", "rabatt", "remise"],
        "category": ["lineitem sku", "stockcode", "sku", "category"],
        "currency": ["currency", "order currency", "currency_code", "währung"],
        "type": ["event_type", "event", "event_name", "action"],
    ]

    /// Stock codes of the UCI Online Retail logs and similar that are not goods.
    static let nonProductCodes = ["POST", "DOT", "D", "M", "C2", "BANK CHARGES", "CRUK", "PADS", "AMAZONFEE", "S", "B"]

    /// Date patterns tried in order when no named format reads every sampled value.
    static let patterns = [
        "M/d/yyyy H:mm", "M/d/yyyy H:mm:ss", "d/M/yyyy H:mm", "d/M/yyyy H:mm:ss", "M/d/yyyy", "d/M/yyyy",
        "dd/MM/yyyy HH:mm:ss", "dd/MM/yyyy HH:mm", "dd/MM/yyyy", "MM/dd/yyyy HH:mm:ss", "MM/dd/yyyy HH:mm", "MM/dd/yyyy",
        "d.M.yyyy H:mm:ss", "d.M.yyyy H:mm", "d.M.yyyy", "dd.MM.yyyy HH:mm:ss", "dd.MM.yyyy HH:mm", "dd.MM.yyyy",
        "yyyy/MM/dd HH:mm:ss", "yyyy/MM/dd", "M/d/yy H:mm", "d/M/yy", "M/d/yy",
    ]

    /// Proposes how to read `path`.
    public static func detect(path: String) throws(IngestError) -> DetectedTable {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .cannotOpen(file: path, reason: "no such file or not readable") }
        defer { try? handle.close() }
        var bytes = [UInt8]((try? handle.read(upToCount: 4 << 20)) ?? Data())
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard !bytes.isEmpty else { throw .emptyFile(file: path) }
        var findings: [String] = []
        let firstLine = bytes.prefix { $0 != 0x0A && $0 != 0x0D }
        let delimiter = [Delimiter.comma, .semicolon, .tab, .pipe].max { a, b in
            firstLine.filter { $0 == a.byte }.count < firstLine.filter { $0 == b.byte }.count
        } ?? .comma
        let rows = records(&bytes, delimiter: delimiter)
        guard let header = rows.first, rows.count > 1 else { throw .emptyFile(file: path) }
        let data = Array(rows.dropFirst())
        findings.append("delimiter '\(delimiter == .tab ? "\\t" : String(UnicodeScalar(delimiter.byte)))' (the most frequent in the header line), "
                        + "a header row, \(header.count) columns; \(data.count) rows read to decide")
        func values(_ column: String) -> [String] {
            guard let i = header.firstIndex(of: column) else { return [] }
            return data.map { i < $0.count ? $0[i].trimmingCharacters(in: .whitespaces) : "" }
        }

        // Columns: the readers' spellings first, then the exports' own.
        var mapping: [String: String] = [:]
        let lowered = header.map { $0.lowercased() }
        func find(_ canonical: String, _ extra: [String]) -> String? {
            for name in extra { if let i = lowered.firstIndex(of: name), !mapping.values.contains(header[i]) { return header[i] } }
            return nil
        }
        // Events name an event type; orders an amount, price, quantity or order id; the rest are customers.
        let kind: TableKind = {
            let names = Set(lowered)
            if !names.isDisjoint(with: ["type", "event_type", "event", "event_name", "action"]) { return .events }
            let orderish = Set(["amount", "order_id", "order_total", "line_total", "dollar_value", "revenue"]
                               + (spellings["amount"] ?? []) + (spellings["quantity"] ?? []) + (spellings["unit_price"] ?? [])
                               + (spellings["order_id"] ?? []).filter { $0 != "name" } + ["invoice_no", "invoice_id", "transaction_id"])
            if !names.isDisjoint(with: orderish) { return .orders }
            // A date and no customer attributes beyond it: a log of purchases (customer ids and dates).
            return header.count <= 3 && lowered.contains(where: { ["date", "ts", "timestamp", "order_date"].contains($0) }) ? .orders : .customers
        }()
        // Shopify repeats an order's `Name` on every line item; its `Id` may stand on the first line only.
        let lineItemExport = lowered.contains { $0.hasPrefix("lineitem") }
        for column in kind.columns {
            var extra = column.synonyms + (spellings[column.name] ?? [])
            if column.name == "order_id", lineItemExport { extra.insert("name", at: 0) }
            if let found = find(column.name, extra) { mapping[column.name] = found }
        }
        if kind == .orders, mapping["amount"] != nil, mapping["quantity"] != nil, mapping["unit_price"] != nil {
            // Line items: each line's quantity × price, not an order-level total.
            findings.append("amount: \(mapping["quantity"]!) × \(mapping["unit_price"]!) per line ('\(mapping["amount"]!)' looks like an order total, not used)")
            mapping["amount"] = nil
        } else if kind == .orders, let q = mapping["quantity"], let p = mapping["unit_price"] {
            findings.append("amount: \(q) × \(p) (a quantity and a unit price, no amount column)")
        } else if kind == .orders, mapping["amount"] == nil, mapping["unit_price"] == nil {
            findings.append("no amount, quantity or price column: orders count, spend is not known (no M score, spend model or CLV)")
        }
        for (canonical, column) in mapping.sorted(by: { $0.key < $1.key }) { findings.append("\(canonical) ← \(column)") }
        let missing = kind.columns.filter { $0.required && mapping[$0.name] == nil }.map(\.name)
        if !missing.isEmpty { findings.append("NOT FOUND: \(missing.joined(separator: ", ")) — map them under columns") }

        var options = TableOptions(layout: .delimited(delimiter, header: true), columns: mapping)
        if let ts = mapping[kind == .customers ? "signup_date" : "ts"] {
            let (format, note) = dateFormat(values(ts).filter { !$0.isEmpty })
            options.dateFormat = format
            findings.append("\(ts): \(note)")
        }
        if kind == .orders {
            if let id = mapping["order_id"] {
                let ids = values(id).filter { !$0.isEmpty }
                let distinct = Set(ids).count
                if distinct < ids.count { findings.append("line items: \(ids.count) lines for \(distinct) \(id) values in the sample; the lines of an order are summed") }
                let cancelled = ids.filter { $0.hasPrefix("C") && $0.dropFirst().allSatisfy(\.isNumber) && $0.count > 1 }
                if !cancelled.isEmpty, ids.contains(where: { $0.first?.isNumber == true }) {
                    options.refunds.append(RowRule(column: id, test: .prefix("C")))
                    findings.append("cancellations: \(cancelled.count) \(id) values start with C (e.g. \(cancelled[0])): taken as refunds")
                }
            }
            if let customer = mapping["customer_id"] {
                let empty = values(customer).filter(\.isEmpty).count
                if empty > 0 {
                    options.skip.append(RowRule(column: customer, test: .empty))
                    findings.append("\(empty) sampled row\(empty == 1 ? " has" : "s have") no \(customer): skipped (counted), not rejected")
                }
            }
            if let status = header.first(where: { ["financial status", "status", "order status"].contains($0.lowercased()) }) {
                let refunded = Set(values(status).filter { ["refunded", "cancelled", "canceled", "voided"].contains($0.lowercased()) })
                if !refunded.isEmpty {
                    // The export holds the order once: refunded, it was no purchase, and nothing was earned to subtract.
                    options.skipOrders.append(RowRule(column: status, test: .oneOf(refunded.sorted())))
                    findings.append("\(status) \(refunded.sorted().joined(separator: "/")): orders paid back in full, skipped (counted) — "
                                    + "they appear once, so they earned nothing to subtract")
                }
            }
            // The UCI logs' codes for postage, fees and adjustments: the whole known list, since the
            // sample may not hold them all; other exports' SKUs such as S or M can be real products.
            if let code = header.first(where: { ["stockcode", "stock code"].contains($0.lowercased()) }) {
                let present = Set(values(code).map { $0.uppercased() }).intersection(nonProductCodes)
                if !present.isEmpty {
                    options.skip.append(RowRule(column: code, test: .oneOf(nonProductCodes)))
                    findings.append("\(code) \(present.sorted().joined(separator: ", ")) in the sample: postage, fees and adjustments, not goods — "
                                    + "the UCI codes \(nonProductCodes.joined(separator: ", ")) are skipped (counted)")
                }
            }
        }
        return DetectedTable(file: path, kind: kind, options: options, findings: findings)
    }

    /// The format that reads every sampled value, with why; day/month order is decided from a
    /// value above 12, and said to be a choice when no value settles it.
    static func dateFormat(_ samples: [String]) -> (DateFormat, String) {
        guard !samples.isEmpty else { return (.auto, "no values to look at: dates read as ISO 8601, yyyyMMdd or epoch seconds") }
        func readable(_ format: DateFormat) -> Int {
            samples.filter { sample in
                var bytes = Array(sample.utf8)
                return bytes.withUnsafeMutableBufferPointer { FieldParser.timestamp(UnsafeBufferPointer($0), format: format) != nil }
            }.count
        }
        // The format that reads the most values (all but a tenth, or but one): the rest are bad dates,
        // rejected with their lines when the file is read.
        let candidates = [DateFormat.auto] + patterns.compactMap(DatePattern.init).map(DateFormat.pattern)
        let scored = candidates.map { ($0, readable($0)) }
        guard let best = scored.max(by: { $0.1 < $1.1 }), best.1 > 0, best.1 >= samples.count - max(1, samples.count / 10) else {
            return (.auto, "NOT RECOGNISED (e.g. \(samples[0])): set date_format to its pattern, e.g. M/d/yyyy H:mm")
        }
        let unread = samples.count - best.1
        let bad = unread == 0 ? "" : "; \(unread) sampled value\(unread == 1 ? "" : "s") fit no date (rejected when read)"
        guard case let .pattern(chosen) = best.0 else { return (.auto, "ISO 8601, yyyyMMdd or epoch seconds (e.g. \(samples[0]))\(bad)") }
        let text = chosen.description
        let dayFirst = text.hasPrefix("d")
        guard !text.hasPrefix("y") else { return (.pattern(chosen), "\(chosen) (year, month, day)" + bad) }
        let swapped = scored.contains { format, count in
            guard case let .pattern(other) = format, count == best.1 else { return false }
            return other.description.hasPrefix(dayFirst ? "M" : "d")
        }
        let order = dayFirst ? "day first" : "month first"
        let settling = samples.first(where: Self.hasPartAbove12)
        let note = swapped || settling == nil
            ? "\(chosen) — AMBIGUOUS: no sampled value has a day above 12, so day and month order cannot be told; \(order) was chosen, check it"
            : "\(chosen) (\(order): \(settling!) settles it)"
        return (.pattern(chosen), note + bad)
    }

    static func hasPartAbove12(_ value: String) -> Bool {
        value.split(whereSeparator: { !$0.isNumber }).prefix(2).contains { (Int($0) ?? 0) > 12 && $0.count <= 2 }
    }

    /// The records of the first bytes (cut at the last whole line), as text fields.
    static func records(_ bytes: inout [UInt8], delimiter: Delimiter) -> [[String]] {
        if let last = bytes.lastIndex(of: 0x0A) { bytes.removeSubrange((last + 1)...) }
        return bytes.withUnsafeMutableBufferPointer { buffer -> [[String]] in
            guard let base = buffer.baseAddress else { return [] }
            // As wide as the widest sampled record (no column cap).
            var counter = DelimitedCursor(base: base, range: 0..<buffer.count, delimiter: delimiter, fieldToSlot: [], unescape: false)
            var probe = RowBuffer(slots: 1)
            var width = 1
            for _ in 0...sampleRows { guard counter.next(into: &probe) else { break }; width = max(width, probe.fieldCount) }
            var cursor = DelimitedCursor(base: base, range: 0..<buffer.count, delimiter: delimiter, fieldToSlot: Array(0..<width))
            var row = RowBuffer(slots: width)
            var rows: [[String]] = []
            while rows.count <= sampleRows, cursor.next(into: &row) {
                guard row.malformed == nil else { continue }
                rows.append((0..<min(row.fieldCount, width)).map { slot in
                    row.field(slot).map { String(decoding: $0, as: UTF8.self) } ?? ""
                })
            }
            return rows
        }
    }
}
