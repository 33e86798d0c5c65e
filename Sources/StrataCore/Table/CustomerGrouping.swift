/// Rows grouped by customer (compressed sparse rows): the rows of customer `c` are
/// `row(i)` for `i` in `offsets[c]..<offsets[c + 1]`, ordered by timestamp, ties by file order.
///
/// Built with a counting sort (linear, stable), then each customer's few rows are sorted by time
/// only when they are not already in order. Rows grouped already are kept as they are.
package struct CustomerGrouping: Sendable {
    package let offsets: [Int]
    /// The i-th grouped row; empty when the rows were grouped already (the i-th is row i).
    package let rows: [Int32]
    /// Each grouped row's timestamp, in grouped order, when asked for (`keepsTimestamps`); else empty.
    package let timestamps: [Int64]

    /// - Parameters:
    ///   - newCode: when given, `customer` holds codes of another numbering and `newCode[code]`
    ///     is each one's code here (-1 for a code no row has): the rows are grouped in the new
    ///     order without recoding the column first.
    ///   - keepsTimestamps: also keep the timestamps in grouped order (``timestamps``).
    package init(customer: [Int32], timestamp: [Int64], customerCount: Int, newCode: [Int32]? = nil, keepsTimestamps: Bool = false) {
        // Rows grouped already (a file written customer by customer, or a table the loader laid
        // out) group to themselves: one pass to see it instead of the sort.
        if newCode == nil, Self.isGrouped(customer, timestamp, customerCount: customerCount) {
            offsets = Self.groupOffsets(customer, customerCount: customerCount)
            rows = []
            timestamps = keepsTimestamps ? timestamp : []
            return
        }
        // The rows are cut into pieces, one a core (at most 8: each piece counts per customer).
        // Each piece counts its rows per customer, then writes them after the earlier pieces'
        // rows of the same customer: the order one pass over all rows gives, whatever the cut.
        let pieces = Parallel.ranges(customer.count, minimumSize: max(1 << 16, customer.count / min(Parallel.workers, 8)))
        let codeCount = newCode?.count ?? customerCount
        var cursors: [[Int32]] = Parallel.map(pieces.count) { piece in
            var counts = [Int32](repeating: 0, count: codeCount)
            counts.withUnsafeMutableBufferPointer { counts in
                customer.withUnsafeBufferPointer { customer in
                    for row in pieces[piece] { counts[Int(customer[row])] += 1 }
                }
            }
            return counts
        }
        // Customers in the order of the new numbering: the code each one has in `customer`.
        var oldCode: [Int32] = []
        if let newCode {
            // -1: a customer with no code in `customer` (no rows).
            oldCode = [Int32](repeating: -1, count: customerCount)
            for (old, new) in newCode.enumerated() where new >= 0 { oldCode[Int(new)] = Int32(old) }
        }
        var offsets = [Int](repeating: 0, count: customerCount + 1)
        var position = 0
        for c in 0..<customerCount {
            offsets[c] = position
            let code = newCode == nil ? c : Int(oldCode[c])
            guard code >= 0 else { continue }
            for piece in cursors.indices {
                let count = Int(cursors[piece][code])
                cursors[piece][code] = Int32(position)
                position += count
            }
        }
        oldCode = []
        offsets[customerCount] = position
        // Each old code is visited at most once; if every row's customer got a place, every row has one.
        precondition(position == customer.count, "every row's customer has a code of its own in the new numbering")
        // Every place is written once (each row goes to one place), so the array is not zeroed
        // first: its fresh pages are touched by the pieces, on every core.
        var rows = [Int32](unsafeUninitializedCapacity: customer.count) { rows, initialized in
            // Pieces write disjoint places, and `map` returns only after every piece finished.
            nonisolated(unsafe) let out = rows
            _ = Parallel.map(pieces.count) { piece in
                var cursor = cursors[piece]
                cursor.withUnsafeMutableBufferPointer { cursor in
                    customer.withUnsafeBufferPointer { customer in
                        for row in pieces[piece] {
                            let c = Int(customer[row])
                            (out.baseAddress! + Int(cursor[c])).initialize(to: Int32(row))
                            cursor[c] += 1
                        }
                    }
                }
            }
            initialized = customer.count
        }
        // Each grouped row's time, when kept: gathered once, so the order check below reads it
        // front to back instead of reading the ungrouped column at random.
        var times: [Int64] = keepsTimestamps ? Parallel.gather(timestamp, at: rows) : []
        let bounds = offsets
        let grouped = rows
        let groupedTimes = times
        @inline(__always) func time(_ i: Int) -> Int64 { keepsTimestamps ? groupedTimes[i] : timestamp[Int(grouped[i])] }
        let ranges = Parallel.ranges(customerCount)
        let sortedPieces: [[(start: Int, rows: [Int32])]] = Parallel.map(ranges.count) { piece in
            var fixes: [(start: Int, rows: [Int32])] = []
            for c in ranges[piece] where bounds[c + 1] - bounds[c] > 1 {
                let places = bounds[c]..<bounds[c + 1]
                guard places.dropFirst().contains(where: { time($0) < time($0 - 1) }) else { continue }
                fixes.append((places.lowerBound, places.sorted { (time($0), grouped[$0]) < (time($1), grouped[$1]) }.map { grouped[$0] }))
            }
            return fixes
        }
        for (start, sorted) in sortedPieces.joined() {
            rows.replaceSubrange(start..<(start + sorted.count), with: sorted)
            if keepsTimestamps {
                for (i, row) in sorted.enumerated() { times[start + i] = timestamp[Int(row)] }
            }
        }
        self.offsets = offsets
        self.rows = rows
        self.timestamps = times
    }

    /// Whether the rows are grouped already: customers in code order, each one's rows in time
    /// order (what the sort gives them, ties kept in file order). Each piece stops at its first
    /// row out of place.
    private static func isGrouped(_ customer: [Int32], _ timestamp: [Int64], customerCount: Int) -> Bool {
        let pieces = Parallel.ranges(customer.count, minimumSize: 1 << 16)
        return customer.withUnsafeBufferPointer { customer in
            timestamp.withUnsafeBufferPointer { timestamp in
                Parallel.map(pieces.count) { piece in
                    for i in pieces[piece] {
                        let c = customer[i]
                        guard c >= 0, Int(c) < customerCount else { return false }
                        guard i > 0 else { continue }
                        let previous = customer[i - 1]
                        if c < previous || c == previous && timestamp[i] < timestamp[i - 1] { return false }
                    }
                    return true
                }.allSatisfy { $0 }
            }
        }
    }

    /// Where each customer's rows start in a grouped customer column, then the row count.
    private static func groupOffsets(_ customer: [Int32], customerCount: Int) -> [Int] {
        var offsets = [Int](repeating: customer.count, count: customerCount + 1)
        var next = 0
        customer.withUnsafeBufferPointer { customer in
            for row in customer.indices {
                while next <= Int(customer[row]) {
                    offsets[next] = row
                    next += 1
                }
            }
        }
        return offsets
    }

    /// Whether every row is where it was (the i-th grouped row is row i).
    package var keepsRowOrder: Bool { rows.isEmpty }

    /// The i-th grouped row.
    @inline(__always)
    package func row(_ i: Int) -> Int { rows.isEmpty ? i : Int(rows[i]) }

    /// The customer of each grouped row, in grouped order: written from the offsets, not
    /// gathered row by row (ranges of customers on every core).
    package func customerOfEachRow() -> [Int32] {
        let ranges = Parallel.ranges(offsets.count - 1, minimumSize: 1 << 14)
        let count = offsets[offsets.count - 1]
        return [Int32](unsafeUninitializedCapacity: count) { buffer, initialized in
            // Ranges of customers write disjoint rows, and `map` returns only after every range finished.
            nonisolated(unsafe) let out = buffer
            _ = Parallel.map(ranges.count) { piece in
                for c in ranges[piece] {
                    for i in offsets[c]..<offsets[c + 1] { (out.baseAddress! + i).initialize(to: Int32(c)) }
                }
            }
            initialized = count
        }
    }
}
