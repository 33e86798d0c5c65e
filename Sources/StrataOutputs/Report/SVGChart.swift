import Foundation
import StrataCore

/// Small, dependency-free SVG charts for the HTML report: horizontal bars, histograms, heat maps
/// and scatter plots, with axes, ticks, labels and native tooltips (`<title>`). They scale to the
/// page width (`viewBox`), so they read at 1280 px and on a phone. Colours: the Okabe–Ito
/// colour-blind-safe palette.
package enum SVGChart {
    package static let palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

    /// One bar per item, labelled on the left, value text on the right.
    package static func bars(_ items: [(label: String, value: Double, text: String)], title: String, color: String = palette[0]) -> String {
        let width = 640.0, labelWidth = 190.0, valueWidth = 90.0, rowHeight = 26.0
        let height = Double(items.count) * rowHeight + 20
        let top = max(items.map(\.value).max() ?? 0, 1e-12)
        var out = open(width: width, height: height, title: title)
        for (i, item) in items.enumerated() {
            let y = 10 + Double(i) * rowHeight
            let w = max(0, item.value) / top * (width - labelWidth - valueWidth)
            out += "<text x=\"\(f(labelWidth - 8))\" y=\"\(f(y + 17))\" text-anchor=\"end\" class=\"label\">\(escape(item.label))</text>"
            out += "<path d=\"M\(f(labelWidth)) \(f(y + 4))h\(f(max(w, 1)))v18h\(f(-max(w, 1)))z\" fill=\"\(color)\">"
            out += "<title>\(escape(item.label)): \(escape(item.text))</title></path>"
            out += "<text x=\"\(f(labelWidth + w + 6))\" y=\"\(f(y + 17))\" class=\"value\">\(escape(item.text))</text>"
        }
        return out + "</svg>"
    }

    /// Two bars per category (e.g. actual and predicted), with a legend.
    package static func pairedBars(_ categories: [String], _ a: [Double], _ b: [Double], names: (String, String), title: String,
                           xLabel: String, yLabel: String) -> String {
        guard !categories.isEmpty else { return empty(title) }
        let plot = Plot(width: 640, height: 280, x: (0, Double(categories.count)), y: (0, max(a.max() ?? 0, b.max() ?? 0, 1e-9)))
        var out = open(width: plot.width, height: plot.height, title: title)
        out += "<path d=\"M\(f(plot.left)) \(f(plot.top))V\(f(plot.bottom))H\(f(plot.right))\" stroke=\"#444\" fill=\"none\"/>"
        for t in plot.yTicks {
            out += "<path d=\"M\(f(plot.left - 5)) \(f(plot.y(t)))H\(f(plot.right))\" stroke=\"#ddd\"/>"
            out += "<text x=\"\(f(plot.left - 8))\" y=\"\(f(plot.y(t) + 4))\" text-anchor=\"end\" class=\"tick\">\(Format.number(t))</text>"
        }
        let slot = (plot.right - plot.left) / Double(categories.count)
        for (i, category) in categories.enumerated() {
            let x = plot.left + Double(i) * slot
            for (k, (value, color, name)) in [(a[i], palette[0], names.0), (b[i], palette[1], names.1)].enumerated() {
                let bx = x + slot * (0.12 + 0.38 * Double(k)), y = plot.y(value)
                out += "<path d=\"M\(f(bx)) \(f(plot.bottom))V\(f(y))h\(f(slot * 0.36))V\(f(plot.bottom))z\" fill=\"\(color)\">"
                out += "<title>\(escape(category)) — \(escape(name)): \(Format.number(value))</title></path>"
            }
            out += "<text x=\"\(f(x + slot / 2))\" y=\"\(f(plot.bottom + 18))\" text-anchor=\"middle\" class=\"tick\">\(escape(category))</text>"
        }
        for (k, (name, color)) in [(names.0, palette[0]), (names.1, palette[1])].enumerated() {
            let x = plot.left + 10 + Double(k) * 130
            out += "<circle cx=\"\(f(x))\" cy=\"12\" r=\"5\" fill=\"\(color)\"/><text x=\"\(f(x + 9))\" y=\"16\" class=\"label\">\(escape(name))</text>"
        }
        out += "<text x=\"\(f((plot.left + plot.right) / 2))\" y=\"\(f(plot.height - 6))\" text-anchor=\"middle\" class=\"axis-title\">\(escape(xLabel))</text>"
        out += "<text x=\"12\" y=\"\(f((plot.top + plot.bottom) / 2))\" text-anchor=\"middle\" class=\"axis-title\" transform=\"rotate(-90 12 \(f((plot.top + plot.bottom) / 2)))\">\(escape(yLabel))</text>"
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
        let plot = Plot(width: 640, height: 260, x: (lo, hi), y: (0, Double(counts.max() ?? 1)))
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
    package static func heatMap(rows: [String], columns: [String], values: [[Double]], labels: [[String]], details: [[String]],
                        title: String, rowTitle: String, columnTitle: String) -> String {
        let cell = 100.0, top = 30.0
        let left = max(70.0, Double(rows.map(\.count).max() ?? 0) * 7 + 34)
        let width = left + Double(columns.count) * cell + 10, height = top + Double(rows.count) * 56 + 40
        let highest = max(values.flatMap { $0 }.max() ?? 0, 1e-12)
        var out = open(width: width, height: height, title: title)
        out += "<text x=\"\(f(left + Double(columns.count) * cell / 2))\" y=\"14\" text-anchor=\"middle\" class=\"axis-title\">\(escape(columnTitle))</text>"
        out += "<text x=\"14\" y=\"\(f(top + Double(rows.count) * 28))\" text-anchor=\"middle\" class=\"axis-title\" transform=\"rotate(-90 14 \(f(top + Double(rows.count) * 28)))\">\(escape(rowTitle))</text>"
        for (j, column) in columns.enumerated() {
            out += "<text x=\"\(f(left + Double(j) * cell + cell / 2))\" y=\"\(f(height - 12))\" text-anchor=\"middle\" class=\"label\">\(escape(column))</text>"
        }
        for (i, row) in rows.enumerated() {
            let y = top + Double(i) * 56
            out += "<text x=\"\(f(left - 8))\" y=\"\(f(y + 32))\" text-anchor=\"end\" class=\"label\">\(escape(row))</text>"
            for j in columns.indices {
                let share = values[i][j] / highest
                let x = left + Double(j) * cell
                out += "<path d=\"M\(f(x + 1)) \(f(y + 1))h\(f(cell - 2))v54h\(f(-(cell - 2)))z\" fill=\"\(palette[0])\" fill-opacity=\"\(f(0.08 + 0.85 * share))\">"
                out += "<title>\(escape(labels[i][j])): \(escape(details[i][j]))</title></path>"
                out += "<text x=\"\(f(x + cell / 2))\" y=\"\(f(y + 24))\" text-anchor=\"middle\" class=\"cell\(share > 0.5 ? " dark" : "")\">\(escape(labels[i][j]))</text>"
                out += "<text x=\"\(f(x + cell / 2))\" y=\"\(f(y + 42))\" text-anchor=\"middle\" class=\"cell\(share > 0.5 ? " dark" : "")\">\(escape(details[i][j]))</text>"
            }
        }
        return out + "</svg>"
    }

    /// Points coloured by group (index into ``palette``), with a legend.
    package static func scatter(_ points: [(x: Double, y: Double, group: Int)], groups: [String], title: String, xLabel: String, yLabel: String) -> String {
        let finite = points.filter { $0.x.isFinite && $0.y.isFinite }
        guard !finite.isEmpty else { return empty(title) }
        let plot = Plot(width: 640, height: 320, x: (finite.map(\.x).min()!, finite.map(\.x).max()!),
                        y: (finite.map(\.y).min()!, finite.map(\.y).max()!))
        var out = open(width: plot.width, height: plot.height, title: title) + plot.axes(xLabel: xLabel, yLabel: yLabel)
        for p in finite {
            out += "<circle cx=\"\(f(plot.x(p.x)))\" cy=\"\(f(plot.y(p.y)))\" r=\"2.2\" fill=\"\(palette[p.group % palette.count])\" fill-opacity=\"0.6\"/>"
        }
        for (i, name) in groups.enumerated() {
            let x = plot.left + Double(i) * 120
            out += "<circle cx=\"\(f(x + 4))\" cy=\"10\" r=\"4\" fill=\"\(palette[i % palette.count])\"/>"
            out += "<text x=\"\(f(x + 12))\" y=\"14\" class=\"label\">\(escape(name))</text>"
        }
        return out + "</svg>"
    }

    /// A linear x/y plotting area with "nice" ticks.
    package struct Plot {
        package let width: Double, height: Double
        package let left = 56.0, top = 24.0
        package var right: Double { width - 16 }
        package var bottom: Double { height - 44 }
        package let xTicks: [Double], yTicks: [Double]
        package let x0: Double, x1: Double, y0: Double, y1: Double

        package init(width: Double, height: Double, x: (Double, Double), y: (Double, Double)) {
            self.width = width
            self.height = height
            xTicks = Plot.ticks(x.0, x.1)
            yTicks = Plot.ticks(y.0, y.1)
            (x0, x1) = (min(x.0, xTicks.first!), max(x.1, xTicks.last!, x.0 + 1e-9))
            (y0, y1) = (min(y.0, yTicks.first!), max(y.1, yTicks.last!, y.0 + 1e-9))
        }

        package func x(_ v: Double) -> Double { left + (v - x0) / (x1 - x0) * (right - left) }
        package func y(_ v: Double) -> Double { bottom - (v - y0) / (y1 - y0) * (bottom - top) }

        package func axes(xLabel: String, yLabel: String) -> String {
            var out = "<path d=\"M\(f(left)) \(f(top))V\(f(bottom))H\(f(right))\" stroke=\"#444\" fill=\"none\"/>"
            for t in xTicks {
                out += "<path d=\"M\(f(x(t))) \(f(bottom))v5\" stroke=\"#444\"/>"
                out += "<text x=\"\(f(x(t)))\" y=\"\(f(bottom + 18))\" text-anchor=\"middle\" class=\"tick\">\(Format.number(t))</text>"
            }
            for t in yTicks {
                out += "<path d=\"M\(f(left - 5)) \(f(y(t)))H\(f(right))\" stroke=\"#ddd\"/>"
                out += "<text x=\"\(f(left - 8))\" y=\"\(f(y(t) + 4))\" text-anchor=\"end\" class=\"tick\">\(Format.number(t))</text>"
            }
            out += "<text x=\"\(f((left + right) / 2))\" y=\"\(f(height - 6))\" text-anchor=\"middle\" class=\"axis-title\">\(escape(xLabel))</text>"
            out += "<text x=\"12\" y=\"\(f((top + bottom) / 2))\" text-anchor=\"middle\" class=\"axis-title\" transform=\"rotate(-90 12 \(f((top + bottom) / 2)))\">\(escape(yLabel))</text>"
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

    package static func open(width: Double, height: Double, title: String) -> String {
        "<svg class=\"chart\" viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\" aria-label=\"\(escape(title))\" xmlns=\"http://www.w3.org/2000/svg\">"
    }

    package static func empty(_ title: String) -> String {
        open(width: 640, height: 40, title: title) + "<path d=\"M0 20h640\" stroke=\"#ddd\"/><text x=\"320\" y=\"16\" text-anchor=\"middle\" class=\"label\">no data</text></svg>"
    }

    /// Coordinates with one decimal.
    package static func f(_ v: Double) -> String { NumberFormat.decimal(v, 1) }
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
