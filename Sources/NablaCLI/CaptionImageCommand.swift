import ArgumentParser
import Foundation
import Nabla
import NablaExamples

/// `nabla caption MODEL IMAGE`: captions a scene picture with a model written by `nabla caption train`.
struct CaptionImageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Caption a scene picture (PNG or PGM) with a model written by nabla caption train.",
        discussion: """
        The picture must have the size of the model's scenes (64 × 64 for the default 2 × 2 grid), grey \
        or colour (turned grey), white items on black like `nabla caption scenes` writes them. Greedy \
        decoding with --beam 1, else beam search keeping --beam hypotheses.
        """
    )

    @Argument(help: "A model.safetensors written by nabla caption train.") var model: String
    @Argument(help: "The scene picture.") var image: String
    @Option(parsing: .unconditional, help: "Beam width (1: greedy decoding).") var beam = 3
    @Flag(name: .customLong("length-normalized"), help: "Rank beam hypotheses by log-probability per word.") var lengthNormalized = false

    func validate() throws {
        try OptionCheck.within(beam, 1...100, "--beam")
    }

    func run() throws {
        let captioner: SceneCaptioner
        do { captioner = try SceneCaptioner.load(from: URL(fileURLWithPath: model)).model } catch let error as SceneError {
            throw CommandFailure(error.description)
        }
        let picture = try ImageFile.read(URL(fileURLWithPath: image))
        guard picture.shape == [captioner.imageHeight, captioner.imageWidth] else {
            throw CommandFailure("\(image): the picture is \(picture.shape[1]) × \(picture.shape[0]) pixels; the model captions "
                + "\(captioner.imageWidth) × \(captioner.imageHeight) scenes (\(captioner.grammar.rows) × \(captioner.grammar.columns) cells)")
        }
        let scenes = picture.reshaped([1, 1, captioner.imageHeight, captioner.imageWidth])
        let caption = beam == 1 ? captioner.greedyCaptions(scenes)[0]
            : captioner.beamCaptions(scenes, width: beam, lengthNormalized: lengthNormalized)[0]
        print(SceneCaptionGrammar.sentence(caption))
    }
}
