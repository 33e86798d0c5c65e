import Foundation
import GRDB
@testable import StrataStore
import Testing

/// While an import writes, the write-ahead log is copied into the database file beside the
/// writer, stays short, and ends copied in full.
@Suite struct BackgroundCheckpointsTests {
    func logSize(_ store: StrataStore) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: store.path + "-wal")[.size] as? Int) ?? 0
    }

    @Test func theLogStaysShortAndEndsCopiedIntoTheFile() throws {
        let dir = TempDir()
        let store = try StrataStore(path: dir.path + "/store.db")
        try store.write { try $0.execute(sql: "CREATE TABLE scratch (id INTEGER PRIMARY KEY, body BLOB NOT NULL)") }
        // The thread's own checkpoints (every minute here) are left out: what is checked is what
        // the writer's calls guarantee whenever the thread runs.
        let checkpoints = try BackgroundCheckpoints(store: store, interval: .seconds(60), logLimit: 1 << 20)
        // 60 transactions of about 400 KB, one after the other as an import's batches: 24 MB
        // in all, which the log would hold if it never started over.
        var longest = 0
        for _ in 0..<60 {
            try store.write { db in
                for _ in 0..<100 { try db.execute(sql: "INSERT INTO scratch (body) VALUES (randomblob(4000))") }
            }
            checkpoints.keepLogShort()
            longest = max(longest, logSize(store))
        }
        #expect(longest < 3 << 20, "the log reached \(longest) bytes")
        // One transaction past the limit on its own, then small ones: the writer waits once for
        // the large one, not after every later one (the log's file is cut back when it starts over).
        try store.write { db in
            for _ in 0..<1_000 { try db.execute(sql: "INSERT INTO scratch (body) VALUES (randomblob(4000))") }
        }
        checkpoints.keepLogShort()
        let waitsBefore = checkpoints.waits
        for _ in 0..<20 {
            try store.write { try $0.execute(sql: "INSERT INTO scratch (body) VALUES (randomblob(4000))") }
            checkpoints.keepLogShort()
        }
        #expect(checkpoints.waits - waitsBefore <= 1, "\(checkpoints.waits - waitsBefore) waits for 20 small transactions")
        try store.write { try $0.execute(sql: "INSERT INTO scratch (body) VALUES (randomblob(4000))") }
        try checkpoints.finish()
        #expect(try store.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA wal_autocheckpoint") } == 1000,
                "the writer's setting is back")
        #expect(try store.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA journal_size_limit") } == -1)
        // The database file alone, without the log, holds every row.
        try FileManager.default.copyItem(atPath: store.path, toPath: dir.path + "/file-only.db")
        let fileOnly = try DatabaseQueue(path: dir.path + "/file-only.db")
        #expect(try fileOnly.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM scratch") } == 7_021)
        #expect(try store.integrityCheck() == "ok")
    }
}
