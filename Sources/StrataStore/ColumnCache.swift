import Foundation
import StrataCore
import Glibc

/// A copy of the store's columns (``StoredColumns``) in a file beside it, `<store>-columns`, so
/// that a snapshot reads the stored data in a second or two instead of row by row through SQLite.
///
/// The file names the store it copies (its identity) and the data version it was read at, and it
/// is used only while both match: every write to customers, orders or events raises the data
/// version, so a copy older than the data is never read; it is read again from the tables and
/// written anew. A file that is cut short or altered fails its checksum and is read again the same
/// way. Erasing a customer deletes the file (docs/store.md, "Erasure").
package enum ColumnCache {
    private static let magic = Array("strata columns 1\n".utf8)

    /// Where the copy of the store at `store` is kept.
    package static func path(forStore store: String) -> String { store + "-columns" }

    /// Deletes the copy beside the store at `store`, and any copy written aside (half-written,
    /// or whole and waiting for its import to end).
    package static func remove(forStore store: String) {
        let cache = path(forStore: store)
        unlink(cache)
        for temporary in temporaries(of: cache) { unlink(temporary) }
    }

    /// The copies of `cache` written aside (`<cache>.<process id>.tmp`) in its folder.
    private static func temporaries(of cache: String) -> [String] {
        let url = URL(fileURLWithPath: cache)
        let folder = url.deletingLastPathComponent().path
        let prefix = url.lastPathComponent + "."
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".tmp") }.map { folder + "/" + $0 }
    }

    /// Writes `columns`, read at data version `version` of the store `identity`, to `path`:
    /// into a file of its own first, renamed into place when complete.
    package static func save(_ columns: StoredColumns, identity: String, version: Int, to path: String) throws(ColumnFileError) {
        try install(try writeAside(columns, identity: identity, version: version, for: path), at: path)
    }

    /// Writes `columns`, as ``save(_:identity:version:to:)`` does, into a file of its own beside
    /// `path` (`<path>.<process id>.tmp`), which ``install(_:at:)`` puts in place; gives its path.
    package static func writeAside(_ columns: StoredColumns, identity: String, version: Int, for path: String) throws(ColumnFileError) -> String {
        // A copy whose writer stopped mid-way (killed) is left by no one else.
        for stale in temporaries(of: path) {
            let pid = Int32(stale.dropLast(4).split(separator: ".").last ?? "") ?? 0
            if pid > 0, kill(pid, 0) != 0, errno == ESRCH { unlink(stale) }
        }
        let temporary = path + ".\(getpid()).tmp"
        var file = try ColumnFileWriter(path: temporary)
        do {
            try file.write(magic)
            try file.write(Array(identity.utf8))
            try file.write([Int64(version), Int64(columns.tableCustomers)])
            let (idBytes, idEnds) = columns.customers.ids.withKeys { (Array($0), Array($1)) }
            try file.write(idBytes)
            try file.write(idEnds)
            try file.write(columns.customers.signup.map { $0 ?? Int64.min })
            try file.write(strings: columns.customers.attributes.map(\.name))
            for attribute in columns.customers.attributes {
                try file.write(attribute.codes)
                try file.write(strings: attribute.values)
            }
            let o = columns.orders
            try file.write(o.customer)
            try file.write(o.timestamp)
            try file.write(o.amountCents)
            try file.write(o.discountCents)
            try file.write(o.category)
            try file.write(strings: o.categories)
            let e = columns.events
            try file.write(e.customer)
            try file.write(e.timestamp)
            try file.write(e.type)
            try file.write(e.channel)
            try file.write(e.value)
            try file.write(strings: e.types)
            try file.write(strings: e.channels)
            try file.finish()
        } catch {
            file.close()
            unlink(temporary)
            throw error
        }
        return temporary
    }

    /// Renames the copy ``writeAside(_:identity:version:for:)`` wrote into place at `path`.
    package static func install(_ temporary: String, at path: String) throws(ColumnFileError) {
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ColumnFileError(path: path, reason: reason)
        }
    }

    /// The columns in the file at `path`, when it is whole and was written at data version
    /// `version` of the store `identity`; nil otherwise (missing, older, cut short, altered).
    package static func load(from path: String, identity: String, version: Int) -> StoredColumns? {
        guard var file = ColumnFileReader(path: path) else { return nil }
        defer { file.close() }
        guard let head: [UInt8] = file.read(), head == magic,
              let owner: [UInt8] = file.read(), owner == Array(identity.utf8),
              let numbers: [Int64] = file.read(), numbers.count == 2, numbers[0] == Int64(version) else { return nil }
        var columns = StoredColumns()
        columns.tableCustomers = Int(numbers[1])
        guard let idBytes: [UInt8] = file.read(), let idEnds: [Int] = file.read(),
              let signup: [Int64] = file.read(), let names = file.readStrings() else { return nil }
        var ids = ByteStringTable(capacity: idEnds.count)
        var start = 0
        for end in idEnds {
            guard start <= end, end <= idBytes.count else { return nil }
            idBytes.withUnsafeBufferPointer { _ = ids.insert(UnsafeBufferPointer(rebasing: $0[start..<end])) }
            start = end
        }
        columns.customers.ids = ids
        columns.customers.signup = signup.map { $0 == Int64.min ? nil : $0 }
        for name in names {
            guard let codes: [Int32] = file.read(), let values = file.readStrings() else { return nil }
            columns.customers.attributes.append(AttributeColumn(name: name, codes: codes, values: values))
        }
        guard let orderCustomer: [Int32] = file.read(), let orderTime: [Int64] = file.read(), let amount: [Int64] = file.read(),
              let discount: [Int64] = file.read(), let category: [Int32] = file.read(), let categories = file.readStrings(),
              let eventCustomer: [Int32] = file.read(), let eventTime: [Int64] = file.read(), let type: [Int32] = file.read(),
              let channel: [Int32] = file.read(), let value: [Double] = file.read(), let types = file.readStrings(),
              let channels = file.readStrings(), file.finish() else { return nil }
        columns.orders.customer = orderCustomer
        columns.orders.timestamp = orderTime
        columns.orders.amountCents = amount
        columns.orders.discountCents = discount
        columns.orders.category = category
        columns.orders.categories = categories
        columns.events.customer = eventCustomer
        columns.events.timestamp = eventTime
        columns.events.type = type
        columns.events.channel = channel
        columns.events.value = value
        columns.events.types = types
        columns.events.channels = channels
        return columns.isConsistent ? columns : nil
    }
}

extension StoredColumns {
    /// Whether every column has a value per row and every code names an existing customer or
    /// dictionary value (what the analysis indexes by without checking).
    fileprivate var isConsistent: Bool {
        let n = customers.count
        func within(_ codes: [Int32], _ count: Int, missing: Bool) -> Bool {
            codes.allSatisfy { $0 < count && ($0 >= 0 || (missing && $0 == -1)) }
        }
        return (0...n).contains(tableCustomers) && customers.signup.count == n
            && customers.attributes.allSatisfy { $0.codes.count == n && within($0.codes, $0.values.count, missing: true) }
            && [orders.timestamp.count, orders.amountCents.count, orders.discountCents.count, orders.category.count].allSatisfy { $0 == orders.count }
            && within(orders.customer, n, missing: false) && within(orders.category, orders.categories.count, missing: true)
            && [events.timestamp.count, events.type.count, events.channel.count, events.value.count].allSatisfy { $0 == events.count }
            && within(events.customer, n, missing: false) && within(events.type, events.types.count, missing: false)
            && within(events.channel, events.channels.count, missing: true)
    }
}

/// Why the copy of the store's columns could not be written.
package struct ColumnFileError: Error, CustomStringConvertible {
    package let path: String
    package let reason: String
    package var description: String { "\(path): \(reason)" }
}

/// Writes arrays as sections (a byte count, then the bytes), then a checksum of every section.
private struct ColumnFileWriter {
    private let path: String
    private var descriptor: Int32
    private var checksum: UInt64 = 0

    init(path: String) throws(ColumnFileError) {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw ColumnFileError(path: path, reason: String(cString: strerror(errno))) }
    }

    mutating func write<T: BitwiseCopyable>(_ values: [T]) throws(ColumnFileError) {
        var failure: ColumnFileError?
        values.withUnsafeBytes { bytes in
            do throws(ColumnFileError) { try write(section: bytes) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// A list of texts: their bytes end to end, then where each ends.
    mutating func write(strings: [String]) throws(ColumnFileError) {
        var bytes: [UInt8] = [], ends: [Int] = []
        for text in strings {
            bytes += Array(text.utf8)
            ends.append(bytes.count)
        }
        try write(bytes)
        try write(ends)
    }

    private mutating func write(section: UnsafeRawBufferPointer) throws(ColumnFileError) {
        try put(value: Int64(section.count))
        try put(section)
        checksum = (checksum ^ byteHash(Self.bytes(section))) &* 0x9E37_79B9_7F4A_7C15
    }

    /// Raw bytes as the checksum reads them.
    static func bytes(_ raw: UnsafeRawBufferPointer) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: raw.count)
    }

    /// Writes the checksum and closes the file.
    mutating func finish() throws(ColumnFileError) {
        try put(value: checksum)
        guard Glibc.close(descriptor) == 0 else { throw ColumnFileError(path: path, reason: String(cString: strerror(errno))) }
        descriptor = -1
    }

    mutating func close() {
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
        descriptor = -1
    }

    private func put<T: BitwiseCopyable>(value: T) throws(ColumnFileError) {
        var failure: ColumnFileError?
        withUnsafeBytes(of: value) { bytes in
            do throws(ColumnFileError) { try put(bytes) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    private func put(_ bytes: UnsafeRawBufferPointer) throws(ColumnFileError) {
        var done = 0
        while done < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { throw ColumnFileError(path: path, reason: String(cString: strerror(errno))) }
            done += written
        }
    }
}

/// Reads what ``ColumnFileWriter`` wrote, section by section, straight into arrays; nil at the
/// first section that does not fit in what is left of the file.
private struct ColumnFileReader {
    private var descriptor: Int32
    private var remaining: Int
    private var checksum: UInt64 = 0

    init?(path: String) {
        descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            _ = Glibc.close(descriptor)
            return nil
        }
        remaining = Int(info.st_size)
    }

    mutating func read<T: BitwiseCopyable>() -> [T]? {
        var count: Int64 = 0
        guard withUnsafeMutableBytes(of: &count, { take($0) }), count >= 0, Int(count) <= remaining,
              Int(count) % MemoryLayout<T>.stride == 0 else { return nil }
        let bytes = Int(count)
        var complete = false
        let values = [T](unsafeUninitializedCapacity: bytes / MemoryLayout<T>.stride) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(start: buffer.baseAddress, count: bytes)
            complete = take(raw)
            if complete { checksum = (checksum ^ byteHash(ColumnFileWriter.bytes(UnsafeRawBufferPointer(raw)))) &* 0x9E37_79B9_7F4A_7C15 }
            initialized = complete ? buffer.count : 0
        }
        return complete ? values : nil
    }

    mutating func readStrings() -> [String]? {
        guard let bytes: [UInt8] = read(), let ends: [Int] = read() else { return nil }
        var strings: [String] = [], start = 0
        for end in ends {
            guard start <= end, end <= bytes.count else { return nil }
            strings.append(String(decoding: bytes[start..<end], as: UTF8.self))
            start = end
        }
        return strings
    }

    /// Whether the checksum matches and nothing follows it.
    mutating func finish() -> Bool {
        var sum: UInt64 = 0
        return withUnsafeMutableBytes(of: &sum) { take($0) } && sum == checksum && remaining == 0
    }

    mutating func close() {
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
        descriptor = -1
    }

    private mutating func take(_ buffer: UnsafeMutableRawBufferPointer) -> Bool {
        guard buffer.count <= remaining else { return false }
        var done = 0
        while done < buffer.count {
            let got = Glibc.read(descriptor, buffer.baseAddress! + done, buffer.count - done)
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { return false }
            done += got
        }
        remaining -= buffer.count
        return true
    }
}
