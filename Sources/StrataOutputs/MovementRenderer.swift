import Foundation
import StrataCore

/// Renders a ``SegmentMovement`` as text tables or JSON.
public enum MovementRenderer {
    /// Flows listed by default; the rest are summed on one line.
    static let shownFlows = 20

    /// The movement as text. By default each line fits ``TextWrap/width`` columns: the migration
    /// as a list of flows, largest first; `wide` gives the whole from × to matrix.
    public static func text(_ m: SegmentMovement, from: String, to: String, limit: Int, wide: Bool = false) -> String {
        let used = m.segments.indices.filter { m.sizesBefore[$0] > 0 || m.sizesAfter[$0] > 0 }
        var out = "\(m.scheme.rawValue) segments from \(from) to \(to)\n\n"
        var rows: [[String]]
        if wide {
            out += "Migration (rows: before, columns: after; share of the row)\n"
            rows = [["from \\ to"] + used.map { m.segments[$0] } + ["gone"]]
            for i in used {
                rows.append([m.segments[i]] + used.map { j in
                    m.matrix[i][j] == 0 ? "·" : "\(NumberFormat.grouped(m.matrix[i][j])) (\(NumberFormat.percent(m.share(i, j))))"
                } + [NumberFormat.grouped(m.left[i])])
            }
            rows.append(["new"] + used.map { NumberFormat.grouped(m.entered[$0]) } + [""])
        } else {
            out += "Migration: customers who changed segment, largest flows first (--wide: the whole matrix)\n"
            rows = [["from", "to", "customers", "share of from"]]
            var flows: [(from: String, to: String, count: Int, share: String)] = []
            for i in used {
                for j in used where i != j && m.matrix[i][j] > 0 {
                    flows.append((m.segments[i], m.segments[j], m.matrix[i][j], NumberFormat.percent(m.share(i, j))))
                }
                if m.left[i] > 0 { flows.append((m.segments[i], "(gone)", m.left[i], "")) }
                if m.entered[i] > 0 { flows.append(("(new)", m.segments[i], m.entered[i], "")) }
            }
            let sorted = flows.sorted { $0.count > $1.count }
            for flow in sorted.prefix(shownFlows) {
                rows.append([flow.from, flow.to, NumberFormat.grouped(flow.count), flow.share])
            }
            if sorted.count > shownFlows {
                let rest = sorted.dropFirst(shownFlows)
                rows.append(["\(rest.count) smaller flows", "", NumberFormat.grouped(rest.reduce(0) { $0 + $1.count }), ""])
            }
        }
        out += TextTable.render(rows, left: wide ? [0] : [0, 1]) + "\nNet flow\n"
        var flows = [["segment", "before", "after", "net"]]
        for i in used {
            flows.append([m.segments[i], NumberFormat.grouped(m.sizesBefore[i]), NumberFormat.grouped(m.sizesAfter[i]),
                          (m.netFlow[i] > 0 ? "+" : "") + NumberFormat.grouped(m.netFlow[i])])
        }
        out += TextTable.render(flows)
        out += "\nFrom valuable to at-risk segments: \(NumberFormat.grouped(m.movers.count)) customers"
        out += m.movers.count > limit ? " (first \(limit))\n" : "\n"
        for mover in m.movers.prefix(limit) {
            let line = "  \(mover.customerID): \(mover.from) → \(mover.to): \(mover.changes)\n"
            out += wide ? line : TextWrap.wrap(line)
        }
        return out
    }

    public static func json(_ m: SegmentMovement, from: String, to: String, limit: Int) throws -> Data {
        let object: [String: Any] = [
            "scheme": m.scheme.rawValue, "from": from, "to": to, "segments": m.segments,
            "matrix": m.matrix, "entered": m.entered, "left": m.left,
            "before": m.sizesBefore, "after": m.sizesAfter, "net_flow": m.netFlow,
            "movers_count": m.movers.count,
            "movers": m.movers.prefix(limit).map { ["customer_id": $0.customerID, "from": $0.from, "to": $0.to, "changes": $0.changes] },
        ]
        return try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    }
}
