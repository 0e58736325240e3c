import ArgumentParser
import Foundation
import Nabla

/// The options that describe captioning scenes, shared by `nabla caption train` and `nabla caption scenes`:
/// the grid, the number of items, the item words and where Fashion-MNIST is.
struct CaptionSceneOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Rows of the scenes' grid (1-3).") var rows = 2
    @Option(parsing: .unconditional, help: "Columns of the scenes' grid (1-3).") var columns = 2
    @Option(name: .customLong("min-items"), parsing: .unconditional, help: "Fewest items in a scene.") var minimumItems = 2
    @Option(name: .customLong("max-items"), parsing: .unconditional, help: "Most items in a scene (at most rows × columns).") var maximumItems = 4
    @Option(help: "Item words: garments (the four upper-body classes T-shirt, pullover, coat and shirt all \"top\", seven words) or classes (one word per class).")
    var words = "garments"
    @Option(name: .customLong("data-dir"), help: "Directory holding Fashion-MNIST's IDX files (default: searched as nabla train does).")
    var dataDirectory: String?

    func validate() throws {
        try OptionCheck.within(rows, 1...3, "--rows")
        try OptionCheck.within(columns, 1...3, "--columns")
        try OptionCheck.within(minimumItems, 1...(rows * columns), "--min-items")
        try OptionCheck.within(maximumItems, minimumItems...(rows * columns), "--max-items")
        guard ["garments", "classes"].contains(words) else { throw ValidationError("--words must be garments or classes, got '\(words)'") }
    }

    /// The grammar the options describe.
    func grammar() throws -> SceneCaptionGrammar {
        try SceneCaptionGrammar(rows: rows, columns: columns,
                                itemWords: words == "classes" ? SceneCaptionGrammar.classWords : SceneCaptionGrammar.garmentWords)
    }

    /// One split of Fashion-MNIST, from `--data-dir` or wherever `nabla train` would find it.
    func load(_ split: MNISTSplit) throws -> MNISTData {
        try MNIST.load(.fashionMNIST, split: split, directory: dataDirectory.map { URL(fileURLWithPath: $0) })
    }

    /// A composer of scenes from `data`'s images at `pool` (all by default).
    func composer(_ data: MNISTData, pool: [Int]? = nil) throws -> SceneComposer {
        try SceneComposer(images: data.images, labels: data.labels.scalars(as: Int.self), pool: pool, rows: rows, columns: columns,
                          itemCounts: minimumItems...maximumItems)
    }
}
