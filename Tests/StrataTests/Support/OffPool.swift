import Dispatch

/// Runs heavy test work (whole analyses, engine runs) on a thread of its own instead of Swift's
/// cooperative pool, which has one thread per core: on a 2-core machine two such tests would
/// otherwise hold the whole pool for seconds, and the servers other tests start beside them —
/// whose request handlers run on that pool — would stop answering.
func offPool<T: Sendable>(_ body: () async throws -> T) async throws -> T {
    try await withTaskExecutorPreference(OwnQueueExecutor()) { try await body() }
}

/// A task executor running its jobs one after another on a dispatch queue of its own.
private final class OwnQueueExecutor: TaskExecutor {
    private let queue = DispatchQueue(label: "strata.tests.off-pool")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
