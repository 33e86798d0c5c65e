import Foundation
import StrataCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the import manifest keeps about an input file to recognise it, unchanged, the next time:
/// its size, modification time, a hash of its bytes and of the settings it is read with.
public struct InputFileFacts: Sendable, Hashable {
    public var size: Int64
    /// Nanoseconds since 1970.
    public var modified: Int64
    public var contentHash: String
    public var configHash: String

    /// Reads the facts of the file at `path` (nil when it cannot be read).
    public static func read(path: String, configHash: String) -> InputFileFacts? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        #if os(Linux)
        let time = info.st_mtim
        #else
        let time = info.st_mtimespec
        #endif
        let modified = Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
        return InputFileFacts(size: Int64(info.st_size), modified: modified,
                              contentHash: StrataStore.contentHash(path), configHash: configHash)
    }

    /// Whether a completed import read a file with these same facts.
    func match(_ record: ImportRecord) -> Bool {
        record.status == .complete && record.fileSize == size && record.fileModified == modified
            && record.contentHash == contentHash && record.configHash == configHash
    }
}
