import Foundation
import StrataCore

/// Small, dependency-free SVG charts for the HTML report: horizontal bars, paired bars,
/// histograms, heat maps, scatter plots and line charts, with axes, ticks, labels and native
/// tooltips (`<title>`). They scale to the page width (`viewBox`) but never below the width at
/// which their text would read smaller than ``minimumTextPixels`` (narrower screens scroll the
/// chart). Labels are measured before they are placed: a label too long for its place is
/// shortened with "…" (the whole text in its tooltip), x labels too wide for their slot are
/// turned, ticks too close for their labels are thinned. Colours: the Okabe–Ito
/// colour-blind-safe palette.
package enum SVGChart {
    package static let palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
    /// The size of all chart text, in chart units.
    package static let fontSize = 15.0
    /// The smallest size chart text is shown at, in CSS pixels.
    package static let minimumTextPixels = 11.0
    /// The width of the usual chart, in chart units.
    static let standardWidth = 480.0

    /// One bar per item, labelled on the left, value text on the right.
    package static func bars(_ items: [(label: String, value: Double, text: String)], title: String, color: String = palette[0]) -> String {
        let width = standardWidth, rowHeight = fontSize * 1.75
        let labelWidth = min(items.map { TextMeasure.width($0.label, fontSize) }.max() ?? 0, width * 0.42) + 10
        let valueWidth = (items.map { TextMeasure.width($0.text, fontSize) }.max() ?? 0) + 12
        let barSpace = max(width - labelWidth - valueWidth, 40)
        let height = Double(items.count) * rowHeight + 12
        let top = max(items.map(\.value).max() ?? 0, 1e-12)
        var out = open(width: width, height: height, title: title)
        for (i, item) in items.enumerated() {
            let y = 6 + Double(i) * rowHeight
            let w = max(0, item.value) / top * barSpace
            out += text(item.label, x: labelWidth - 8, y: y + rowHeight * 0.68, anchor: "end", className: "label", fit: labelWidth - 10)
            out += "<path d=\"M\(f(labelWidth)) \(f(y + 4))h\(f(max(w, 1)))v\(f(rowHeight - 8))h\(f(-max(w, 1)))z\" fill=\"\(color)\">"
            out += "<title>\(escape(item.label)): \(escape(item.text))</title></path>"
            out += text(item.text, x: labelWidth + max(w, 1) + 6, y: y + rowHeight * 0.68, className: "value")
        }
        return out + "</svg>"
    }

    /// Two bars per category (e.g. actual and predicted), with a legend. Category labels too wide
    /// for their slot are turned.
    package static func pairedBars(_ categories: [String], _ a: [Double], _ b: [Double], names: (String, String), title: String,
                                   xLabel: String, yLabel: String) -> String {
        guard !categories.isEmpty else { return empty(title) }
        let width = standardWidth
        let yRange = (0.0, max(a.max() ?? 0, b.max() ?? 0, 1e-9))
        // A first layout for the slot width, then the room the category labels need below.
        let probe = Plot(width: width, height: 300, x: (0, Double(categories.count)), y: yRange, legend: true)
        let slot = (probe.right - probe.left) / Double(categories.count)
        let labels = categories.map { TextMeasure.fitted($0, fontSize, width: 150) }
        let widest = labels.map { TextMeasure.width($0, fontSize) }.max() ?? 0
        // Too wide for their slot, labels stand upright (a turned label's box then takes the
        // slot's width only, so neighbours never touch).
        let turned = widest > slot - 6
        let labelDepth = turned ? widest + 12 : fontSize + 6
        let plot = Plot(width: width, height: 240 + labelDepth, x: (0, Double(categories.count)), y: yRange, legend: true,
                        xLabelDepth: labelDepth)
        var out = open(width: plot.width, height: plot.height, title: title)
        out += plot.axes(xLabel: xLabel, yLabel: yLabel, xTicks: false)
        for (i, category) in categories.enumerated() {
            let x = plot.left + Double(i) * slot
            for (k, (value, color, name)) in [(a[i], palette[0], names.0), (b[i], palette[1], names.1)].enumerated() {
                let bx = x + slot * (0.12 + 0.38 * Double(k)), y = plot.y(value)
                out += "<path d=\"M\(f(bx)) \(f(plot.bottom))V\(f(y))h\(f(slot * 0.36))V\(f(plot.bottom))z\" fill=\"\(color)\">"
                out += "<title>\(escape(category)) — \(escape(name)): \(Format.number(value))</title></path>"
            }
            let cx = x + slot / 2
            if turned {
                out += text(labels[i], x: cx + fontSize * 0.35, y: plot.bottom + 8, anchor: "end", className: "tick", full: category,
                            transform: "rotate(-90 \(f(cx + fontSize * 0.35)) \(f(plot.bottom + 8)))")
            } else {
                out += text(labels[i], x: cx, y: plot.bottom + fontSize + 4, anchor: "middle", className: "tick", full: category)
            }
        }
        out += legend([(names.0, palette[0]), (names.1, palette[1])], left: plot.left, width: plot.right - plot.left)
        return out + "</svg>"
    }

    /// A histogram of the finite values in `bins` equal bins between their 1st and 99th percentiles
    /// (values outside go to the end bins, so a long tail does not flatten the chart).
    package static func histogram(_ values: [Double], bins: Int = 30, title: String, xLabel: String, color: String = palette[2]) -> String {
        let finite = values.filter(\.isFinite).sorted()
        guard let first = finite.first else { return empty(title) }
        let low = finite[Int(Double(finite.count - 1) * 0.01)], high = finite[Int(Double(finite.count - 1) * 0.99)]
        let lo = min(low, first), hi = max(high, lo + 1e-9)
        var counts = [Int](repeating: 0, count: bins)
        for v in finite { counts[min(bins - 1, max(0, Int((v - lo) / (hi - lo) * Double(bins))))] += 1 }
        let plot = Plot(width: standardWidth, height: 280, x: (lo, hi), y: (0, Double(counts.max() ?? 1)))
        var out = open(width: plot.width, height: plot.height, title: title) + plot.axes(xLabel: xLabel, yLabel: "customers")
        let barWidth = (plot.right - plot.left) / Double(bins)
        for (i, count) in counts.enumerated() where count > 0 {
            let x = plot.left + Double(i) * barWidth, y = plot.y(Double(count))
            let from = lo + Double(i) * (hi - lo) / Double(bins), to = from + (hi - lo) / Double(bins)
            out += "<path d=\"M\(f(x + 0.5)) \(f(plot.bottom))V\(f(y))h\(f(max(barWidth - 1, 0.5)))V\(f(plot.bottom))z\" fill=\"\(color)\">"
            out += "<title>\(Format.number(from))–\(Format.number(to)): \(Format.count(count))</title></path>"
        }
        return out + "</svg>"
    }

    /// A grid of cells coloured by value (darker = more), each with a label and a detail line.
    /// Cells are as wide as their longest text.
    package static func heatMap(rows: [String], columns: [String], values: [[Double]], labels: [[String]], details: [[String]],
                                title: String, rowTitle: String, columnTitle: String) -> String {
        let cellTexts = (labels + details + [columns]).flatMap { $0 }
        let cell = max(84, (cellTexts.map { TextMeasure.width($0, fontSize) }.max() ?? 0) + 14)
        let cellHeight = fontSize * 4.2, top = fontSize + 18
        let rowTitleWidth = fontSize + 10
        let left = rowTitleWidth + (rows.map { TextMeasure.width($0, fontSize) }.max() ?? 0) + 14
        let width = left + Double(columns.count) * cell + 6, height = top + Double(rows.count) * cellHeight + fontSize + 16
        let highest = max(values.flatMap { $0 }.max() ?? 0, 1e-12)
        var out = open(width: width, height: height, title: title)
        out += text(columnTitle, x: left + Double(columns.count) * cell / 2, y: fontSize + 2, anchor: "middle", className: "axis-title",
                    fit: Double(columns.count) * cell)
        let middle = top + Double(rows.count) * cellHeight / 2
        out += text(rowTitle, x: fontSize, y: middle, anchor: "middle", className: "axis-title", fit: Double(rows.count) * cellHeight,
                    transform: "rotate(-90 \(f(fontSize)) \(f(middle)))")
        for (j, column) in columns.enumerated() {
            out += text(column, x: left + Double(j) * cell + cell / 2, y: height - 8, anchor: "middle", className: "label", fit: cell - 6)
        }
        for (i, row) in rows.enumerated() {
            let y = top + Double(i) * cellHeight
            out += text(row, x: left - 8, y: y + cellHeight / 2 + fontSize * 0.35, anchor: "end", className: "label")
            for j in columns.indices {
                let share = values[i][j] / highest
                let x = left + Double(j) * cell
                out += "<path d=\"M\(f(x + 1)) \(f(y + 1))h\(f(cell - 2))v\(f(cellHeight - 2))h\(f(-(cell - 2)))z\" fill=\"\(palette[0])\" fill-opacity=\"\(f(0.08 + 0.85 * share))\">"
                out += "<title>\(escape(labels[i][j])): \(escape(details[i][j]))</title></path>"
                let tone = share > 0.5 ? "cell dark" : "cell"
                out += text(labels[i][j], x: x + cell / 2, y: y + cellHeight * 0.42, anchor: "middle", className: tone, fit: cell - 6)
                out += text(details[i][j], x: x + cell / 2, y: y + cellHeight * 0.78, anchor: "middle", className: tone, fit: cell - 6)
            }
        }
        return out + "</svg>"
    }

    /// Points coloured by group (index into ``palette``), with a legend.
    package static func scatter(_ points: [(x: Double, y: Double, group: Int)], groups: [String], title: String, xLabel: String, yLabel: String) -> String {
        let finite = points.filter { $0.x.isFinite && $0.y.isFinite }
        guard !finite.isEmpty else { return empty(title) }
        let legendRows = legendLines(groups, width: standardWidth - 80)
        let plot = Plot(width: standardWidth, height: 340 + Double(legendRows - 1) * (fontSize + 6),
                        x: (finite.map(\.x).min()!, finite.map(\.x).max()!), y: (finite.map(\.y).min()!, finite.map(\.y).max()!),
                        legend: true, legendRows: legendRows)
        var out = open(width: plot.width, height: plot.height, title: title) + plot.axes(xLabel: xLabel, yLabel: yLabel)
        for p in finite {
            out += "<circle cx=\"\(f(plot.x(p.x)))\" cy=\"\(f(plot.y(p.y)))\" r=\"2.4\" fill=\"\(palette[p.group % palette.count])\" fill-opacity=\"0.6\"/>"
        }
        out += legend(groups.enumerated().map { ($1, palette[$0 % palette.count]) }, left: plot.left, width: plot.right - plot.left)
        return out + "</svg>"
    }

    /// Lines over dated points (e.g. cumulative purchases, actual and predicted), with a dashed
    /// vertical marker at `marker` (e.g. the start of a holdout period).
    package static func lines(dates: [String], series: [(name: String, values: [Double], color: String)], marker: (index: Int, label: String)?,
                              title: String, xLabel: String, yLabel: String) -> String {
        guard dates.count >= 2, !series.isEmpty else { return empty(title) }
        let high = series.flatMap(\.values).filter(\.isFinite).max() ?? 1
        let plot = Plot(width: standardWidth, height: 300, x: (0, Double(dates.count - 1)), y: (0, max(high, 1e-9)), legend: true)
        var out = open(width: plot.width, height: plot.height, title: title) + plot.axes(xLabel: xLabel, yLabel: yLabel, xTicks: false)
        // Date ticks: as many as fit side by side.
        let labelWidth = TextMeasure.width(dates[0], fontSize) + 16
        let count = max(2, min(dates.count, Int((plot.right - plot.left) / labelWidth)))
        let ticks = Array(Set((0..<count).map { Int((Double($0) * Double(dates.count - 1) / Double(count - 1)).rounded()) })).sorted()
        for i in ticks {
            let x = plot.x(Double(i))
            out += "<path d=\"M\(f(x)) \(f(plot.bottom))v5\" stroke=\"#444\"/>"
            let anchor = i == 0 ? "start" : i == dates.count - 1 ? "end" : "middle"
            out += text(dates[i], x: x, y: plot.bottom + fontSize + 4, anchor: anchor, className: "tick")
        }
        if let marker, dates.indices.contains(marker.index) {
            let x = plot.x(Double(marker.index))
            out += "<path d=\"M\(f(x)) \(f(plot.top))V\(f(plot.bottom))\" stroke=\"#555\" stroke-dasharray=\"5 4\"/>"
            let right = x + 6 + TextMeasure.width(marker.label, fontSize) < plot.right
            out += text(marker.label, x: right ? x + 6 : x - 6, y: plot.top + fontSize + 2, anchor: right ? "start" : "end", className: "label")
        }
        for s in series {
            let points = s.values.enumerated().filter { $0.element.isFinite }.map { "\(f(plot.x(Double($0.offset)))) \(f(plot.y($0.element)))" }
            guard !points.isEmpty else { continue }
            out += "<path d=\"M" + points.joined(separator: "L") + "\" stroke=\"\(s.color)\" stroke-width=\"2\" fill=\"none\"><title>\(escape(s.name))</title></path>"
        }
        out += legend(series.map { ($0.name, $0.color) }, left: plot.left, width: plot.right - plot.left)
        return out + "</svg>"
    }

    /// A linear x/y plotting area with "nice" ticks and margins that fit its labels.
    package struct Plot {
        package let width: Double, height: Double
        package let left: Double, top: Double
        package var right: Double { width - 14 }
        package let bottom: Double
        package let xTicks: [Double], yTicks: [Double]
        package let x0: Double, x1: Double, y0: Double, y1: Double

        /// - Parameters:
        ///   - legend: leave room above the plot for a legend of `legendRows` lines.
        ///   - xLabelDepth: the room the x labels need below the axis.
        package init(width: Double, height: Double, x: (Double, Double), y: (Double, Double), legend: Bool = false,
                     legendRows: Int = 1, xLabelDepth: Double = SVGChart.fontSize + 8) {
            self.width = width
            self.height = height
            let yTicks = Plot.ticks(y.0, y.1)
            self.yTicks = yTicks
            (y0, y1) = (min(y.0, yTicks.first!), max(y.1, yTicks.last!, y.0 + 1e-9))
            let tickWidth = yTicks.map { TextMeasure.width(Format.number($0), SVGChart.fontSize) }.max() ?? 0
            left = SVGChart.fontSize + 12 + tickWidth + 10
            top = legend ? 14 + Double(legendRows) * (SVGChart.fontSize + 6) : SVGChart.fontSize
            bottom = height - xLabelDepth - SVGChart.fontSize - 12
            // x ticks: thinned until their labels do not touch.
            var ticks = Plot.ticks(x.0, x.1)
            let xs = (min(x.0, ticks.first!), max(x.1, ticks.last!, x.0 + 1e-9))
            let span = width - 14 - left
            while ticks.count > 2 {
                let step = (ticks[1] - ticks[0]) / (xs.1 - xs.0) * span
                let widest = ticks.map { TextMeasure.width(Format.number($0), SVGChart.fontSize) }.max() ?? 0
                if widest + 10 <= step { break }
                ticks = stride(from: 0, to: ticks.count, by: 2).map { ticks[$0] }
            }
            xTicks = ticks
            (x0, x1) = xs
        }

        package func x(_ v: Double) -> Double { left + (v - x0) / (x1 - x0) * (right - left) }
        package func y(_ v: Double) -> Double { bottom - (v - y0) / (y1 - y0) * (bottom - top) }

        package func axes(xLabel: String, yLabel: String, xTicks showX: Bool = true) -> String {
            let size = SVGChart.fontSize
            var out = "<path d=\"M\(f(left)) \(f(top))V\(f(bottom))H\(f(right))\" stroke=\"#444\" fill=\"none\"/>"
            if showX {
                for t in xTicks {
                    out += "<path d=\"M\(f(x(t))) \(f(bottom))v5\" stroke=\"#444\"/>"
                    out += text(Format.number(t), x: x(t), y: bottom + size + 4, anchor: "middle", className: "tick")
                }
            }
            for t in yTicks {
                out += "<path d=\"M\(f(left - 5)) \(f(y(t)))H\(f(right))\" stroke=\"#ddd\"/>"
                out += text(Format.number(t), x: left - 8, y: y(t) + size * 0.35, anchor: "end", className: "tick")
            }
            out += text(xLabel, x: (left + right) / 2, y: height - 6, anchor: "middle", className: "axis-title", fit: right - left)
            let middle = (top + bottom) / 2
            out += text(yLabel, x: size, y: middle, anchor: "middle", className: "axis-title", fit: bottom - top,
                        transform: "rotate(-90 \(f(size)) \(f(middle)))")
            return out
        }

        /// About five round tick values covering [low, high].
        package static func ticks(_ low: Double, _ high: Double) -> [Double] {
            let span = max(high - low, 1e-9)
            let raw = span / 5
            let magnitude = pow(10, floor(log10(raw)))
            let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
            let start = floor(low / step) * step
            return stride(from: start, through: high + step * 0.999, by: step).map { abs($0) < step * 1e-9 ? 0 : $0 }
        }
    }

    /// A `<text>`; with `fit`, shortened with "…" to that width, the whole text in its tooltip.
    package static func text(_ content: String, x: Double, y: Double, anchor: String = "start", className: String,
                             fit: Double? = nil, full: String? = nil, transform: String? = nil) -> String {
        guard !content.isEmpty else { return "" }
        let shown = fit.map { TextMeasure.fitted(content, fontSize, width: $0) } ?? content
        let whole = full ?? content
        var out = "<text x=\"\(f(x))\" y=\"\(f(y))\""
        if anchor != "start" { out += " text-anchor=\"\(anchor)\"" }
        out += " class=\"\(className)\""
        if let transform { out += " transform=\"\(transform)\"" }
        out += ">"
        if shown != whole { out += "<title>\(escape(whole))</title>" }
        return out + escape(shown) + "</text>"
    }

    /// Legend entries side by side from `left`, on as many lines as they need.
    package static func legend(_ entries: [(String, String)], left: Double, width: Double) -> String {
        var out = "", x = left, line = 0
        for (name, color) in entries {
            let w = TextMeasure.width(name, fontSize) + 28
            if x > left, x + w > left + width { x = left; line += 1 }
            let y = 14 + Double(line) * (fontSize + 6)
            out += "<circle cx=\"\(f(x + 5))\" cy=\"\(f(y - 5))\" r=\"5\" fill=\"\(color)\"/>"
            out += text(name, x: x + 14, y: y, className: "label", fit: width - 14)
            x += w
        }
        return out
    }

    /// Lines a legend of `names` takes in `width`.
    static func legendLines(_ names: [String], width: Double) -> Int {
        var x = 0.0, lines = 1
        for name in names {
            let w = TextMeasure.width(name, fontSize) + 28
            if x > 0, x + w > width { x = 0; lines += 1 }
            x += w
        }
        return lines
    }

    package static func open(width: Double, height: Double, title: String) -> String {
        // Text between minimumTextPixels and 15% above the chart size, whatever the page width.
        let minimum = (width * minimumTextPixels / fontSize).rounded(.up), maximum = (width * 1.15).rounded()
        return "<svg class=\"chart\" viewBox=\"0 0 \(f(width)) \(f(height))\" style=\"min-width:\(Int(minimum))px;max-width:\(Int(maximum))px\" role=\"img\" "
            + "aria-label=\"\(escape(title))\" xmlns=\"http://www.w3.org/2000/svg\">"
    }

    package static func empty(_ title: String) -> String {
        open(width: standardWidth, height: 40, title: title) + "<path d=\"M0 28h\(f(standardWidth))\" stroke=\"#ddd\"/>"
            + text("no data", x: standardWidth / 2, y: 20, anchor: "middle", className: "label") + "</svg>"
    }

    /// Coordinates with one decimal.
    package static func f(_ v: Double) -> String { NumberFormat.decimal(v, 1) }
}

/// The width text takes, estimated from its characters (a little above the usual sans-serif
/// widths, so that a label measured to fit does fit).
package enum TextMeasure {
    package static func width(_ text: String, _ size: Double) -> Double {
        var em = 0.0
        for ch in text {
            switch ch {
            case "i", "l", "j", "'", "|", ".", ",", ":", ";", "!": em += 0.32
            case " ", "f", "t", "r", "(", ")", "[", "]", "-", "/": em += 0.42
            case "m", "w", "M", "W", "%", "@", "—", "…": em += 0.95
            case "0"..."9": em += 0.64
            default: em += ch.isUppercase ? 0.74 : ch.isASCII ? 0.62 : 0.8
            }
        }
        return em * size
    }

    /// `text`, or its longest beginning that fits `width` with "…".
    package static func fitted(_ text: String, _ size: Double, width: Double) -> String {
        guard self.width(text, size) > width else { return text }
        var shown = ""
        for ch in text {
            if self.width(shown + String(ch) + "…", size) > width { break }
            shown.append(ch)
        }
        return shown + "…"
    }
}

/// HTML/XML text escaping: the report never lets data become markup.
package func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.count)
    for ch in text {
        switch ch {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(ch)
        }
    }
    return out
}

/// Numbers for people: 1.2M, 34.5%, 1,234.
package enum Format {
    package static func compact(_ v: Double) -> String {
        let a = abs(v)
        if a >= 1e9 { return NumberFormat.decimal(v / 1e9, 1) + "B" }
        if a >= 1e6 { return NumberFormat.decimal(v / 1e6, 1) + "M" }
        if a >= 1e4 { return NumberFormat.decimal(v / 1e3, 1) + "K" }
        return number(v)
    }

    package static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return NumberFormat.grouped(Int(v)) }
        return NumberFormat.decimal(v, abs(v) < 10 ? 2 : 1)
    }

    package static func count(_ n: Int) -> String { NumberFormat.grouped(n) }
    package static func percent(_ v: Double) -> String { NumberFormat.percent(v) }
}
