import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Nabla

/// The elements of an XML document in document order, with their attributes, and the text inside
/// each `<text>` element, as read by Foundation's XML parser; `nil` when the document is not well formed.
private final class SVGReader: NSObject, XMLParserDelegate {
    private(set) var elements: [(name: String, attributes: [String: String])] = []
    private(set) var texts: [String] = []
    private var insideText = false

    static func read(_ svg: String) -> SVGReader? {
        let reader = SVGReader()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = reader
        return parser.parse() ? reader : nil
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements.append((name, attributes))
        if name == "text" { insideText = true; texts.append("") }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text" { insideText = false }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if insideText { texts[texts.count - 1] += string }
    }

    func named(_ name: String) -> [[String: String]] { elements.filter { $0.name == name }.map(\.attributes) }

    /// The points of every polyline, as (x, y) pairs.
    var polylines: [[(x: Double, y: Double)]] {
        named("polyline").map { attributes in
            (attributes["points"] ?? "").split(separator: " ").map { pair in
                // A malformed pair reads as NaN, which fails every check made on it.
                let numbers = pair.split(separator: ",").map { Double($0) ?? .nan }
                return numbers.count == 2 ? (numbers[0], numbers[1]) : (.nan, .nan)
            }
        }
    }

    /// The panel frames: the rectangles with a grey outline.
    var panels: [(left: Double, top: Double, right: Double, bottom: Double)] {
        named("rect").filter { $0["stroke"] != nil }.map { rect in
            // A missing or malformed attribute reads as NaN, which fails every check made on it.
            let number = { (name: String) in rect[name].flatMap { Double($0) } ?? .nan }
            let (x, y) = (number("x"), number("y"))
            return (x, y, x + number("width"), y + number("height"))
        }
    }
}

private func history(_ columns: [String: [Double]]) -> History {
    let epochs = columns.values.map(\.count).max() ?? 0
    return History(epochs: (0..<epochs).map { epoch in columns.compactMapValues { $0.indices.contains(epoch) ? $0[epoch] : nil } })
}

/// `TrainingCurves`: the SVG's structure, panels, curves, escaping, edge cases and atomic writing.
@Suite struct TrainingCurvesTests {
    @Test(arguments: [
        (["loss": [1.0, 0.5, 0.25]], 1, 1),
        (["loss": [1.0, 0.5, 0.25], "val_loss": [1.2, 0.7, 0.6]], 1, 2),
        (["loss": [1.0, 0.5], "accuracy": [0.6, 0.8]], 2, 2),
        (["loss": [1.0, 0.5], "accuracy": [0.6, 0.8], "val_loss": [1.1, 0.9], "val_accuracy": [0.5, 0.7]], 2, 4),
        (["val_accuracy": [0.5, 0.7]], 1, 1),
    ])
    func onePolylinePerSeriesAndAnAccuracyPanelOnlyWhenRecorded(columns: [String: [Double]], panelCount: Int, curveCount: Int) throws {
        let svg = TrainingCurves.svg(history(columns))
        let reader = try #require(SVGReader.read(svg), "not well-formed XML:\n\(svg)")
        #expect(reader.elements.first?.name == "svg" && reader.elements.first?.attributes["xmlns"] == "http://www.w3.org/2000/svg")
        #expect(reader.panels.count == panelCount)
        #expect(reader.named("polyline").count == curveCount)
        let hasAccuracy = columns["accuracy"] != nil || columns["val_accuracy"] != nil
        #expect(reader.texts.contains("accuracy") == hasAccuracy, "\(reader.texts)")
        #expect(reader.texts.contains("loss") == (columns["loss"] != nil || columns["val_loss"] != nil))
        // The picture is as wide as its panels: 56 + 476 per panel.
        #expect(reader.elements.first?.attributes["width"] == "\(56 + 476 * panelCount)")
        // Every point lies inside a panel frame.
        for line in reader.polylines {
            for point in line {
                #expect(reader.panels.contains { point.x >= $0.left && point.x <= $0.right && point.y >= $0.top && point.y <= $0.bottom },
                        "(\(point.x), \(point.y)) outside the panels")
            }
        }
    }

    @Test func curvesGoAcrossThePanelInEpochOrder() throws {
        let reader = try #require(SVGReader.read(TrainingCurves.svg(history(["loss": [4, 3, 1, 2, 0.5]]))))
        let points = try #require(reader.polylines.first)
        let frame = try #require(reader.panels.first)
        #expect(points.count == 5)
        // Epochs spread evenly from the left edge to the right edge.
        #expect(points.first?.x == frame.left && points.last?.x == frame.right)
        let steps = zip(points.dropFirst(), points).map { $0.x - $1.x }
        #expect(steps.allSatisfy { Swift.abs($0 - (frame.right - frame.left) / 4) < 0.11 }, "\(steps)")
        // Larger losses are higher up (smaller y): 4 > 3 > 2 > 1 > 0.5.
        let ranks = points.indices.sorted { points[$0].y < points[$1].y }
        #expect(ranks == [0, 1, 3, 2, 4])
        // One marker per point, and epoch labels 1 to 5.
        #expect(reader.named("circle").count == 5)
        for label in ["1", "2", "3", "4", "5", "epoch"] { #expect(reader.texts.contains(label), "\(label)") }
    }

    @Test func titleIsEscaped() throws {
        let title = "Runs <3 & \"more\" > none"
        let svg = TrainingCurves.svg(history(["loss": [1, 0.5]]), title: title)
        let reader = try #require(SVGReader.read(svg), "not well-formed XML:\n\(svg)")
        #expect(reader.texts.first == title)
        #expect(!svg.contains("<3"))
    }

    @Test func singleEpochIsAPointInTheMiddle() throws {
        let svg = TrainingCurves.svg(history(["loss": [0.7], "val_loss": [0.9], "accuracy": [0.5]]))
        let reader = try #require(SVGReader.read(svg))
        #expect(!svg.lowercased().contains("nan") && !svg.lowercased().contains("inf"), "\(svg)")
        #expect(reader.polylines.count == 3 && reader.polylines.allSatisfy { $0.count == 1 })
        let frames = reader.panels
        for line in reader.polylines {
            let point = line[0]
            #expect(frames.contains { Swift.abs(point.x - ($0.left + $0.right) / 2) < 0.051 && point.y >= $0.top && point.y <= $0.bottom })
        }
    }

    @Test func nonFiniteValuesAreLeftOut() throws {
        let svg = TrainingCurves.svg(history(["loss": [1, .nan, 0.5, .infinity], "val_loss": [.nan, .nan, .nan, .nan]]))
        let reader = try #require(SVGReader.read(svg), "not well-formed XML:\n\(svg)")
        #expect(!svg.lowercased().contains("nan") && !svg.lowercased().contains("inf"), "\(svg)")
        // The training curve keeps epochs 1 and 3 at their own places; the validation one has no point.
        let lines = reader.polylines
        #expect(lines.map(\.count) == [2, 0])
        let frame = try #require(reader.panels.first)
        if lines.first?.count == 2 {
            #expect(lines[0][0].x == frame.left && Swift.abs(lines[0][1].x - (frame.left + (frame.right - frame.left) * 2 / 3)) < 0.051)
        }
        #expect(reader.named("circle").count == 2)
    }

    @Test func emptyHistoryIsAnEmptyPicture() throws {
        let reader = try #require(SVGReader.read(TrainingCurves.svg(History())))
        #expect(reader.panels.isEmpty && reader.named("polyline").isEmpty)
    }

    /// A value missing in some epochs (validation only every other epoch) is drawn at the epochs it has.
    @Test func pointsSitAtTheirOwnEpochs() throws {
        let epochs = History(epochs: [["loss": 1, "val_loss": 2], ["loss": 0.5], ["loss": 0.25, "val_loss": 1]])
        let reader = try #require(SVGReader.read(TrainingCurves.svg(epochs)))
        let lines = reader.polylines
        try #require(lines.count == 2)
        let training = lines[0], validation = lines[1]
        #expect(training.count == 3 && validation.count == 2)
        #expect(validation.first?.x == training.first?.x && validation.last?.x == training.last?.x,
                "validation points of epochs 1 and 3 must sit above epochs 1 and 3")
    }

    @Test func writeReplacesTheFileAtomically() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nabla-curves-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("curves.svg")
        try Data("old contents".utf8).write(to: url)
        let oldIdentity = try FileManager.default.attributesOfItem(atPath: url.path)[.systemFileNumber] as? Int

        let first = history(["loss": [1, 0.5]])
        try TrainingCurves.write(first, to: url, title: "first")
        #expect(try String(contentsOf: url, encoding: .utf8) == TrainingCurves.svg(first, title: "first"))
        // A new file was renamed into place: the old one was not overwritten where it lay.
        let newIdentity = try FileManager.default.attributesOfItem(atPath: url.path)[.systemFileNumber] as? Int
        #expect(oldIdentity != nil && newIdentity != nil && oldIdentity != newIdentity)

        let second = history(["loss": [1, 0.5, 0.2], "accuracy": [0.1, 0.2, 0.3]])
        try TrainingCurves.write(second, to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == TrainingCurves.svg(second))
        // No temporary files are left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["curves.svg"])
    }

    @Test func writeIntoAMissingDirectoryThrows() {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nabla-missing-\(UUID().uuidString)/curves.svg")
        #expect(throws: (any Error).self) { try TrainingCurves.write(history(["loss": [1]]), to: url) }
    }
}
