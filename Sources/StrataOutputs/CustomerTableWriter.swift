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
        let features = CustomerFeature.columns(lifetime: lifetime)
        return CSVBuffer.render(header: header(customers, lifetime: lifetime, custom: custom), count: customers.count, bytesPerRow: 256) { c, out in
            row(c, features, customers, s, lifetime, custom, &out)
        }
    }

    private static func row(_ c: Int, _ features: [CustomerFeature], _ customers: CustomerTable, _ s: Segmentation,
                            _ lifetime: LifetimeAnalysis?, _ custom: SegmentEvaluation?, _ out: inout CSVBuffer) {
        for (i, feature) in features.enumerated() {
            if i > 0 { out.comma() }
            if feature == .customerID {
                out.field(customers.ids.key(c))
            } else {
                out.value(feature.value(c, s, lifetime, ids: customers.ids))
            }
        }
        for attribute in customers.attributes {
            out.comma()
            if let value = attribute.value(c) { out.text(value) }
        }
        if let custom {
            for members in custom.members { out.comma(); out.int(members[c] ? 1 : 0) }
            for labels in custom.groupLabels { out.comma(); if let label = labels[c] { out.text(label) } }
        }
        out.newline()
    }
}
