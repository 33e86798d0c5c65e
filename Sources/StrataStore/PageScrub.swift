import Foundation
import StrataCore

/// Zeroes the unused bytes of the database file's B-tree pages in which a byte string occurs.
///
/// `secure_delete` zeroes a deleted row where it lies. But when SQLite rebuilds a page (a B-tree
/// balance moves its cells), the bytes the cells left stay in the page's unused space, so a row
/// can leave stale copies behind that no delete reaches. Erasure scrubs them: in every page of
/// the file that holds the customer's id, the gap between the cell pointers and the cells, and
/// the body of every free block, are set to zero. SQLite never reads those bytes (the file
/// format leaves them unspecified), so the page means what it meant before.
///
/// The caller holds the database's write lock with the write-ahead log empty, so the file is the
/// whole database and no writer can change it meanwhile, then commits a change through SQLite so
/// every other connection drops the pages it has cached.
package enum PageScrub {
    /// Bytes read at once while searching.
    static let block = 8 << 20

    /// Scrubs the pages of the file at `path` that contain `needle`; returns how many it rewrote.
    package static func scrub(path: String, pageSize: Int, needle: [UInt8]) throws(StoreError) -> Int {
        guard !needle.isEmpty, pageSize >= 512, block % pageSize == 0 else { return 0 }
        let descriptor = open(path, O_RDWR)
        guard descriptor >= 0 else { throw StoreError.database(path: path, message: "cannot open to scrub: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let size = Int(lseek(descriptor, 0, SEEK_END))
        let blocks = (size + block - 1) / block
        let pages = Parallel.map(blocks) { b -> [Int] in
            let start = b * block
            var bytes = [UInt8](repeating: 0, count: min(block, size - start))
            let read = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(start)) }
            guard read == bytes.count else { return [] }
            return bytes.withUnsafeBytes { bytes in
                stride(from: 0, to: bytes.count, by: pageSize).filter { offset in
                    contains(UnsafeRawBufferPointer(rebasing: bytes[offset..<min(bytes.count, offset + pageSize)]), needle)
                }.map { (start + $0) / pageSize }
            }
        }.flatMap { $0 }
        var usable = pageSize
        if size >= 100 {
            var reserved: UInt8 = 0
            _ = pread(descriptor, &reserved, 1, 20)
            usable -= Int(reserved)
        }
        var rewritten = 0
        for number in pages {
            var page = [UInt8](repeating: 0, count: pageSize)
            guard page.withUnsafeMutableBytes({ pread(descriptor, $0.baseAddress, pageSize, off_t(number * pageSize)) }) == pageSize,
                  let unused = unusedRanges(page, headerAt: number == 0 ? 100 : 0, usableSize: usable) else { continue }
            // Only a copy that reaches into unused space is stale: the id inside live cells (a
            // longer id that starts with it, another row's value) is left as it is.
            let stale = unused.contains { range in
                guard !range.isEmpty else { return false }
                let around = max(0, range.lowerBound - needle.count + 1)..<min(pageSize, range.upperBound + needle.count - 1)
                return page[around].withUnsafeBytes { contains($0, needle) }
            }
            guard stale else { continue }
            for range in unused { page.replaceSubrange(range, with: repeatElement(0, count: range.count)) }
            guard page.withUnsafeBytes({ pwrite(descriptor, $0.baseAddress, pageSize, off_t(number * pageSize)) }) == pageSize else {
                throw StoreError.database(path: path, message: "cannot scrub page \(number + 1): \(String(cString: strerror(errno)))")
            }
            rewritten += 1
        }
        if rewritten > 0, fsync(descriptor) != 0 {
            throw StoreError.database(path: path, message: "cannot sync the scrubbed pages: \(String(cString: strerror(errno)))")
        }
        return rewritten
    }

    /// Whether `needle` occurs in `bytes`.
    static func contains(_ bytes: UnsafeRawBufferPointer, _ needle: [UInt8]) -> Bool {
        guard let base = bytes.baseAddress, needle.count <= bytes.count else { return false }
        let last = bytes.count - needle.count
        var at = 0
        while at <= last, let found = memchr(base + at, Int32(needle[0]), last - at + 1) {
            at = UnsafeRawPointer(found) - base
            if needle.withUnsafeBytes({ memcmp(found, $0.baseAddress!, needle.count) }) == 0 { return true }
            at += 1
        }
        return false
    }

    /// The unused byte ranges of a B-tree page whose header starts at `headerAt` (100 on the
    /// first page): the gap between the cell pointer array and the cell content area, and each
    /// free block past its 4-byte link and size. Nil when the page is not a well-formed B-tree
    /// page (an overflow, free-list or pointer-map page), which is then left as it is.
    package static func unusedRanges(_ page: [UInt8], headerAt h: Int, usableSize: Int) -> [Range<Int>]? {
        func u16(_ at: Int) -> Int { Int(page[at]) << 8 | Int(page[at + 1]) }
        guard page.count >= usableSize, usableSize > h + 12 else { return nil }
        let headerSize: Int
        switch page[h] {
        case 10, 13: headerSize = 8
        case 2, 5: headerSize = 12
        default: return nil
        }
        let cells = u16(h + 3)
        let contentStart = u16(h + 5) == 0 ? 65_536 : u16(h + 5)
        let pointersEnd = h + headerSize + 2 * cells
        guard pointersEnd <= contentStart, contentStart <= usableSize else { return nil }
        for i in 0..<cells {
            let cell = u16(h + headerSize + 2 * i)
            guard cell >= contentStart, cell < usableSize else { return nil }
        }
        var ranges = [pointersEnd..<contentStart]
        var free = u16(h + 1)
        while free != 0 {
            guard free >= contentStart, free + 4 <= usableSize else { return nil }
            let next = u16(free), size = u16(free + 2)
            guard size >= 4, free + size <= usableSize, next == 0 || next >= free + size else { return nil }
            ranges.append((free + 4)..<(free + size))
            free = next
        }
        return ranges
    }
}
