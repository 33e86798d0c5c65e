/// A column that a reader appends one value to per parsed row, read afterwards as a collection.
///
/// An `Array` checks on every append that no other copy shares its storage, with a call into
/// the runtime; over 30 million rows and a dozen columns that call is a noticeable share of
/// reading a file. This column tells instead, with one load, whether another copy has appended
/// since this one did (each storage remembers how far its last append went), and only then
/// copies its values to storage of its own: appends to different copies never see each other's
/// values, as with an `Array`. Copies may be read anywhere; appends to copies that share storage
/// must not run on two threads at once (a chunk's columns are appended to by the one thread
/// that parses it).
package struct AppendColumn<Element: BitwiseCopyable>: RandomAccessCollection, @unchecked Sendable {
    /// Memory for `capacity` values, and how many values the last append through any copy left.
    private final class Storage {
        let values: UnsafeMutablePointer<Element>
        let filled: UnsafeMutablePointer<Int>
        let capacity: Int

        init(capacity: Int) {
            self.capacity = capacity
            values = .allocate(capacity: capacity)
            filled = .allocate(capacity: 1)
            filled.initialize(to: 0)
        }

        deinit {
            values.deallocate()
            filled.deallocate()
        }
    }

    private var storage: Storage
    package private(set) var count = 0

    package init() {
        storage = Storage(capacity: 0)
    }

    /// An empty column with room for `capacity` values.
    package init(capacity: Int) {
        storage = Storage(capacity: capacity)
    }

    package var startIndex: Int { 0 }
    package var endIndex: Int { count }

    /// The value at `index`, which must be below ``count``.
    package subscript(index: Int) -> Element {
        precondition(index >= 0 && index < count, "index \(index) is outside 0..<\(count)")
        return storage.values[index]
    }

    /// Adds a value at the end (copying the values first only when another copy appended since).
    @inline(__always)
    package mutating func append(_ value: Element) {
        if count == storage.capacity || storage.filled.pointee != count { moveToNewStorage(minimumCapacity: count + 1) }
        storage.values[count] = value
        count += 1
        storage.filled.pointee = count
    }

    package mutating func append(contentsOf values: UnsafeBufferPointer<Element>) {
        if count + values.count > storage.capacity || storage.filled.pointee != count {
            moveToNewStorage(minimumCapacity: count + values.count)
        }
        if let source = values.baseAddress {
            // A few values (an id's bytes) one by one: a call to copy them would cost more.
            if values.count <= 16 {
                for i in 0..<values.count { storage.values[count + i] = source[i] }
            } else {
                (storage.values + count).update(from: source, count: values.count)
            }
        }
        count += values.count
        storage.filled.pointee = count
    }

    /// Empties the column, keeping its room (in storage of its own: copies keep their values).
    package mutating func removeAll() {
        storage = Storage(capacity: storage.capacity)
        count = 0
    }

    /// Makes room for at least `capacity` values.
    package mutating func reserveCapacity(_ capacity: Int) {
        if capacity > storage.capacity { moveToNewStorage(minimumCapacity: capacity) }
    }

    /// Copies the values to storage of this column's own, with room for `minimumCapacity`
    /// values, twice the current room when that is more.
    @inline(never)
    private mutating func moveToNewStorage(minimumCapacity: Int) {
        let grown = Storage(capacity: Swift.max(minimumCapacity, storage.capacity * 2, 16))
        grown.values.update(from: storage.values, count: count)
        grown.filled.pointee = count
        storage = grown
    }

    package func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R? {
        try withExtendedLifetime(storage) { try body(UnsafeBufferPointer(start: storage.values, count: count)) }
    }

    /// Calls `body` with the values' memory.
    package func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        try withExtendedLifetime(storage) { try body(UnsafeBufferPointer(start: storage.values, count: count)) }
    }
}

extension Collection {
    /// Calls `body` with the elements' memory, for a collection that keeps them side by side (an
    /// `Array`, an ``AppendColumn``).
    package func withContiguousElements<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        guard let result = try withContiguousStorageIfAvailable(body) else { preconditionFailure("\(Self.self) does not keep its elements side by side") }
        return result
    }
}
