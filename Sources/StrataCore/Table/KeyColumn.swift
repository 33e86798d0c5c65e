/// A column of variable-length byte strings (ids) stored back to back, with each one's hash.
package struct KeyColumn {
    package private(set) var bytes = AppendColumn<UInt8>()
    package private(set) var ends = AppendColumn<Int>()
    package private(set) var hashes = AppendColumn<UInt64>()

    package var count: Int { ends.count }

    /// Reserves room for `count` keys of about 12 bytes.
    package mutating func reserve(_ count: Int) {
        bytes.reserveCapacity(count * 12)
        ends.reserveCapacity(count)
        hashes.reserveCapacity(count)
    }

    package mutating func append(_ key: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: key)
        ends.append(bytes.count)
        hashes.append(byteHash(key))
    }

    /// Calls `body` with the bytes of key `index`.
    @inline(__always)
    package func withKey<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let start = index == 0 ? 0 : ends[index - 1]
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<ends[index]])) }
    }

    package func string(_ index: Int) -> String {
        withKey(index) { String(decoding: $0, as: UTF8.self) }
    }
}
