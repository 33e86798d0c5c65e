/// Numbers customers, categories, event types, channels and attribute values in the byte order
/// of their names, whatever order the files had them in.
///
/// Every tie in Strata is broken by these codes (the top category, the preferred channel, the
/// most common attribute value), and every output lists customers by them; so with canonical
/// codes, a shuffled copy of the input gives the same output files (docs/features.md, "Ties").
extension Dataset {
    /// This data set with canonical codes, its orders and events grouped by customer in code
    /// order (``groupByCustomer(newCode:)``) unless `grouped` is false (they stay in file order). With
    /// `onlyCustomersWithRows` (customers registered from orders and events, not read from a
    /// customers file), a customer none of whose rows was kept — every row a duplicate or
    /// rejected — is dropped: customers exist only from kept rows.
    public func canonicallyOrdered(onlyCustomersWithRows: Bool = false, grouped: Bool = true) -> Dataset {
        var out = self
        out.orderCanonically(onlyCustomersWithRows: onlyCustomersWithRows, grouped: grouped)
        return out
    }

    /// ``canonicallyOrdered(onlyCustomersWithRows:grouped:)`` in place: when nothing else holds
    /// this data set's columns, each is replaced by its new one as that is made, so the old and
    /// new copies of a whole table are never in memory together.
    public mutating func orderCanonically(onlyCustomersWithRows: Bool = false, grouped: Bool = true) {
        var source = customers.ids
        var kept: [Int32]?  // new (kept-only) code → old code
        if onlyCustomersWithRows {
            var used = [Bool](repeating: false, count: customers.count)
            for c in orders.customer where c >= 0 { used[Int(c)] = true }
            for c in events.customer where c >= 0 { used[Int(c)] = true }
            if used.contains(false) {
                let survivors = used.indices.filter { used[$0] }.map(Int32.init)
                var table = ByteStringTable(capacity: survivors.count)
                for old in survivors { customers.ids.key(Int(old)).withUnsafeBufferPointer { _ = table.insert($0) } }
                source = table
                kept = survivors
            }
        }
        let (sorted, order) = Self.sortedTable(source)
        // old code → new code, through the kept-only numbering when customers were dropped.
        var newCode: [Int32]?
        if let kept {
            var map = [Int32](repeating: -1, count: customers.count)
            for (k, old) in kept.enumerated() { map[Int(old)] = order?[k] ?? Int32(k) }
            newCode = map
        } else {
            newCode = order
        }
        if let newCode {
            customers.ids = sorted
            var old = [Int32](repeating: 0, count: sorted.count)
            for (o, n) in newCode.enumerated() where n >= 0 { old[Int(n)] = Int32(o) }
            let signup = customers.signup
            customers.signup = old.map { signup[Int($0)] }
            for a in customers.attributes.indices {
                let codes = customers.attributes[a].codes
                customers.attributes[a].codes = old.map { codes[Int($0)] }
            }
            // Grouping writes the new codes itself.
            if !grouped {
                orders.customer = Self.remap(orders.customer, newCode)
                events.customer = Self.remap(events.customer, newCode)
            }
        }
        for a in customers.attributes.indices {
            var attribute = customers.attributes[a]
            Self.sortDictionary(&attribute.values, &attribute.codes)
            customers.attributes[a] = attribute
        }
        Self.sortDictionary(&orders.categories, &orders.category)
        Self.sortDictionary(&events.types, &events.type)
        Self.sortDictionary(&events.channels, &events.channel)
        if grouped { groupByCustomer(newCode: newCode) }
    }

    /// The table with its keys in byte order and each old code's new code; nil codes when the
    /// keys were in order already.
    package static func sortedTable(_ table: ByteStringTable) -> (ByteStringTable, [Int32]?) {
        let n = table.count
        // An 8-byte big-endian prefix orders most ids without touching their bytes again.
        let prefix = table.withKeys { bytes, ends in
            Parallel.mapEach(n) { code -> UInt64 in
                let start = code == 0 ? 0 : ends[code - 1]
                var value: UInt64 = 0
                var taken = 0
                for i in start..<min(ends[code], start + 8) { value = value << 8 | UInt64(bytes[i]); taken += 1 }
                return value << (8 * UInt64(8 - taken))
            }
        }
        func less(_ a: Int, _ b: Int) -> Bool {
            if prefix[a] != prefix[b] { return prefix[a] < prefix[b] }
            return table.key(a).lexicographicallyPrecedes(table.key(b))
        }
        guard (1..<max(n, 1)).contains(where: { !less($0 - 1, $0) }) else { return (table, nil) }
        // Ranges sorted on every core, then merged (no two keys are equal: the order is total).
        let ranges = Parallel.ranges(n, minimumSize: 1 << 16)
        var runs = Parallel.map(ranges.count) { ranges[$0].sorted(by: less) }
        while runs.count > 1 {
            runs = Parallel.map((runs.count + 1) / 2) { k in
                2 * k + 1 < runs.count ? Self.merged(runs[2 * k], runs[2 * k + 1], by: less) : runs[2 * k]
            }
        }
        let order = runs.first ?? []
        var newCode = [Int32](repeating: 0, count: n)
        for (position, old) in order.enumerated() { newCode[old] = Int32(position) }
        return (table.renumbered(order, newCode: newCode), newCode)
    }

    /// Two sorted runs as one.
    private static func merged(_ a: [Int], _ b: [Int], by less: (Int, Int) -> Bool) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count, j < b.count {
            if less(b[j], a[i]) { out.append(b[j]); j += 1 } else { out.append(a[i]); i += 1 }
        }
        out += a[i...]
        out += b[j...]
        return out
    }

    /// Codes replaced by their new codes (negative codes, "none", kept), in parallel.
    package static func remap(_ codes: [Int32], _ newCode: [Int32]) -> [Int32] {
        let ranges = Parallel.ranges(codes.count, minimumSize: 1 << 16)
        return [Int32](unsafeUninitializedCapacity: codes.count) { buffer, initialized in
            // Pieces write disjoint ranges, and `map` returns only after every piece finished.
            nonisolated(unsafe) let out = buffer
            _ = Parallel.map(ranges.count) { piece in
                for i in ranges[piece] {
                    let code = codes[i]
                    (out.baseAddress! + i).initialize(to: code < 0 ? code : newCode[Int(code)])
                }
            }
            initialized = codes.count
        }
    }

    /// Sorts a dictionary's values and recodes the column that points into it.
    package static func sortDictionary(_ values: inout [String], _ codes: inout [Int32]) {
        let order = values.indices.sorted { values[$0].utf8.lexicographicallyPrecedes(values[$1].utf8) }
        guard order != Array(values.indices) else { return }
        var newCode = [Int32](repeating: 0, count: values.count)
        for (position, old) in order.enumerated() { newCode[old] = Int32(position) }
        values = order.map { values[$0] }
        codes = remap(codes, newCode)
    }
}
