import Foundation
import StrataCore

/// Writes `customers.csv`: one row per customer with every feature and segment label
/// (columns documented in docs/outputs.md), then the customer attributes.
public enum CustomerTableWriter {
    /// The header: feature columns, model columns, attributes (prefixed `attr_` when a name
    /// clashes), then one column per custom segment (0/1) and per group (its label).
    public static func header(_ customers: CustomerTable, lifetime: LifetimeAnalysis? = nil,
                              custom: SegmentEvaluation? = nil) -> [String] {
        let own = CustomerFeature.names(lifetime: lifetime)
        return own + customers.attributes.map { own.contains($0.name) ? "attr_\($0.name)" : $0.name }
            + (custom.map { $0.segmentNames + $0.groupNames } ?? [])
    }

    /// Renders the whole table as CSV bytes (in parallel over customer ranges).
    public static func render(_ customers: CustomerTable, _ s: Segmentation, lifetime: LifetimeAnalysis? = nil,
                              custom: SegmentEvaluation? = nil) -> [UInt8] {
        var bytes: [UInt8] = []
        write(customers, s, lifetime: lifetime, custom: custom) { bytes += $0 }
        return bytes
    }

    /// The same bytes in consecutive pieces (the header, then ranges of customers), handed to
    /// `write` in order as they are rendered: the file is never whole in memory.
    public static func write(_ customers: CustomerTable, _ s: Segmentation, lifetime: LifetimeAnalysis? = nil,
                             custom: SegmentEvaluation? = nil, to write: ([UInt8]) throws -> Void) rethrows {
        let features = CustomerFeature.columns(lifetime: lifetime)
        let predictions = lifetime?.predictions
        let fields = CodedFields(s, predictions, features, customers)
        let header = header(customers, lifetime: lifetime, custom: custom)
        try fields.codes.withUnsafeBufferPointer { codes in
            try fields.attributeCodes.withUnsafeBufferPointer { attributeCodes in
                try fields.bytes.withUnsafeBufferPointer { bytes in
                    try fields.ranges.withUnsafeBufferPointer { ranges in
                        try customers.ids.withKeys { ids, idEnds in
                            let written = WrittenFields(column: fields.column, first: fields.first, codes: codes, attributeFirst: fields.attributeFirst,
                                                        attributeCodes: attributeCodes, bytes: bytes, ranges: ranges, ids: ids, idEnds: idEnds,
                                                        customers: customers.count)
                            try CSVBuffer.renderPieces(header: header, count: customers.count, bytesPerRow: 640, row: { c, out in
                                row(c, features, written, customers, s, predictions, custom, &out)
                            }, write: write)
                        }
                    }
                }
            }
        }
    }

    /// Customer c's row as named values: the same columns and values as `customers.csv`
    /// (attributes as text; custom segments as flags, groups as text), for one customer at a time.
    public static func record(_ c: Int, _ customers: CustomerTable, _ s: Segmentation, lifetime: LifetimeAnalysis? = nil,
                              custom: SegmentEvaluation? = nil) -> [(name: String, value: FeatureValue)] {
        let names = header(customers, lifetime: lifetime, custom: custom)
        let predictions = lifetime?.predictions
        var values = CustomerFeature.columns(lifetime: lifetime).map { $0.value(c, s, predictions, ids: customers.ids) }
        values += customers.attributes.map { $0.value(c).map(FeatureValue.text) ?? .missing }
        if let custom {
            values += custom.members.map { .flag($0[c]) }
            values += custom.groupLabels.map { $0[c].map(FeatureValue.text) ?? .missing }
        }
        return Array(zip(names, values)).map { (name: $0.0, value: $0.1) }
    }

    /// The columns whose every value is one of a few texts — the feature columns that hold a
    /// scheme's segment or another of a few texts (``CustomerFeature/textCodes(_:_:)``), and the
    /// customer attributes — as every customer's code and each text's CSV bytes, made once and
    /// kept flat (a million rows otherwise build a string, or copy a reference, per cell).
    private struct CodedFields {
        /// Per feature column: its index k among the label columns, or -1.
        var column: [Int] = []
        /// Label column k's first label in `ranges`.
        var first: [Int] = []
        /// Label column k's code of customer c at `k * customers + c` (-1: empty).
        var codes: [Int32] = []
        /// Attribute a's first value in `ranges`.
        var attributeFirst: [Int] = []
        /// Attribute a's code of customer c at `a * customers + c` (-1: empty).
        var attributeCodes: [Int32] = []
        /// Every text's CSV bytes, one after the other, and where each one lies.
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []

        init(_ s: Segmentation, _ predictions: CustomerPredictions?, _ features: [CustomerFeature], _ customers: CustomerTable) {
            for feature in features {
                let labels: (names: [String], codes: [Int32])
                if let scheme = feature.scheme, s.schemes.contains(scheme) {
                    let (names, schemeCodes) = s.labels(scheme)
                    labels = (names, schemeCodes.map { Int32($0) })
                } else if let (codes, values) = feature.textCodes(s, predictions) {
                    labels = (values, codes)
                } else {
                    column.append(-1)
                    continue
                }
                column.append(first.count)
                first.append(ranges.count)
                add(labels.names)
                codes += labels.codes
            }
            attributeCodes.reserveCapacity(customers.attributes.count * customers.count)
            for attribute in customers.attributes {
                attributeFirst.append(ranges.count)
                add(attribute.values)
                // One code per customer (a customer the column does not reach has no value).
                attributeCodes += attribute.codes.prefix(customers.count)
                attributeCodes += repeatElement(-1, count: max(0, customers.count - attribute.codes.count))
            }
        }

        private mutating func add(_ texts: [String]) {
            for text in texts {
                var field = CSVBuffer(capacity: text.utf8.count + 2)
                field.text(text)
                ranges.append(bytes.count..<bytes.count + field.bytes.count)
                bytes += field.bytes
            }
        }
    }

    /// ``CodedFields`` and the customer ids read through pointers while the table is rendered.
    private struct WrittenFields {
        let column: [Int]
        let first: [Int]
        let codes: UnsafeBufferPointer<Int32>
        let attributeFirst: [Int]
        let attributeCodes: UnsafeBufferPointer<Int32>
        let bytes: UnsafeBufferPointer<UInt8>
        let ranges: UnsafeBufferPointer<Range<Int>>
        let ids: UnsafeBufferPointer<UInt8>
        let idEnds: UnsafeBufferPointer<Int>
        let customers: Int

        /// Customer c's label in label column k, as CSV bytes (empty when it has none).
        func label(_ k: Int, _ c: Int) -> UnsafeBufferPointer<UInt8> {
            let code = Int(codes[k * customers + c])
            return code < 0 ? UnsafeBufferPointer(rebasing: bytes[0..<0]) : UnsafeBufferPointer(rebasing: bytes[ranges[first[k] + code]])
        }

        /// Customer c's value of attribute a, as CSV bytes (empty when it has none).
        func attribute(_ a: Int, _ c: Int) -> UnsafeBufferPointer<UInt8> {
            let code = Int(attributeCodes[a * customers + c])
            return code < 0 ? UnsafeBufferPointer(rebasing: bytes[0..<0]) : UnsafeBufferPointer(rebasing: bytes[ranges[attributeFirst[a] + code]])
        }

        /// Customer c's id bytes.
        func id(_ c: Int) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: ids[(c == 0 ? 0 : idEnds[c - 1])..<idEnds[c]])
        }
    }

    private static func row(_ c: Int, _ features: [CustomerFeature], _ fields: WrittenFields, _ customers: CustomerTable, _ s: Segmentation,
                            _ predictions: CustomerPredictions?, _ custom: SegmentEvaluation?, _ out: inout CSVBuffer) {
        for (i, feature) in features.enumerated() {
            if i > 0 { out.comma() }
            if feature == .customerID {
                out.field(fields.id(c))
            } else if fields.column[i] >= 0 {
                out.raw(fields.label(fields.column[i], c))
            } else {
                out.value(feature.value(c, s, predictions, ids: customers.ids))
            }
        }
        for a in 0..<fields.attributeFirst.count {
            out.comma()
            out.raw(fields.attribute(a, c))
        }
        if let custom {
            for members in custom.members { out.comma(); out.int(members[c] ? 1 : 0) }
            for labels in custom.groupLabels { out.comma(); if let label = labels[c] { out.text(label) } }
        }
        out.newline()
    }
}
