/// Inline SVG charts for `report.html`: drawn from bounded lists, no scripts, fixed sizes.
enum SVGChart {
    static let width = 640.0
    private static let axisColor = "#90a4ae"

    /// Horizontal bars, one per item, each with its value written after it.
    static func horizontalBars(_ bars: [ReportFigures.Bar], colors: [String], title: String,
                               format: (Double) -> String) -> String {
        let rowHeight = 24.0, labelWidth = 150.0, valueWidth = 90.0
        let height = rowHeight * Double(bars.count) + 8
        let maximum = max(bars.map(\.value).max() ?? 0, 1)
        let area = width - labelWidth - valueWidth
        var svg = open(height: height, title: title)
        for (index, bar) in bars.enumerated() {
            let y = 4 + rowHeight * Double(index)
            let length = bar.value > 0 ? max(1, area * bar.value / maximum) : 0
            svg += text(x: labelWidth - 8, y: y + 16, anchor: "end", bar.label)
            svg += "<rect x=\"\(labelWidth)\" y=\"\(n(y + 3))\" width=\"\(n(length))\" height=\"\(n(rowHeight - 6))\" fill=\"\(colors[index % colors.count])\"/>"
            svg += text(x: labelWidth + length + 6, y: y + 16, anchor: "start", format(bar.value))
        }
        return svg + "</svg>"
    }

    /// Vertical columns (a histogram) with a labelled y axis.
    static func columns(_ bars: [ReportFigures.Bar], color: String, title: String, yLabel: String) -> String {
        let height = 230.0, left = 64.0, bottom = 40.0, top = 12.0
        let plotHeight = height - bottom - top
        let maximum = niceCeiling(bars.map(\.value).max() ?? 0)
        let slot = (width - left - 8) / Double(max(bars.count, 1))
        let labelStep = (bars.count + 15) / 16
        var svg = open(height: height, title: title)
        svg += yAxis(left: left, top: top, plotHeight: plotHeight, maximum: maximum, label: yLabel)
        for (index, bar) in bars.enumerated() {
            let x = left + slot * Double(index)
            let barHeight = plotHeight * bar.value / maximum
            svg += "<rect x=\"\(n(x + slot * 0.15))\" y=\"\(n(top + plotHeight - barHeight))\" width=\"\(n(slot * 0.7))\" height=\"\(n(barHeight))\" fill=\"\(color)\"><title>\(HTMLText.escape(bar.label)): \(HTMLText.decimal(bar.value))</title></rect>"
            if index % labelStep == 0 { svg += text(x: x + slot / 2, y: top + plotHeight + 16, anchor: "middle", bar.label, size: 10) }
        }
        return svg + "</svg>"
    }

    /// Requests and successes per minute over the job's time, with the configured rate as a dashed line.
    static func rateLines(_ points: [ReportFigures.RatePoint], bucketSeconds: Double, configured: Double?, title: String) -> String {
        let height = 250.0, left = 64.0, bottom = 40.0, top = 12.0, right = 12.0
        let plotHeight = height - bottom - top, plotWidth = width - left - right
        let peak = max(points.map(\.requestsPerMinute).max() ?? 0, configured ?? 0)
        let maximum = niceCeiling(peak * 1.05)
        let span = max((points.last?.offset ?? 0) + bucketSeconds, bucketSeconds)
        func x(_ offset: Double) -> Double { left + plotWidth * offset / span }
        func y(_ value: Double) -> Double { top + plotHeight - plotHeight * value / maximum }
        var svg = open(height: height, title: title)
        svg += yAxis(left: left, top: top, plotHeight: plotHeight, maximum: maximum, label: "per minute")
        for tick in 0...4 {
            let offset = span * Double(tick) / 4
            svg += text(x: x(offset), y: top + plotHeight + 16, anchor: tick == 4 ? "end" : "middle", DurationText.short(offset))
        }
        if let configured {
            svg += "<line x1=\"\(n(left))\" y1=\"\(n(y(configured)))\" x2=\"\(n(left + plotWidth))\" y2=\"\(n(y(configured)))\" stroke=\"#c62828\" stroke-dasharray=\"6 4\"/>"
        }
        let requests = points.map { "\(n(x($0.offset + bucketSeconds / 2))),\(n(y($0.requestsPerMinute)))" }
        let successes = points.map { "\(n(x($0.offset + bucketSeconds / 2))),\(n(y($0.successesPerMinute)))" }
        svg += "<polyline fill=\"none\" stroke=\"#1565c0\" stroke-width=\"2\" points=\"\(requests.joined(separator: " "))\"/>"
        svg += "<polyline fill=\"none\" stroke=\"#2e7d32\" stroke-width=\"2\" stroke-dasharray=\"2 2\" points=\"\(successes.joined(separator: " "))\"/>"
        svg += text(x: left + plotWidth / 2, y: height - 4, anchor: "middle", "time since the first request (buckets of \(DurationText.short(bucketSeconds)))")
        return svg + "</svg>"
    }

    /// The smallest 1, 2, 2.5 or 5 × 10ⁿ at or above `value` (at least 1).
    static func niceCeiling(_ value: Double) -> Double {
        guard value > 1 else { return 1 }
        var magnitude = 1.0
        while magnitude * 10 <= value { magnitude *= 10 }
        for step in [1.0, 2, 2.5, 5, 10] where step * magnitude >= value { return step * magnitude }
        return 10 * magnitude
    }

    private static func yAxis(left: Double, top: Double, plotHeight: Double, maximum: Double, label: String) -> String {
        var svg = ""
        for tick in 0...4 {
            let value = maximum * Double(tick) / 4
            let y = top + plotHeight - plotHeight * Double(tick) / 4
            svg += "<line x1=\"\(n(left))\" y1=\"\(n(y))\" x2=\"\(n(width - 8))\" y2=\"\(n(y))\" stroke=\"#eceff1\"/>"
            svg += text(x: left - 6, y: y + 4, anchor: "end", HTMLText.decimal(value))
        }
        svg += "<line x1=\"\(n(left))\" y1=\"\(n(top))\" x2=\"\(n(left))\" y2=\"\(n(top + plotHeight))\" stroke=\"\(axisColor)\"/>"
        svg += "<line x1=\"\(n(left))\" y1=\"\(n(top + plotHeight))\" x2=\"\(n(width - 8))\" y2=\"\(n(top + plotHeight))\" stroke=\"\(axisColor)\"/>"
        svg += "<text x=\"12\" y=\"\(n(top + plotHeight / 2))\" font-size=\"12\" fill=\"#37474f\" text-anchor=\"middle\" transform=\"rotate(-90 12 \(n(top + plotHeight / 2)))\">\(HTMLText.escape(label))</text>"
        return svg
    }

    private static func open(height: Double, title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"\(n(width))\" height=\"\(n(height))\" viewBox=\"0 0 \(n(width)) \(n(height))\"><title>\(HTMLText.escape(title))</title>"
    }

    private static func text(x: Double, y: Double, anchor: String, _ content: String, size: Int = 12) -> String {
        "<text x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(size)\" fill=\"#37474f\" text-anchor=\"\(anchor)\">\(HTMLText.escape(content))</text>"
    }

    /// A coordinate with one decimal at most, to keep the file small.
    private static func n(_ value: Double) -> String { HTMLText.decimal(value, grouping: false) }
}
