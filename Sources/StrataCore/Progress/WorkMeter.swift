import Foundation

/// How far the step under way has got, for a progress bar: units of work done out of a known
/// total (bytes of a file, customers, snapshots) and the rows seen. A shell sets one for the
/// work it runs (``WorkMeter/current``); the library reports to it when there is one, from any
/// thread.
public final class WorkMeter: @unchecked Sendable {
    /// The meter of the running command, if it shows progress.
    @TaskLocal public static var current: WorkMeter?

    /// A reading of the meter.
    public struct Reading: Sendable {
        public var done = 0
        public var total = 0
        public var rows = 0
        /// The share done, when the total is known.
        public var fraction: Double? { total > 0 ? min(1, Double(done) / Double(total)) : nil }
    }

    private let lock = NSLock()
    private var state = Reading()

    public init() {}

    /// Starts measuring a new piece of work of `total` units (bytes of a file, customers, …).
    public func begin(total: Int) {
        lock.withLock { state = Reading(total: total) }
    }

    /// Adds work done (and rows seen).
    public func advance(by units: Int, rows: Int = 0) {
        lock.withLock {
            state.done += units
            state.rows += rows
        }
    }

    /// Forgets the work measured (a step whose amount is not known).
    public func reset() {
        lock.withLock { state = Reading() }
    }

    public var reading: Reading { lock.withLock { state } }
}
