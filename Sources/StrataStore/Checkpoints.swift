import GRDB

extension StrataStore {
    /// Takes write-ahead-log checkpoints off the writer: commits stop copying the log into the
    /// database file themselves (SQLite's automatic checkpoint, which stalls the commit that
    /// runs it), and ``checkpoint()`` must then be called regularly — the live service does,
    /// every half second.
    public func checkpointElsewhere() throws(StoreError) {
        try writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
    }

    /// Copies the write-ahead log into the database file as far as open reads allow, on a
    /// connection of its own, so neither writers nor readers wait (a passive checkpoint). The
    /// log is reused from its start once every reader has moved past it.
    public func checkpoint() throws(StoreError) {
        try onCheckpointConnection { db in _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)") }
    }

    /// Runs `body` outside a transaction on the store's own connection for checkpoints (opened on first use).
    package func onCheckpointConnection<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            var result: T?
            try checkpointConnection.withLock { connection in
                if connection == nil {
                    var configuration = Configuration()
                    configuration.busyMode = .timeout(10)
                    connection = try DatabaseQueue(path: path, configuration: configuration)
                }
                result = try connection!.writeWithoutTransaction(body)
            }
            return result!
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database(path: path, message: "\(error)")
        }
    }
}
