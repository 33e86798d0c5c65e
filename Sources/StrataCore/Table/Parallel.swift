import Dispatch
import Foundation

/// Runs independent pieces of work on all cores and collects their results in order.
///
/// Results never depend on thread timing nor on the number of cores: work is cut by its size
/// alone (``ranges(_:minimumSize:)``), piece `i` always lands at index `i`, and reductions add
/// the pieces in index order.
package enum Parallel {
    /// A fixed number of worker threads for the current task (tests compare 1 with 8); nil: the
    /// system decides, up to the number of cores.
    @TaskLocal package static var workerLimit: Int?

    /// For work running beside its caller: one worker until the caller waits for it, then every
    /// core (nil: no such limit). ``workerLimit`` comes first.
    @TaskLocal package static var allowance: WorkerAllowance?

    /// The limit in force now: the task's ``workerLimit``, else its ``allowance``'s (nil: none).
    package static var currentLimit: Int? { workerLimit ?? allowance?.limit }

    /// Worker threads: the cores, or the task's limit. Only for sizing work whose result does
    /// not depend on how it is split (e.g. the shards of an exact hash set).
    package static var workers: Int { currentLimit ?? cores }

    /// The cores this process may use, read once (on Linux each read goes to the cgroup files).
    package static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// The most pieces independent per-row work is cut into.
    package static let maximumPieces = 256

    /// The most pieces a floating-point reduction is cut into. The sum of the pieces depends on
    /// the cut, so the cut is fixed: 8 pieces, the cut two cores made before it was fixed, so
    /// results stay what they were.
    package static let maximumReductionPieces = 8

    /// Calls `body(i)` for `i` in `0..<count`, concurrently, and returns the results in index order.
    package static func map<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
        guard count > 1 else { return count == 1 ? [body(0)] : [] }
        let limit = currentLimit.map { max(1, min($0, count)) }
        if limit == 1 { return (0..<count).map(body) }
        let buffer = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        buffer.initialize(repeating: nil)
        defer {
            _ = buffer.deinitialize()
            buffer.deallocate()
        }
        // Each index writes only its own element, and `concurrentPerform` returns only after
        // every piece finished: the buffer and the body are shared safely for that span.
        nonisolated(unsafe) let results = buffer
        nonisolated(unsafe) let work = body
        if let limit {
            // Worker w takes pieces w, w + limit, w + 2·limit, …
            DispatchQueue.concurrentPerform(iterations: limit) { worker in
                for index in stride(from: worker, to: count, by: limit) { results[index] = work(index) }
            }
        } else {
            DispatchQueue.concurrentPerform(iterations: count) { index in
                results[index] = work(index)
            }
        }
        return buffer.map { $0! }
    }

    /// `body(i)` for every `i` in `0..<count`, computed over ``ranges(_:minimumSize:)`` concurrently, in index order.
    package static func mapEach<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
        let pieces = ranges(count)
        return map(pieces.count) { pieces[$0].map(body) }.flatMap { $0 }
    }

    /// Splits `0..<total` into contiguous ranges of at least `minimumSize` (at most
    /// ``maximumPieces``) for work whose result per row does not depend on the cut; the cut
    /// depends on `total` alone.
    package static func ranges(_ total: Int, minimumSize: Int = 4096) -> [Range<Int>] {
        split(total, pieces: max(1, min(maximumPieces, total / max(1, minimumSize))))
    }

    /// The ranges of a floating-point reduction whose pieces are added in order: at most
    /// ``maximumReductionPieces``, the cut depending on `total` alone.
    package static func reductionRanges(_ total: Int, minimumSize: Int) -> [Range<Int>] {
        split(total, pieces: max(1, min(maximumReductionPieces, total / max(1, minimumSize))))
    }

    private static func split(_ total: Int, pieces: Int) -> [Range<Int>] {
        (0..<pieces).map { i in (total * i / pieces)..<(total * (i + 1) / pieces) }
    }

    /// `indices.map { source[Int($0)] }`, filled in parallel (each piece writes its own range).
    /// Inlinable, and specialized for the common column types for callers in other modules, which
    /// the optimizer leaves calling the generic version (unspecialized, every element is copied
    /// through the type's value witness: a third of the store's column copy went there).
    @inlinable
    @_specialize(exported: true, where T == Int32)
    @_specialize(exported: true, where T == Int64)
    @_specialize(exported: true, where T == Double)
    @_specialize(exported: true, where T == String)
    package static func gather<T>(_ source: [T], at indices: [Int32]) -> [T] {
        let pieces = ranges(indices.count, minimumSize: 1 << 16)
        return [T](unsafeUninitializedCapacity: indices.count) { buffer, initialized in
            // Pieces write disjoint ranges, and `map` returns only after every piece finished.
            nonisolated(unsafe) let out = buffer
            _ = map(pieces.count) { piece in
                source.withUnsafeBufferPointer { source in
                    indices.withUnsafeBufferPointer { indices in
                        for i in pieces[piece] { (out.baseAddress! + i).initialize(to: source[Int(indices[i])]) }
                    }
                }
            }
            initialized = indices.count
        }
    }

    /// A column in a new row order (``gather(_:at:)``); an optional column left empty stays empty.
    @inlinable
    package static func gathered<T>(_ column: [T], _ rows: [Int32]) -> [T] {
        column.count == rows.count ? gather(column, at: rows) : column
    }

    /// Sums the `width`-long vectors `body` returns for ranges of `0..<count`, in parallel when
    /// there are many rows, adding the ranges in order.
    package static func sum(_ count: Int, width: Int, _ body: (Range<Int>) -> [Double]) -> [Double] {
        let pieces = reductionRanges(count, minimumSize: 16_384)
        var total = [Double](repeating: 0, count: width)
        for part in map(pieces.count, { body(pieces[$0]) }) {
            for k in 0..<width { total[k] += part[k] }
        }
        return total
    }
}

/// One worker for work that runs beside its caller, until ``lift()``: every core then, from the
/// next parallel step on (``Parallel/allowance``). A caller that waits for the work lifts it, so
/// the cores it leaves idle take part.
package final class WorkerAllowance: @unchecked Sendable {
    private let lock = NSLock()
    // Read and written under the lock.
    private var lifted = false

    package init() {}

    package func lift() { lock.withLock { lifted = true } }

    /// 1 until lifted, then nil (no limit).
    var limit: Int? { lock.withLock { lifted } ? nil : 1 }
}
