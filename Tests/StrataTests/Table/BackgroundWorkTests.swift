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

    @Test func workKeepsItsCallersWorkerLimit() {
        let work = Parallel.$workerLimit.withValue(3) { BackgroundWork { Parallel.workers } }
        #expect(work.value == 3)
    }

    @Test func aCallerLimitedToOneWorkerRunsTheWorkItself() {
        let caller = pthread_self()
        let work = Parallel.$workerLimit.withValue(1) { BackgroundWork { pthread_equal(pthread_self(), caller) != 0 } }
        #expect(work.value)
    }
}
