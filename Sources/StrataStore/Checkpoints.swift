import GRDB

extension StrataStore {
    /// Takes write-ahead-log checkpoints off the writer: commits stop copying the log into the
    /// database file themselves (SQLite's automatic checkpoint, which stalls the commit that
    /// runs it), and ``checkpoint()`` must then be called regularly — the live service does,
    /// every half second.
    public func checkpointElsewhere() throws(StoreError) {
        do { try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_autocheckpoint = 0") } } catch {
            throw .database(path: path, message: "\(error)")
        }
    }

    /// Copies the write-ahead log into the database file as far as open reads allow, on a
    /// connection of its own, so neither writers nor readers wait (a passive checkpoint). The
    /// log is reused from its start once every reader has moved past it.
    public func checkpoint() throws(StoreError) {
        do {
            try checkpointConnection.withLock { connection in
                if connection == nil {
                    var configuration = Configuration()
                    configuration.busyMode = .timeout(10)
                    connection = try DatabaseQueue(path: path, configuration: configuration)
                }
                try connection?.writeWithoutTransaction { db in _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)") }
            }
        } catch {
            throw .database(path: path, message: "\(error)")
        }
    }
}
