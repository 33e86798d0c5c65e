/// A fast 64-bit hash of a byte string (word-at-a-time multiply-mix; not cryptographic).
///
/// Used to key customer ids, order ids and dictionary-coded strings without building `String`s.
/// `seed` gives independent hashes of the same bytes (two of them make a 128-bit fingerprint:
/// ``byteHashes(_:seeds:)``).
@inline(__always)
package func byteHash(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64 = 0xCBF2_9CE4_8422_2325) -> UInt64 {
    var h = ByteHashing.start(seed, bytes.count)
    // (An empty buffer without storage has always hashed to the start unfinished: kept, as
    // stores hold these hashes.)
    guard bytes.baseAddress != nil else { return h }
    ByteHashing.forEachWord(bytes) { h = ByteHashing.mix(h, $0) }
    return ByteHashing.finish(h)
}

/// ``byteHash(_:seed:)`` with two seeds, the bytes read once: each word mixes into both hashes,
/// whose multiplications do not wait on each other.
@inline(__always)
package func byteHashes(_ bytes: UnsafeBufferPointer<UInt8>, seeds: (UInt64, UInt64)) -> (UInt64, UInt64) {
    var (first, second) = (ByteHashing.start(seeds.0, bytes.count), ByteHashing.start(seeds.1, bytes.count))
    guard bytes.baseAddress != nil else { return (first, second) }
    ByteHashing.forEachWord(bytes) { word in
        first = ByteHashing.mix(first, word)
        second = ByteHashing.mix(second, word)
    }
    return (ByteHashing.finish(first), ByteHashing.finish(second))
}

/// The steps of ``byteHash(_:seed:)``.
private enum ByteHashing {
    static let m: UInt64 = 0x9E37_79B9_7F4A_7C15

    @inline(__always) static func start(_ seed: UInt64, _ count: Int) -> UInt64 { seed ^ (UInt64(count) &* m) }

    @inline(__always) static func mix(_ h: UInt64, _ word: UInt64) -> UInt64 {
        let mixed = (h ^ word) &* m
        return mixed ^ (mixed >> 29)
    }

    @inline(__always) static func finish(_ h: UInt64) -> UInt64 {
        let mixed = (h ^ (h >> 32)) &* 0xD6E8_FEB8_6659_FD93
        return mixed ^ (mixed >> 32)
    }

    /// Each 8 bytes as a little-endian word, then the last 1 to 7 bytes zero-padded into one.
    @inline(__always) static func forEachWord(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (UInt64) -> Void) {
        guard let base = bytes.baseAddress else { return }
        let raw = UnsafeRawPointer(base)
        var i = 0
        let n = bytes.count
        while i + 8 <= n {
            body(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            i += 8
        }
        guard i < n else { return }
        var word: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            word |= UInt64(base[i]) << shift
            shift += 8
            i += 1
        }
        body(word)
    }
}
