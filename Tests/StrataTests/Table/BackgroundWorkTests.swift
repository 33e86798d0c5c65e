import Dispatch
import Foundation
import Testing
@testable import StrataCore

/// Work that yields to its caller (what an import runs beside SQLite) keeps to one worker while
/// the caller is busy, and gets every core once the caller waits for it.
@Suite struct BackgroundWorkTests {
    /// The worker count of yielding work once it started, and once it changed after its caller
    /// waited for it (or `patience` passed), the caller lending its core or not.
    static func workersWhileWaitedFor(lending: Bool, patience: TimeInterval) -> (before: Int, after: Int) {
        let started = DispatchSemaphore(value: 0)
        let work = BackgroundWork(yielding: true) {
            let before = Parallel.workers
            started.signal()
            let deadline = Date() + patience
            while Parallel.workers == before, Date() < deadline { usleep(1_000) }
            return (before, Parallel.workers)
        }
        started.wait()
        return lending ? work.value : work.valueWithoutHelping
    }

    @Test func aCallerThatWaitsLendsEveryCore() {
        let workers = Self.workersWhileWaitedFor(lending: true, patience: 5)
        #expect(workers.before == 1)
        #expect(workers.after == Parallel.cores)
    }

    @Test func workAnotherWorkWaitsForKeepsToOneWorker() {
        let workers = Self.workersWhileWaitedFor(lending: false, patience: 0.2)
        #expect(workers.before == 1)
        #expect(workers.after == 1)
    }

    @Test func workThatDoesNotYieldUsesEveryCoreFromTheStart() {
        let work = BackgroundWork { Parallel.workers }
        #expect(work.value == Parallel.cores)
    }

    /// A limit of workers counts threads: work started under one runs on the caller's thread.
    @Test(arguments: [1, 3])
    func aCallerUnderAWorkerLimitRunsTheWorkItself(limit: Int) {
        let caller = pthread_self()
        let work = Parallel.$workerLimit.withValue(limit) {
            BackgroundWork { (pthread_equal(pthread_self(), caller) != 0, Parallel.workers) }
        }
        #expect(work.value.0)
        #expect(work.value.1 == limit)
    }

    @Test func workStartedByYieldingWorkRunsOnItsThread() {
        let outer = BackgroundWork(yielding: true) { () -> Bool in
            let thread = pthread_self()
            return BackgroundWork { pthread_equal(pthread_self(), thread) != 0 }.value
        }
        #expect(outer.valueWithoutHelping)
    }
}
