import StrataCore

extension SegmentExport {
    /// The members of a segment in a live state (the dashboard's export), with `strata export`'s
    /// default columns: the customer id, the contact columns the customers have, the segment.
    public init(_ state: LiveAnalysis.Snapshot, segment: LiveSegment) {
        let base = state.analysis
        let contacts = Self.contactColumns.filter { name in base.dataset.customers.attributes.contains { $0.name == name } }
        columns = ["customer_id"] + contacts + [Self.segmentColumn]
        rows = segment.ids(base).map { id in
            let found = state.customer(id)
            return [id] + contacts.map { name in
                found.flatMap { a, c in a.dataset.customers.attributes.first { $0.name == name }?.value(c) } ?? ""
            } + [segment.label]
        }
        members = [(Segment(scheme: segment.scheme, name: segment.label), rows.count)]
    }
}
