import Foundation

/// A line chart as an SVG picture: several series over the same labelled x positions (e.g. a forecast
/// against the truth, month by month), with axes, grid lines and a legend.
///
/// ```swift
/// var plot = LinePlot(title: "CO2 at Mauna Loa, test months", xLabels: months, yLabel: "ppmv")
/// plot.add("truth", truth, color: "#111827")
/// plot.add("LSTM", forecast, color: "#2563eb")
/// try plot.write(to: URL(fileURLWithPath: "forecast.svg"))
/// ```
public struct LinePlot: Sendable {
    /// One line: its name in the legend, one value per x position (NaN where it has none), its colour,
    /// and whether it is drawn dashed.
    public struct Series: Sendable {
        /// The name in the legend.
        public let name: String
        /// The y value at each x label.
        public let values: [Double]
        /// The line's CSS colour (`#1f77b4`).
        public let color: String
        /// Whether the line is dashed.
        public let dashed: Bool
    }

    /// The heading above the chart.
    public var title: String
    /// The label of each x position; a few of them are written under the axis.
    public var xLabels: [String]
    /// The label of the y axis (units).
    public var yLabel: String
    /// The lines, drawn in order.
    public private(set) var series: [Series] = []

    /// An empty chart over `xLabels.count` positions.
    public init(title: String, xLabels: [String], yLabel: String = "") {
        self.title = title
        self.xLabels = xLabels
        self.yLabel = yLabel
    }

    /// Adds a line with one value per x position (NaN for none).
    public mutating func add(_ name: String, _ values: [Double], color: String, dashed: Bool = false) {
        require(values.count == xLabels.count, "LinePlot: '\(name)' has \(values.count) values for \(xLabels.count) positions")
        series.append(Series(name: name, values: values, color: color, dashed: dashed))
    }

    /// The SVG document.
    public func svg() -> String {
        let plotWidth = 760.0, plotHeight = 360.0, left = 70.0, top = 50.0, legendWidth = 170.0
        let width = left + plotWidth + legendWidth, height = top + plotHeight + 60
        let finite = series.flatMap(\.values).filter(\.isFinite)
        var low = finite.min() ?? 0, high = finite.max() ?? 1
        if high - low < 1e-9 { low -= 0.5; high += 0.5 }
        let pad = (high - low) * 0.05
        low -= pad; high += pad
        let positions = Swift.max(xLabels.count, 2)
        func x(_ index: Int) -> Double { left + Double(index) / Double(positions - 1) * plotWidth }
        func y(_ value: Double) -> Double { top + (high - value) / (high - low) * plotHeight }
        let n = SVGText.number
        var lines = SVGText.header(width: width, height: height, title: title)
        lines.append("<rect x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(plotWidth))\" height=\"\(n(plotHeight))\" fill=\"none\" stroke=\"#999\"/>")
        for tick in 0...5 {
            let value = low + (high - low) * Double(tick) / 5
            lines.append("<line x1=\"\(n(left - 4))\" y1=\"\(n(y(value)))\" x2=\"\(n(left + plotWidth))\" y2=\"\(n(y(value)))\" stroke=\"#eee\"/>")
            lines.append("<text x=\"\(n(left - 6))\" y=\"\(n(y(value) + 4))\" text-anchor=\"end\">\(String(format: "%.4g", value))</text>")
        }
        let step = Swift.max(1, xLabels.count / 8)
        for index in Swift.stride(from: 0, to: xLabels.count, by: step) {
            lines.append("<line x1=\"\(n(x(index)))\" y1=\"\(n(top + plotHeight))\" x2=\"\(n(x(index)))\" y2=\"\(n(top + plotHeight + 4))\" stroke=\"#999\"/>")
            lines.append("<text x=\"\(n(x(index)))\" y=\"\(n(top + plotHeight + 18))\" text-anchor=\"middle\">\(SVGText.escape(xLabels[index]))</text>")
        }
        if !yLabel.isEmpty {
            lines.append("<text x=\"16\" y=\"\(n(top + plotHeight / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 16 \(n(top + plotHeight / 2)))\">\(SVGText.escape(yLabel))</text>")
        }
        for (index, line) in series.enumerated() {
            let dash = line.dashed ? " stroke-dasharray=\"6 4\"" : ""
            // A gap (NaN) ends one polyline; the next finite value starts another.
            var runs: [[String]] = [[]]
            for (position, value) in line.values.enumerated() {
                if value.isFinite { runs[runs.count - 1].append("\(n(x(position))),\(n(y(value)))") } else if !runs[runs.count - 1].isEmpty { runs.append([]) }
            }
            for run in runs where !run.isEmpty {
                lines.append("<polyline points=\"\(run.joined(separator: " "))\" fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"1.8\"\(dash)/>")
            }
            let legendY = top + 14 + Double(index) * 20, legendX = left + plotWidth + 16
            lines.append("<line x1=\"\(n(legendX))\" y1=\"\(n(legendY - 4))\" x2=\"\(n(legendX + 24))\" y2=\"\(n(legendY - 4))\" stroke=\"\(line.color)\" stroke-width=\"2\"\(dash)/>")
            lines.append("<text x=\"\(n(legendX + 30))\" y=\"\(n(legendY))\">\(SVGText.escape(line.name))</text>")
        }
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the SVG document to `url` atomically.
    public func write(to url: URL) throws {
        try Data(svg().utf8).write(to: url, options: .atomic)
    }
}
