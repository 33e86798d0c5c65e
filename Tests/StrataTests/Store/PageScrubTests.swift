import Foundation
import GRDB
import Testing
@testable import StrataCore
@testable import StrataStore

/// Scrubbing zeroes what deleted rows left in unused page space and nothing SQLite reads.
@Suite struct PageScrubTests {
    @Test func scrubbedPagesHoldTheSameRowsAndNoCopyOfTheDeletedOnes() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("scrub-\(UUID().uuidString).db").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let queue = try DatabaseQueue(path: path)
        var generator = SeededRandom(seed: 5)
        // Rows in random key order, so pages split and rebuild, then a third of them deleted.
        let keys = (0..<20_000).map { _ in String(generator.next() % 1_000_000_000) }
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID; CREATE INDEX t_v ON t (v)")
            for (i, key) in keys.enumerated() {
                try db.execute(sql: "INSERT OR IGNORE INTO t VALUES (?, ?)", arguments: [key, (i % 3 == 0 ? "gone-" : "kept-") + key])
            }
            try db.execute(sql: "DELETE FROM t WHERE v LIKE 'gone-%'")
        }
        let before = try queue.read { try Row.fetchAll($0, sql: "SELECT * FROM t ORDER BY k") }
        let pageSize = try queue.read { try Int.fetchOne($0, sql: "PRAGMA page_size") } ?? 4096
        try queue.close()

        let rewritten = try PageScrub.scrub(path: path, pageSize: pageSize, needle: Array("gone-".utf8))
        #expect(rewritten > 0, "page rebuilds (and, where secure_delete is off, the deletes) leave copies of rows in unused space")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.withUnsafeBytes { !PageScrub.contains($0, Array("gone-".utf8)) })

        let reopened = try DatabaseQueue(path: path)
        #expect(try reopened.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") } == ["ok"])
        #expect(try reopened.read { try Row.fetchAll($0, sql: "SELECT * FROM t ORDER BY k") } == before)
        #expect(try PageScrub.scrub(path: path, pageSize: pageSize, needle: Array("gone-".utf8)) == 0)
    }

    @Test func pagesThatAreNotBTreePagesAreLeftAlone() {
        var page = [UInt8](repeating: 0x41, count: 4096)
        page[0] = 0 // an overflow or free-list page starts with a page number
        #expect(PageScrub.unusedRanges(page, headerAt: 0, usableSize: 4096) == nil)
        page[0] = 13; page[3] = 0; page[4] = 1; page[5] = 0x0F; page[6] = 0x00 // one cell, content from 3840
        page[8] = 0x0F; page[9] = 0x00
        page[1] = 0; page[2] = 0
        #expect(PageScrub.unusedRanges(page, headerAt: 0, usableSize: 4096) == [10..<3840])
        page[8] = 0x00; page[9] = 0x05 // a cell pointer into the header: not a well-formed page
        #expect(PageScrub.unusedRanges(page, headerAt: 0, usableSize: 4096) == nil)
    }
}
