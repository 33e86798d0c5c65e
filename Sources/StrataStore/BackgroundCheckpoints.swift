import Foundation
import GRDB

/// Copies the write-ahead log into the database file on a thread of its own while a long write
/// runs (an import), so that the writer's commits never copy it themselves.
///
/// An import writes each page twice: into the log, then from the log into the database file.
/// With SQLite's automatic checkpoint, the second copy runs inside the writer's commits, on
/// the writer's core. Here the writer only appends to the log (``StrataStore/checkpointElsewhere()``)
/// and this thread copies it every `interval` (a passive checkpoint, which never blocks the
/// writer).
///
/// The log starts over only at a transaction that began reading once a checkpoint had copied
/// all of it, and an import begins its next transaction as soon as it commits: the log would
/// grow by every row imported. So once it is longer than `logLimit`, the writer waits for a
/// checkpoint to copy the rest (``keepLogShort()``): the thread has copied all but the last
/// commits by then.
final class BackgroundCheckpoints: @unchecked Sendable {
    private let store: StrataStore
    private let logLimit: Int
    /// The writer's automatic checkpoint and log size settings before, restored by ``finish()``.
    private let previousLimit: Int
    private let previousSizeLimit: Int
    /// How many times the writer waited for a checkpoint (``keepLogShort()``; the writer's own count).
    private(set) var waits = 0
    private let stopRequested = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)

    init(store: StrataStore, interval: DispatchTimeInterval = .milliseconds(200), logLimit: Int = 256 << 20) throws(StoreError) {
        self.store = store
        self.logLimit = logLimit
        (previousLimit, previousSizeLimit) = try store.writeWithoutTransaction { db in
            let settings = (try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") ?? 1000,
                            try Int.fetchOne(db, sql: "PRAGMA journal_size_limit") ?? -1)
            // The log's file is cut back to the limit when the log starts over, so that its size
            // says how much the log holds (SQLite otherwise keeps the file at its largest).
            _ = try Int.fetchOne(db, sql: "PRAGMA journal_size_limit = \(logLimit)")
            return settings
        }
        try store.checkpointElsewhere()
        let thread = Thread { [self] in
            // A checkpoint that fails (the store busy for longer than its timeout) only leaves
            // the log longer until the next one; the rows are in the log either way.
            while stopRequested.wait(timeout: .now() + interval) == .timedOut {
                try? store.checkpoint()
            }
            stopped.signal()
        }
        thread.start()
    }

    /// Between two transactions of the writer: when the log is longer than the limit, copies
    /// the rest of it, so the next transaction starts it over. (A copy that fails leaves the log
    /// longer, not a row lost: the import goes on.)
    func keepLogShort() {
        let size = (try? FileManager.default.attributesOfItem(atPath: store.path + "-wal")[.size] as? Int) ?? 0
        guard size > logLimit else { return }
        waits += 1
        try? store.checkpoint()
    }

    /// Stops the thread, copies what the log still holds, and gives the writer back its
    /// automatic checkpoint setting. (The rows are committed whether or not that copy succeeds.)
    func finish() throws(StoreError) {
        stopRequested.signal()
        stopped.wait()
        try? store.checkpoint()
        try store.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(previousLimit)")
            _ = try Int.fetchOne(db, sql: "PRAGMA journal_size_limit = \(previousSizeLimit)")
        }
    }
}
