import Foundation
import Testing
@testable import Nabla

@Suite struct LinePlotTests {
    @Test func eachSeriesIsALineInTheLegendAndGapsSplitLines() {
        var plot = LinePlot(title: "A < B", xLabels: ["1", "2", "3", "4"], yLabel: "ppmv")
        plot.add("truth", [1, 2, 3, 4], color: "#111111")
        plot.add("forecast", [.nan, 2, .nan, 4.5], color: "#222222", dashed: true)
        let svg = plot.svg()
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
        #expect(svg.contains("A &lt; B"))
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 3, "one line for the truth, two runs for the forecast")
        #expect(svg.contains(">truth</text>") && svg.contains(">forecast</text>"))
        #expect(svg.contains("stroke-dasharray"))
    }

    @Test func writesTheFile() throws {
        var plot = LinePlot(title: "t", xLabels: ["a", "b"])
        plot.add("s", [0, 1], color: "#000")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lineplot-\(UUID().uuidString).svg")
        defer { try? FileManager.default.removeItem(at: url) }
        try plot.write(to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == plot.svg())
    }
}
