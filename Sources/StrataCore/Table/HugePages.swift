#if canImport(Glibc)
import Glibc
#endif

/// Backs large, randomly probed arrays (hash tables over millions of keys) with 2 MB pages.
///
/// A probe into a table of tens of megabytes misses the TLB on almost every access with 4 KB pages,
/// and a miss costs a page walk (two under a hypervisor). These are hints: where the kernel
/// declines or the system has no such call, the arrays work as before.
package enum HugePages {
    private static let size = 1 << 21
    /// Below this, an array fits the TLB's reach anyway.
    private static let worthwhile = 8 << 20

    /// An array of `count` copies of `value`, its memory advised for huge pages before it is touched.
    package static func array<T>(repeating value: T, count: Int) -> [T] {
        [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            advise(UnsafeMutableRawBufferPointer(buffer), collapse: false)
            buffer.initialize(repeating: value)
            initialized = count
        }
    }

    /// Moves an array already filled onto huge pages (for a table built once, then probed).
    package static func collapse<T>(_ array: inout [T]) {
        array.withUnsafeMutableBytes { advise($0, collapse: true) }
    }

    private static func advise(_ bytes: UnsafeMutableRawBufferPointer, collapse: Bool) {
        #if os(Linux)
        guard bytes.count >= worthwhile, let base = bytes.baseAddress else { return }
        let start = (Int(bitPattern: base) + size - 1) & ~(size - 1)
        let end = (Int(bitPattern: base) + bytes.count) & ~(size - 1)
        guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
        // MADV_COLLAPSE (Linux 6.1) and MADV_HUGEPAGE; the result is a hint's, ignored.
        _ = madvise(pointer, end - start, collapse ? 25 : MADV_HUGEPAGE)
        #endif
    }
}
