/// `plan.md`: per scheme, the priority ranking and each segment's action plan, best first.
public enum PlanRenderer {
    public static func markdown(_ insights: SegmentInsights, asOf: Int64) -> String {
        let w = insights.weights.normalised
        var out = "# Action plans\n\nAs of \(Timestamp.isoDate(day: Timestamp.day(asOf))). "
        out += "Segments are ranked by score = \(SummaryRenderer.decimal(w.value, 2)) × value share + "
        out += "\(SummaryRenderer.decimal(w.potential, 2)) × potential share + \(SummaryRenderer.decimal(w.size, 2)) × size share "
        out += "(docs/insights.md); each plan comes from the playbook.\n"
        for scheme in insights.schemes {
            out += "\n## \(title(scheme.scheme))\n\n" + ranking(scheme.priorities)
            for plan in scheme.plans { out += "\n" + card(plan) }
        }
        return out
    }

    /// "Activity segments", "RFM segments", "Custom segments", "Clusters".
    public static func title(_ scheme: String) -> String {
        switch scheme {
        case "rfm": return "RFM segments"
        case "clusters": return "Clusters"
        default: return scheme.prefix(1).uppercased() + scheme.dropFirst() + " segments"
        }
    }

    /// The ranking as a Markdown table.
    static func ranking(_ priorities: [SegmentPriority]) -> String {
        var out = "| rank | segment | customers | score | value share | potential share | next-better segment |\n|---:|---|---:|---:|---:|---:|---|\n"
        for p in priorities {
            out += "| \(p.rank.map(String.init) ?? "too small") | \(literal(p.segment)) | \(SummaryRenderer.grouped(p.size)) | "
            out += "\(SummaryRenderer.decimal(p.score, 3)) | \(SummaryRenderer.percent(p.valueShare)) | \(SummaryRenderer.percent(p.potentialShare)) | "
            out += "\(p.nextBetter.map(literal) ?? "–") |\n"
        }
        return out
    }

    /// One segment's plan.
    static func card(_ plan: ActionPlan) -> String {
        var out = "### \(plan.rank.map { "\($0). " } ?? "")\(literal(plan.segment)) — \(literal(plan.strategy))\n\n"
        out += "\(SummaryRenderer.grouped(plan.size)) customers.\n\n"
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
    static func literal(_ text: String) -> String {
        var out = ""
        for ch in text {
            if "|*_`[]<>\\".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }
}
