import Foundation

/// Work that runs on a thread of its own from the moment it is made, while the caller goes on;
/// ``value`` waits for its result. An import prepares the next table and the copy of the columns
/// this way while SQLite, on one core, stores the rows before them; an analysis fits the
/// lifetime models this way while it labels the segments.
package final class BackgroundWork<Value: Sendable>: @unchecked Sendable {
    private let finished = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    // Written once by the work's thread, under the lock, before `finished` is signalled.
    private var result: Value?
    private let allowance = WorkerAllowance()

    /// Starts `body` on a thread of its own. A caller under a limit of workers
    /// (``Parallel/currentLimit``: a test's, the live service's, or work that yields itself)
    /// runs it at once, on its own thread: a thread of its own would be one worker more.
    /// `yielding`: the work runs on its thread alone (one worker, ``Parallel/allowance``) at a
    /// lower priority, so the caller keeps its core and the work takes what the caller leaves,
    /// until the caller waits for it (``value``).
    package init(yielding: Bool = false, _ body: @escaping @Sendable () -> Value) {
        guard Parallel.currentLimit == nil else {
            result = body()
            finished.signal()
            return
        }
        let thread = Thread { [self] in
            // On Linux a thread's nice value is its own; 0 names the calling thread.
            if yielding { setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10) }
            let value = Parallel.$allowance.withValue(yielding ? allowance : nil) { body() }
            lock.withLock { result = value }
            finished.signal()
        }
        // Sorting and gathering millions of rows wants more than a secondary thread's default stack.
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The work's result, once it finished. A caller that has to wait lends its core: the
    /// work's next parallel steps run on every core.
    package var value: Value {
        allowance.lift()
        return valueWithoutHelping
    }

    /// The work's result, for a caller that waits for it while other work needs the cores: the
    /// work keeps to one worker.
    package var valueWithoutHelping: Value {
        finished.wait()
        finished.signal()  // for the next caller
        return lock.withLock { result! }
    }
}
