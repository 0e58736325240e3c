import ArgumentParser
import Foundation
import Nabla

/// `nabla caption scenes`: writes random scenes of Fashion-MNIST test items as PNG files, with their captions.
struct CaptionScenesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenes",
        abstract: "Write random scenes of Fashion-MNIST test items as PNG files (inputs for nabla caption MODEL IMAGE).",
        discussion: "Prints each file's true caption. The scenes must use the grid a model was trained on."
    )

    @OptionGroup var scene: CaptionSceneOptions
    @Option(parsing: .unconditional, help: "Scenes to write.") var count = 8
    @Option(parsing: .unconditional, help: "Random seed of the scenes.") var seed: UInt64 = 1
    @Option(name: .customLong("output"), help: "Output directory.") var outputDirectory = "runs/caption-scenes"

    func validate() throws {
        try OptionCheck.within(count, 1...10_000, "--count")
    }

    func run() throws {
        let names = (1...count).map { "scene-\($0).png" }
        let output = URL(fileURLWithPath: outputDirectory)
        try PathCheck.prepareOutputDirectory(output, fileNames: names)
        let composer = try scene.composer(try scene.load(.test))
        let grammar = try scene.grammar()
        for (name, item) in zip(names, composer.randomScenes(count: count, seed: seed)) {
            let url = output.appendingPathComponent(name)
            try ImageFile.write(Tensor(composer.canvas(item), shape: [composer.height, composer.width]), pngTo: url)
            print("\(url.path): \(SceneCaptionGrammar.sentence(try grammar.caption(of: item)))")
        }
    }
}
