import StrataCore
/// `plan.md`: per scheme, the priority ranking and each segment's action plan, best first.
public enum PlanRenderer {
    public static func markdown(_ insights: SegmentInsights, asOf: Int64) -> String {
        let w = insights.weights.normalised
        var out = "# Action plans\n\nAs of \(Timestamp.isoDate(day: Timestamp.day(asOf))). "
        out += "Segments are ranked by score = \(NumberFormat.decimal(w.value, 2)) × value share + "
        out += "\(NumberFormat.decimal(w.potential, 2)) × potential share + \(NumberFormat.decimal(w.size, 2)) × size share "
        out += "(docs/insights.md); each plan comes from the playbook.\n"
        for scheme in insights.schemes {
            out += "\n## \(scheme.scheme.title)\n\n" + ranking(scheme.priorities)
            for plan in scheme.plans { out += "\n" + card(plan) }
        }
        return out
    }

    /// The ranking as a Markdown table.
    package static func ranking(_ priorities: [SegmentPriority]) -> String {
        var out = "| rank | segment | customers | score | value share | potential share | next-better segment |\n|---:|---|---:|---:|---:|---:|---|\n"
        for p in priorities {
            out += "| \(p.rank.map(String.init) ?? "too small") | \(literal(p.segment)) | \(NumberFormat.grouped(p.size)) | "
            out += "\(NumberFormat.decimal(p.score, 3)) | \(NumberFormat.percent(p.valueShare)) | \(NumberFormat.percent(p.potentialShare)) | "
            out += "\(p.nextBetter.map(literal) ?? "–") |\n"
        }
        return out
    }

    /// One segment's plan.
    package static func card(_ plan: ActionPlan) -> String {
        var out = "### \(plan.rank.map { "\($0). " } ?? "")\(literal(plan.segment)) — \(literal(plan.strategy))\n\n"
        out += "\(NumberFormat.grouped(plan.size)) customers.\n\n"
        for (label, text) in fields(plan) { out += "- **\(label):** \(literal(text))\n" }
        if !plan.steps.isEmpty {
            out += "- **For the causes found:**\n"
            for step in plan.steps { out += "  - \(literal(step))\n" }
        }
        if !plan.evidence.isEmpty {
            out += "- **Why (against the rest):**\n"
            for line in plan.evidence { out += "  - \(literal(line))\n" }
        }
        return out
    }

    /// The plan's fields in reading order.
    public static func fields(_ plan: ActionPlan) -> [(String, String)] {
        [("Objective", plan.objective), ("Message", plan.message), ("Offer", plan.offer),
         ("Channel", "\(plan.channel) (\(plan.channelReason))"), ("Timing", plan.timing),
         ("Frequency", plan.frequency), ("KPI to watch", plan.kpi)].filter { !$0.1.isEmpty }
    }

    /// Markdown text with its markup characters escaped.
    package static func literal(_ text: String) -> String {
        var out = ""
        for ch in text {
            if "|*_`[]<>\\".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }
}
