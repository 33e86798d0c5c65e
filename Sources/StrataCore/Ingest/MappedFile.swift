#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only memory map of a whole input file.
///
/// The map lives as long as this object; readers parse straight from the mapped bytes,
/// so a file is never copied into a `String` or `Data`. The map is private and writable:
/// unescaping a quoted field rewrites it in place in this process's copy-on-write pages,
/// never in the file on disk.
package final class MappedFile {
    package let path: String
    package let bytes: UnsafeMutableRawBufferPointer
    private let mapped: Bool

    package init(path: String) throws(IngestError) {
        self.path = path
        owned = nil
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw .cannotOpen(file: path, reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw .cannotOpen(file: path, reason: String(cString: strerror(errno)))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw .cannotOpen(file: path, reason: "not a regular file")
        }
        let size = Int(info.st_size)
        if size == 0 {
            bytes = UnsafeMutableRawBufferPointer(start: nil, count: 0)
            mapped = false
            return
        }
        guard let base = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            throw .cannotOpen(file: path, reason: String(cString: strerror(errno)))
        }
        _ = madvise(base, size, MADV_SEQUENTIAL)
        bytes = UnsafeMutableRawBufferPointer(start: base, count: size)
        mapped = true
    }

    /// A private copy of bytes received some other way (an API request body), read like a file
    /// named `name`.
    package init(copying data: [UInt8], name: String) {
        path = name
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(data.count, 1), alignment: 1)
        data.withUnsafeBytes { copy.copyMemory(from: $0) }
        bytes = UnsafeMutableRawBufferPointer(rebasing: copy[0..<data.count])
        mapped = false
        owned = copy
    }

    /// Gives the whole pages of a mapped file within `range` back to the system, once read:
    /// what was needed from them has been copied or hashed, so memory does not grow with the
    /// file's size. (A later read sees the file's original bytes again.)
    package func release(_ range: Range<Int>) {
        guard mapped, let base = bytes.baseAddress else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (range.lowerBound + page - 1) / page * page
        let end = range.upperBound / page * page
        guard end > start else { return }
        _ = madvise(base + start, end - start, MADV_DONTNEED)
    }

    /// The allocation of a copy (nil for a map).
    private let owned: UnsafeMutableRawBufferPointer?

    deinit {
        owned?.deallocate()
        if mapped, let base = bytes.baseAddress {
            munmap(base, bytes.count)
        }
    }
}
