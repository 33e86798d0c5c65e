/// Reads an orders file into ``OrderColumns``.
///
/// Required columns: `customer_id`, `ts`. The amount is the `amount` column, else
/// `quantity × unit_price` (minus `discount`), else absent (every amount 0, ``OrderColumns/hasAmounts``
/// false). Optional `order_id` (lines of one order are summed; an exact repeat of a line is a
/// duplicate), `discount`, `category`, `currency`. Zero amounts are kept as orders; negative
/// amounts, and rows a `refunds` rule names, are kept as refunds (they lower revenue, they are
/// not purchases). Rows a `skip` rule names are counted under it and left out.
package struct OrdersReader {
    package let source: TextSource
    package let options: TableOptions
    package let currency: CurrencyOptions

    private struct Chunk {
        package var ledger: RowLedger
        /// The last date read.
        package var days = DayMemo()
        package var timestamp = AppendColumn<Int64>()
        package var cents = AppendColumn<Int64>()
        package var discount = AppendColumn<Int64>()
        package var category = AppendColumn<Int32>()
        package var categories = DictionaryCoder()
        package var currency = AppendColumn<Int32>()
        package var currencies = DictionaryCoder()
        /// Rows left out, per skip rule.
        package var skipped: [Int] = []
        /// Per kept row: a `refunds` rule named it.
        package var refund = AppendColumn<Bool>()
        /// Order ids of rows a skip rule left out, with the rule: the order's other lines go with them.
        package var skippedOrders: [(id: String, rule: Int)] = []
        /// Rows a `refunds` rule named in a file without amounts (left out: no purchase, no amount to subtract).
        package var refundsWithoutAmount = 0
    }

    /// An order line's amount and discount in the base currency, or why they cannot be.
    private enum Conversion {
        case converted(cents: Int64, discount: Int64, factor: Double)
        /// The line's currency (a merged dictionary code) has no rate.
        case unknownCurrency(code: Int)
        /// The amount (in its own currency) is too large once converted at `factor`.
        case tooLarge(cents: Int64, factor: Double)
    }

    /// One chunk's first lines of orders: per parsed row, the customer code (-1 for a row that is
    /// no first line or was rejected) and, when the file has a currency column, the amount,
    /// discount and currency factor once converted.
    private struct FirstLines {
        var rows: [Int32]
        /// Empty when the file has no currency column (the chunk's amounts are the base currency's).
        var cents: [Int64] = []
        var discount: [Int64] = []
        /// Empty when the file has no currency column (every factor is 1).
        var factor: [Double] = []
        var unknownCurrency = 0
        var tooLarge = 0
        /// Rows converted at a factor other than 1.
        var converted = 0
        var issues: [IngestIssue] = []
    }

    /// Where an order's amount comes from.
    private enum AmountSource {
        case column(Int)
        case product(quantity: Int, unitPrice: Int)
        case none
    }

    /// Reads, resolves customers and removes duplicates.
    /// - Parameters:
    ///   - customers: the customer table; looked up when `registerCustomers` is false, else extended.
    ///   - strict: stop at the first rejected row.
    /// - Parameter keepIDs: also return each kept row's own id (empty text when the file has no id column).
    /// - Parameter lookup: the customer ids to look rows up in when they are not registered
    ///   (made here from `customers` when not given; a loader reading several files makes it once).
    package func read(into customers: inout CustomerTable, registerCustomers: Bool, strict: Bool, keepIDs: Bool = false,
                      lookup known: KeyLookup? = nil)
        throws(IngestError) -> (OrderColumns, FileReport, [IngestIssue]) {
        var binding = try ColumnBinding(kind: .orders, columns: source.columns, options: options, file: source.name)
        guard let customerSlot = binding.slot("customer_id"), let tsSlot = binding.slot("ts") else {
            throw .missingColumns(file: source.name, missing: ["customer_id", "ts"], found: source.columns)
        }
        var columnsUsed = binding.mapping
        var warnings: [String] = []
        let amount: AmountSource
        let quantitySlot = binding.slot("quantity"), priceSlot = binding.slot("unit_price")
        if options.columns["amount"] == nil, let quantity = quantitySlot, let price = priceSlot {
            // Line items: each line's quantity × unit price, rather than an order-level total.
            amount = .product(quantity: quantity, unitPrice: price)
            columnsUsed["amount"] = "\(binding.slotNames[quantity]) × \(binding.slotNames[price])"
                + (binding.slot("discount").map { " − \(binding.slotNames[$0])" } ?? "")
            if let total = binding.slot("amount") {
                warnings.append("amount is quantity × unit price; the column '\(binding.slotNames[total])' is not used (map amount to it to use it instead)")
            }
        } else if let slot = binding.slot("amount") {
            amount = .column(slot)
            // Quantity and unit price feed nothing then.
            columnsUsed["quantity"] = nil
            columnsUsed["unit_price"] = nil
            if let quantity = binding.mapping["quantity"], binding.slotNames[slot].lowercased().contains("price") {
                warnings.append("amount is read from '\(binding.slotNames[slot])' while the file has a quantity column '\(quantity)': "
                                + "if that is a unit price, map unit_price to it instead of amount, and amount is quantity × unit price")
            }
        } else if quantitySlot == nil, let price = priceSlot {
            // A lone price column (no quantity) has long been read as the order's amount.
            amount = .column(price)
            columnsUsed["amount"] = binding.slotNames[price]
            columnsUsed["unit_price"] = nil
            warnings.append("amount is read from '\(binding.slotNames[price])' (there is no quantity column); map amount to it in the config to say so")
        } else {
            amount = .none
            warnings.append("no amount (nor quantity and unit price): orders count, spend is not known — no M score, spend model or CLV")
        }
        let skipRules = try BoundRowRules(options.skip, kind: "orders.skip", binding: &binding, columns: source.columns, file: source.name)
        let orderSkipRules = try BoundRowRules(options.skipOrders, kind: "orders.skip_orders", binding: &binding, columns: source.columns, file: source.name)
        let refundRules = try BoundRowRules(options.refunds, kind: "orders.refunds", binding: &binding, columns: source.columns, file: source.name)
        let idSlot = binding.slot("order_id")
        let discountSlot = binding.slot("discount")
        let categorySlot = binding.slot("category")
        let currencySlot = binding.slot("currency")
        let format = options.dateFormat, zone = options.timeZone
        // Numbers with a decimal comma are rewritten with a point first (``DecimalComma``).
        let comma = options.decimalComma
        func amountCents(_ field: UnsafeBufferPointer<UInt8>) -> Int64? {
            comma ? DecimalComma.withPointDecimal(field) { $0.flatMap(FieldParser.cents) } : FieldParser.cents(field)
        }
        func decimal(_ field: UnsafeBufferPointer<UInt8>) -> (units: Int64, scale: Int)? {
            comma ? DecimalComma.withPointDecimal(field) { $0.flatMap(FieldParser.exactDecimal) } : FieldParser.exactDecimal(field)
        }
        func number(_ point: String) -> String { comma ? point.replacingOccurrences(of: ".", with: ",") : point }
        let amountExample = comma ? "12,50 or 1.234,56 or -3 (decimal comma)" : "12.50 or -3"
        let plausible = PlausibleDates.range
        let file = source.name
        let lookup = registerCustomers ? nil : known ?? KeyLookup(customers.ids)

        let fields = binding.fields(in: source)
        let makeChunk = { (rows: Int) in
            // A line's fingerprint tells a repeated line from another line of the same order: only line items need it.
            var chunk = Chunk(ledger: RowLedger(file: file, lookup: lookup, fields: fields, keepsRecords: options.lineItems, expectedRows: rows, ownIDs: idSlot != nil,
                                                rejectedIDSlot: options.lineItems ? idSlot : nil),
                              skipped: [Int](repeating: 0, count: skipRules.count + orderSkipRules.count))
            chunk.timestamp.reserveCapacity(rows)
            chunk.refund.reserveCapacity(rows)
            chunk.cents.reserveCapacity(rows)
            chunk.discount.reserveCapacity(rows)
            chunk.category.reserveCapacity(rows)
            chunk.currency.reserveCapacity(rows)
            return chunk
        }
        let chunks = source.scan(slots: binding.slotNames, identifiers: [customerSlot] + (idSlot.map { [$0] } ?? []),
                                 makeChunk: makeChunk, finish: { $0.ledger.finishLookups() }) { chunk, row in
            chunk.ledger.rows += 1
            if chunk.ledger.rejectMalformed(row) { return }
            if let rule = skipRules.firstMatch(row) {
                chunk.skipped[rule] += 1
                return
            }
            if let rule = orderSkipRules.firstMatch(row) {
                chunk.skipped[skipRules.count + rule] += 1
                if let idSlot, let id = row.field(idSlot) {
                    chunk.skippedOrders.append((String(decoding: FieldParser.trimmed(id), as: UTF8.self), skipRules.count + rule))
                }
                return
            }
            let isRefund = !refundRules.isEmpty && refundRules.firstMatch(row) != nil
            if isRefund, case .none = amount {
                chunk.refundsWithoutAmount += 1
                return
            }
            guard let customerID = chunk.ledger.requiredID(row, slot: customerSlot, column: "customer_id") else { return }
            var orderID: UnsafeBufferPointer<UInt8>?
            if let idSlot {
                guard let id = chunk.ledger.requiredID(row, slot: idSlot, column: "order_id") else { return }
                orderID = id
            }
            if chunk.ledger.rejectMissing(row, slot: tsSlot, column: "ts") { return }
            guard let ts = row.field(tsSlot).flatMap({ FieldParser.timestamp($0, format: format, zone: zone, memo: &chunk.days) }) else {
                chunk.ledger.reject(.invalidDate, row: row, slot: tsSlot, expected: format.expectation)
                return
            }
            guard plausible.contains(ts) else {
                chunk.ledger.reject(.invalidDate, row: row, slot: tsSlot, expected: PlausibleDates.expectation)
                return
            }
            var discount: Int64 = 0
            if let discountSlot, let field = row.field(discountSlot), FieldParser.trimmed(field).count > 0 {
                guard let value = amountCents(field) else {
                    chunk.ledger.reject(.invalidNumber, row: row, slot: discountSlot, expected: "expected a discount amount such as \(number("5.00"))")
                    return
                }
                discount = value
            }
            var cents: Int64 = 0
            switch amount {
            case let .column(slot):
                if chunk.ledger.rejectMissing(row, slot: slot, column: "amount") { return }
                guard let value = row.field(slot).flatMap(amountCents) else {
                    chunk.ledger.reject(.invalidNumber, row: row, slot: slot, expected: "expected an amount such as \(amountExample), of at most \(FieldParser.largestAmountText)")
                    return
                }
                cents = value
            case let .product(quantitySlot, priceSlot):
                if chunk.ledger.rejectMissing(row, slot: quantitySlot, column: "quantity") { return }
                if chunk.ledger.rejectMissing(row, slot: priceSlot, column: "unit_price") { return }
                guard let quantity = row.field(quantitySlot).flatMap(decimal) else {
                    chunk.ledger.reject(.invalidNumber, row: row, slot: quantitySlot, expected: "expected a quantity such as 6 or -2 or \(number("0.5"))")
                    return
                }
                guard let price = row.field(priceSlot).flatMap(decimal) else {
                    chunk.ledger.reject(.invalidNumber, row: row, slot: priceSlot, expected: "expected a unit price such as \(number("2.55"))")
                    return
                }
                guard let product = FieldParser.productCents(quantity, price), product.magnitude <= FieldParser.largestCents,
                      case let (net, false) = product.subtractingReportingOverflow(discount) else {
                    chunk.ledger.reject(.invalidNumber, row: row, slot: quantitySlot,
                                        expected: "expected quantity × unit price of at most \(FieldParser.largestAmountText)")
                    return
                }
                cents = net
            case .none:
                break
            }

            var category: Int32 = -1
            if let categorySlot, let field = row.field(categorySlot) {
                let trimmed = FieldParser.trimmed(field)
                if trimmed.count > 0 { category = chunk.categories.code(trimmed) }
            }
            var currency: Int32 = -1
            if let currencySlot, let field = row.field(currencySlot) {
                let trimmed = FieldParser.trimmed(field)
                if trimmed.count > 0 { currency = chunk.currencies.code(trimmed) }
            }
            chunk.ledger.accept(row: row, customerID: customerID, customerSlot: customerSlot, ownID: orderID, ownSlot: idSlot)
            chunk.timestamp.append(ts)
            chunk.refund.append(isRefund)
            chunk.cents.append(cents)
            chunk.discount.append(discount)
            chunk.category.append(category)
            chunk.currency.append(currency)
        }

        let ledgers = chunks.map(\.chunk.ledger)
        let firstLines = chunks.map(\.firstLine)
        var issues = RowLedger.locatedIssues(ledgers, firstLines: firstLines)
        try RowLedger.checkRowCount(ledgers, file: file)
        let resolver = RowResolver(ledgers: ledgers, firstLines: firstLines, file: file, idName: "order_id",
                                   index: &customers.ids, registerCustomers: registerCustomers,
                                   customerField: fields[customerSlot], idField: idSlot.map { fields[$0] }, lineItems: options.lineItems)
        issues += resolver.issues
        // --strict stops at the first rejection in the file, whichever step found it.
        if strict, let first = issues.min(by: { $0.location.line < $1.location.line }) {
            throw .strictModeRejected(first)
        }

        let categories = mergeDictionaries(chunks.map(\.chunk.categories.table))
        let currencies = mergeDictionaries(chunks.map(\.chunk.currencies.table))
        let rates = try currencyFactors(currencies.strings, chunks: chunks.map(\.chunk), remaps: currencies.remaps)

        var columns = OrderColumns()
        columns.categories = categories.strings
        var notes: [String: Int] = [:]
        let accepted = rates.keys.map { currencies.strings[$0] }.sorted().joined(separator: ", ")
        // The field an amount too large once converted is named by (the unit price for line items).
        let amountField: FieldRef? = switch amount {
        case let .column(slot), let .product(_, slot): fields[slot]
        case .none: nil
        }
        let currencyColumns = chunks.map(\.chunk.currency)
        /// The row's amount and discount in the base currency; a line without a currency takes
        /// the factor `inherited`.
        func converted(_ c: Int, _ row: Int, inherited: Double = 1) -> Conversion {
            var factor = inherited
            let currency = currencyColumns[c][row]
            if currency >= 0 {
                let code = Int(currencies.remaps[c][Int(currency)])
                guard let rate = rates[code] else { return .unknownCurrency(code: code) }
                factor = rate
            }
            let cents = chunks[c].chunk.cents[row], discount = chunks[c].chunk.discount[row]
            guard factor != 1 else { return .converted(cents: cents, discount: discount, factor: 1) }
            let scaled = (Double(cents) * factor).rounded(), scaledDiscount = (Double(discount) * factor).rounded()
            guard abs(scaled) <= Double(FieldParser.largestOrderCents), abs(scaledDiscount) <= Double(FieldParser.largestOrderCents) else {
                return .tooLarge(cents: cents, factor: factor)
            }
            return .converted(cents: Int64(scaled), discount: Int64(scaledDiscount), factor: factor)
        }
        /// The issue a row whose conversion failed is rejected with.
        func rejection(_ conversion: Conversion, _ c: Int, _ row: Int) -> IngestIssue? {
            let line = Int(chunks[c].chunk.ledger.lines[row]) + firstLines[c] - 1
            switch conversion {
            case .converted:
                return nil
            case let .unknownCurrency(code):
                return IngestIssue(location: SourceLocation(file: file, line: line, column: 0, field: currencySlot.map { fields[$0] }),
                                   reason: .unknownCurrency, value: currencies.strings[code],
                                   expected: "expected one of \(accepted), or a rate for it under currency.rates in --config")
            case let .tooLarge(cents, factor):
                return IngestIssue(location: SourceLocation(file: file, line: line, column: 0, field: amountField),
                                   reason: .invalidNumber, value: String(Double(cents) / 100),
                                   expected: "expected an amount of at most 9,999,999,999,999.99 once converted at rate \(factor)")
            }
        }
        // A skip_orders rule leaves out whole orders: the other lines of an order one of whose lines
        // it named (e.g. a status written on the first line only) are skipped under the same rule.
        var keep = resolver.customers
        var skippedLines = chunks.map(\.chunk.skipped)
        var skippedOrder: [String: Int] = [:]
        for entry in chunks { for (id, rule) in entry.chunk.skippedOrders where skippedOrder[id] == nil { skippedOrder[id] = rule } }
        if !skippedOrder.isEmpty, idSlot != nil {
            for (c, entry) in chunks.enumerated() {
                let ledger = entry.chunk.ledger
                for row in keep[c].indices where keep[c][row] >= 0 {
                    guard let rule = skippedOrder[ledger.ownKeys.string(row)] else { continue }
                    keep[c][row] = -1
                    skippedLines[c][rule] += 1
                }
            }
        }
        // First lines (every row, without line items): one order each. Per chunk, in parallel: which
        // rows are first lines, and their amounts in the base currency (a row whose currency has no
        // rate, or whose amount is too large once converted, is rejected).
        let firstLinesByChunk: [FirstLines] = Parallel.map(chunks.count) { c in
            var lines = FirstLines(rows: keep[c])
            guard currencySlot != nil || !resolver.mergedInto.isEmpty else { return lines }
            if currencySlot != nil {
                lines.cents = Array(chunks[c].chunk.cents)
                lines.discount = Array(chunks[c].chunk.discount)
                lines.factor = [Double](repeating: 1, count: keep[c].count)
            }
            for row in lines.rows.indices where lines.rows[row] >= 0 {
                if !resolver.mergedInto.isEmpty, resolver.mergedInto[c][row] >= 0 {
                    lines.rows[row] = -1
                    continue
                }
                guard currencySlot != nil else { continue }
                let conversion = converted(c, row)
                guard case let .converted(cents, discount, factor) = conversion else {
                    lines.rows[row] = -1
                    if case .unknownCurrency = conversion { lines.unknownCurrency += 1 } else { lines.tooLarge += 1 }
                    if lines.issues.count < RowLedger.issueLimit * 2, let issue = rejection(conversion, c, row) { lines.issues.append(issue) }
                    continue
                }
                lines.cents[row] = cents
                lines.discount[row] = discount
                lines.factor[row] = factor
                if factor != 1 { lines.converted += 1 }
            }
            return lines
        }
        var unknownCurrency = 0, tooLarge = 0
        for lines in firstLinesByChunk {
            unknownCurrency += lines.unknownCurrency
            tooLarge += lines.tooLarge
            if lines.converted > 0 { notes["converted_currency", default: 0] += lines.converted }
            for issue in lines.issues where issues.count < RowLedger.issueLimit * 2 { issues.append(issue) }
        }
        let orderRows = firstLinesByChunk.map(\.rows)
        let keptOrders = KeptRows(orderRows)
        func kept<C: Collection>(_ values: [C], _ transform: (_ chunk: Int, C.Element) -> C.Element = { $1 }) -> [C.Element] {
            keptOrders.column(values, transform)
        }
        columns.customer = kept(orderRows)
        columns.timestamp = kept(chunks.map(\.chunk.timestamp))
        columns.amountCents = currencySlot == nil ? kept(chunks.map(\.chunk.cents)) : kept(firstLinesByChunk.map(\.cents))
        columns.discountCents = currencySlot == nil ? kept(chunks.map(\.chunk.discount)) : kept(firstLinesByChunk.map(\.discount))
        columns.category = kept(chunks.map(\.chunk.category)) { c, code in code >= 0 ? categories.remaps[c][Int(code)] : -1 }
        var refunds = kept(chunks.map(\.chunk.refund))
        if keepIDs {
            columns.ids = kept(chunks.indices.map { c in
                let keys = chunks[c].chunk.ledger.ownKeys
                return (0..<orderRows[c].count).map { idSlot == nil ? "" : keys.string($0) }
            })
        }
        // Each first line's order (its position in the columns), and its currency factor, for the
        // further lines.
        var position: [[Int]] = []
        var factors: [Double] = []
        if !resolver.mergedInto.isEmpty {
            var next = 0
            position = orderRows.map { rows in
                rows.map { customer in
                    guard customer >= 0 else { return -1 }
                    defer { next += 1 }
                    return next
                }
            }
            factors = currencySlot == nil ? [Double](repeating: 1, count: columns.count) : kept(firstLinesByChunk.map(\.factor))
        }
        // Further lines of an order add to its first line: amount and discount summed (a line
        // without a currency in the order's), the earliest time, the first line's category (or the
        // first one a later line names). Lines whose order was dropped are dropped with it.
        var mergedLines = 0, droppedWithOrder = 0
        var repeats = RepeatedTotals(firstLines: columns.amountCents, measured: { if case .column = amount { true } else { false } }())
        if !resolver.mergedInto.isEmpty {
            for (c, entry) in chunks.enumerated() {
                let chunk = entry.chunk
                for (row, target) in resolver.mergedInto[c].enumerated() where target >= 0 && keep[c][row] >= 0 {
                    let order = position[Int(target >> 32)][Int(target & 0xFFFF_FFFF)]
                    guard order >= 0 else { droppedWithOrder += 1; continue }
                    let conversion = converted(c, row, inherited: factors[order])
                    guard case let .converted(cents, discount, factor) = conversion else {
                        if case .unknownCurrency = conversion { unknownCurrency += 1 } else { tooLarge += 1 }
                        if issues.count < RowLedger.issueLimit * 2, let issue = rejection(conversion, c, row) { issues.append(issue) }
                        continue
                    }
                    if factor != 1 { notes["converted_currency", default: 0] += 1 }
                    guard case let (amount, false) = columns.amountCents[order].addingReportingOverflow(cents),
                          amount.magnitude <= FieldParser.largestOrderCents else { tooLarge += 1; continue }
                    mergedLines += 1
                    repeats.add(line: cents, to: order)
                    columns.amountCents[order] = amount
                    columns.discountCents[order] = columns.discountCents[order].addingReportingOverflow(discount).partialValue
                    columns.timestamp[order] = min(columns.timestamp[order], chunk.timestamp[row])
                    refunds[order] = refunds[order] || chunk.refund[row]
                    if columns.category[order] < 0, chunk.category[row] >= 0 {
                        columns.category[order] = categories.remaps[c][Int(chunk.category[row])]
                    }
                }
            }
        }
        if let warning = repeats.warning(column: binding.mapping["amount"] ?? "amount") { warnings.append(warning) }
        // A refunds rule makes the whole order a refund, whichever of its lines it named.
        for order in refunds.indices where refunds[order] { columns.amountCents[order] = -abs(columns.amountCents[order]) }
        let refundsWithoutAmount = chunks.reduce(0) { $0 + $1.chunk.refundsWithoutAmount }
        columns.hasAmounts = { if case .none = amount { return false } else { return true } }()
        for cents in columns.amountCents {
            if cents == 0, columns.hasAmounts { notes["zero_amount", default: 0] += 1 }
            if cents < 0 { notes["refunds", default: 0] += 1 }
        }
        // Earlier steps stopped at their first rejection already: what is left is the currency step's.
        if strict, unknownCurrency + tooLarge > 0, let first = issues.min(by: { $0.location.line < $1.location.line }) {
            throw .strictModeRejected(first)
        }
        var rejected = RowLedger.rejectedCounts(ledgers, unknownCustomers: resolver.unknownCustomers)
        if unknownCurrency > 0 { rejected[RejectReason.unknownCurrency.rawValue] = unknownCurrency }
        if resolver.conflicts > 0 { rejected[RejectReason.conflictingOrder.rawValue] = resolver.conflicts }
        if droppedWithOrder + resolver.withRejectedLine > 0 {
            rejected[RejectReason.orderRejected.rawValue] = droppedWithOrder + resolver.withRejectedLine
        }
        if tooLarge > 0 { rejected[RejectReason.invalidNumber.rawValue, default: 0] += tooLarge }
        var report = FileReport(file: file, table: .orders, rowsRead: ledgers.reduce(0) { $0 + $1.rows },
                                kept: columns.count, duplicates: resolver.duplicates,
                                rejectedByReason: rejected, notes: notes.merging(source.readingNotes, uniquingKeysWith: +), merged: mergedLines,
                                skippedByRule: BoundRowRules.counts(skippedLines, names: skipRules.names + orderSkipRules.names.map { "the order's " + $0 }).merging(
                                    refundsWithoutAmount > 0 ? ["refund without an amount (\(refundRules.names.joined(separator: "; ")))": refundsWithoutAmount] : [:]
                                ) { $0 + $1 })
        report.columns = columnsUsed
        report.warnings = warnings
        issues.sort { $0.location.line < $1.location.line }
        return (columns, report, issues)
    }

    /// Factor to the base currency per merged currency code; codes missing here are rejected.
    private func currencyFactors(_ codes: [String], chunks: [Chunk], remaps: [[Int32]]) throws(IngestError) -> [Int: Double] {
        guard !codes.isEmpty else { return [:] }
        var base = currency.base
        if base == nil {
            // The currency of the first order row that names one.
            for (c, chunk) in chunks.enumerated() {
                if let first = chunk.currency.first(where: { $0 >= 0 }) {
                    base = codes[Int(remaps[c][Int(first)])]
                    break
                }
            }
        }
        var factors: [Int: Double] = [:]
        for (code, name) in codes.enumerated() {
            if name.uppercased() == base?.uppercased() { factors[code] = 1 }
            else if let rate = currency.rates.first(where: { $0.key.uppercased() == name.uppercased() })?.value {
                factors[code] = rate
            }
        }
        return factors
    }
}
