import Foundation

/// Training and validation curves as an SVG picture: one panel for the loss, one for the accuracy
/// (when recorded), epochs on the x axis.
public enum TrainingCurves {
    /// The SVG document for `history`.
    public static func svg(_ history: History, title: String = "Training") -> String {
        let panels = [("loss", "val_loss", "loss"), ("accuracy", "val_accuracy", "accuracy")]
            .filter { !history[$0.0].isEmpty || !history[$0.1].isEmpty }
        let panelWidth = 420.0, panelHeight = 300.0, margin = 56.0
        let width = Double(panels.count) * (panelWidth + margin) + margin, height = panelHeight + 2 * margin + 20
        var svg = SVGText.header(width: width, height: height, title: title)
        for (index, panel) in panels.enumerated() {
            let left = margin + Double(index) * (panelWidth + margin), top = margin
            // One value per epoch, NaN where an epoch lacks it, so every point sits at its own epoch.
            func series(_ name: String) -> [Double] {
                history[name].isEmpty ? [] : history.epochs.map { $0[name] ?? .nan }
            }
            svg += drawPanel(name: panel.2, series: [("training", series(panel.0), "#2563eb"), ("validation", series(panel.1), "#dc2626")],
                             left: left, top: top, width: panelWidth, height: panelHeight)
        }
        svg.append("</svg>")
        return svg.joined(separator: "\n") + "\n"
    }

    /// Writes the SVG for `history` to `url` atomically.
    public static func write(_ history: History, to url: URL, title: String = "Training") throws {
        try AtomicFile.write(Data(svg(history, title: title).utf8), to: url)
    }

    private static func drawPanel(name: String, series: [(String, [Double], String)], left: Double, top: Double, width: Double, height: Double) -> [String] {
        let values = series.flatMap(\.1).filter(\.isFinite)
        let epochs = Swift.max(series.map(\.1.count).max() ?? 1, 1)
        var low = values.min() ?? 0, high = values.max() ?? 1
        if high - low < 1e-9 { low -= 0.5; high += 0.5 }
        let pad = (high - low) * 0.05
        low -= pad; high += pad
        func x(_ epoch: Int) -> Double { left + (epochs == 1 ? width / 2 : Double(epoch) / Double(epochs - 1) * width) }
        func y(_ value: Double) -> Double { top + (high - value) / (high - low) * height }
        var lines = ["<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"none\" stroke=\"#999\"/>",
                     "<text x=\"\(f(left + width / 2))\" y=\"\(f(top - 10))\" text-anchor=\"middle\" font-size=\"13\">\(name)</text>",
                     "<text x=\"\(f(left + width / 2))\" y=\"\(f(top + height + 36))\" text-anchor=\"middle\">epoch</text>"]
        for tick in 0...4 {
            let value = low + (high - low) * Double(tick) / 4
            lines.append("<line x1=\"\(f(left - 4))\" y1=\"\(f(y(value)))\" x2=\"\(f(left + width))\" y2=\"\(f(y(value)))\" stroke=\"#eee\"/>")
            lines.append("<text x=\"\(f(left - 6))\" y=\"\(f(y(value) + 4))\" text-anchor=\"end\">\(String(format: "%.3g", value))</text>")
        }
        let step = Swift.max(1, epochs / 10)
        for epoch in stride(from: 0, to: epochs, by: step) {
            lines.append("<text x=\"\(f(x(epoch)))\" y=\"\(f(top + height + 16))\" text-anchor=\"middle\">\(epoch + 1)</text>")
        }
        for (index, (label, data, color)) in series.enumerated() where !data.isEmpty {
            let points = data.enumerated().filter { $0.element.isFinite }.map { "\(f(x($0.offset))),\(f(y($0.element)))" }.joined(separator: " ")
            lines.append("<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"/>")
            for (epoch, value) in data.enumerated() where value.isFinite {
                lines.append("<circle cx=\"\(f(x(epoch)))\" cy=\"\(f(y(value)))\" r=\"2.5\" fill=\"\(color)\"/>")
            }
            // Rising curves (accuracy) end top right, falling ones (loss) bottom right: put the legend opposite.
            let legendY = name == "accuracy" ? top + height - 26 + Double(index) * 16 : top + 16 + Double(index) * 16
            lines.append("<line x1=\"\(f(left + width - 110))\" y1=\"\(f(legendY - 4))\" x2=\"\(f(left + width - 92))\" y2=\"\(f(legendY - 4))\" stroke=\"\(color)\" stroke-width=\"2\"/>")
            lines.append("<text x=\"\(f(left + width - 86))\" y=\"\(f(legendY))\">\(label)</text>")
        }
        return lines
    }

    private static func f(_ value: Double) -> String { SVGText.number(value) }
}
