/// A fast 64-bit hash of a byte string (word-at-a-time multiply-mix; not cryptographic).
///
/// Used to key customer ids, order ids and dictionary-coded strings without building `String`s.
/// `seed` gives independent hashes of the same bytes (two of them make a 128-bit fingerprint).
@inline(__always)
package func byteHash(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64 = 0xCBF2_9CE4_8422_2325) -> UInt64 {
    let m: UInt64 = 0x9E37_79B9_7F4A_7C15
    var h: UInt64 = seed ^ (UInt64(bytes.count) &* m)
    guard let base = bytes.baseAddress else { return h }
    let raw = UnsafeRawPointer(base)
    var i = 0
    let n = bytes.count
    while i + 8 <= n {
        let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        h = (h ^ word) &* m
        h ^= h >> 29
        i += 8
    }
    if i < n {
        var word: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            word |= UInt64(base[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ word) &* m
        h ^= h >> 29
    }
    h = (h ^ (h >> 32)) &* 0xD6E8_FEB8_6659_FD93
    return h ^ (h >> 32)
}
