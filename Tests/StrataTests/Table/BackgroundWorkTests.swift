import Dispatch
import Foundation
import Testing
@testable import StrataCore

/// Work that yields to its caller (what an import runs beside SQLite) keeps to one worker while
/// the caller is busy, and gets every core once the caller waits for it.
@Suite struct BackgroundWorkTests {
    /// Work that reports its worker count, waits until it changes (or `patience` passes), then
    /// reports it again. `started` is signalled once the first count is read.
    static func watchingWorkers(started: DispatchSemaphore, patience: TimeInterval) -> BackgroundWork<(before: Int, after: Int)> {
        BackgroundWork(yielding: true) {
            let before = Parallel.workers
            started.signal()
            let deadline = Date() + patience
            while Parallel.workers == before, Date() < deadline { usleep(1_000) }
            return (before, Parallel.workers)
        }
    }

    @Test func aCallerThatWaitsLendsEveryCore() {
        let started = DispatchSemaphore(value: 0)
        let work = Self.watchingWorkers(started: started, patience: 5)
        started.wait()
        let workers = work.value
        #expect(workers.before == 1)
        #expect(workers.after == Parallel.cores)
    }

    @Test func workAnotherWorkWaitsForKeepsToOneWorker() {
        let started = DispatchSemaphore(value: 0)
        let work = Self.watchingWorkers(started: started, patience: 0.2)
        started.wait()
        let workers = work.valueWithoutHelping
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
