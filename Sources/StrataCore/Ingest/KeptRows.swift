/// The rows of per-chunk columns to keep (those whose code is not negative), counted once for
/// every column taken through it.
package struct KeptRows {
    private let codes: [[Int32]]
    /// Where each chunk's kept rows start among all, then how many are kept.
    private let starts: [Int]

    package init(_ codes: [[Int32]]) {
        self.codes = codes
        var starts = [0]
        for count in Parallel.map(codes.count, { c in codes[c].reduce(0) { $0 + ($1 >= 0 ? 1 : 0) } }) {
            starts.append(starts[starts.count - 1] + count)
        }
        self.starts = starts
    }

    /// A per-chunk column's kept rows, chunk after chunk, each value passed through `transform`
    /// with its chunk; copied in parallel. Each chunk's column is an `Array` or an ``AppendColumn``.
    package func column<C: Collection>(_ columns: [C], _ transform: (_ chunk: Int, C.Element) -> C.Element = { $1 }) -> [C.Element] {
        let total = starts[starts.count - 1]
        return [C.Element](unsafeUninitializedCapacity: total) { buffer, initialized in
            // Chunks write disjoint ranges, and `map` returns only after every chunk finished.
            nonisolated(unsafe) let out = buffer
            _ = Parallel.map(codes.count) { c in
                var at = starts[c]
                columns[c].withContiguousElements { column in
                    codes[c].withUnsafeBufferPointer { codes in
                        for row in codes.indices where codes[row] >= 0 {
                            (out.baseAddress! + at).initialize(to: transform(c, column[row]))
                            at += 1
                        }
                    }
                }
            }
            initialized = total
        }
    }
}
