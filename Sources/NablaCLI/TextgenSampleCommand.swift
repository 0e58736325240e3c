import ArgumentParser
import Foundation
import Nabla
import NablaExamples

/// `nabla textgen sample MODEL`: generates text with a model written by `nabla textgen train`.
struct TextgenSampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Generate text with a character model written by nabla textgen train.",
        discussion: """
        Each character is drawn from softmax(z / τ) of the model's scores z: --temperature 1 follows the \
        model, lower values pick likelier characters (0: always the likeliest), higher ones wilder. \
        --prime is read first and printed with the continuation; it may use only characters of the \
        model's vocabulary.
        """
    )

    @Argument(help: "A model.safetensors written by nabla textgen train.") var model: String
    // Numbers may be negative: these options take the next word whatever it looks like, so validate() can name the flag.
    @Option(parsing: .unconditional, help: "Characters to generate.") var length = 500
    @Option(parsing: .unconditional, help: "Sampling temperature τ ≥ 0.") var temperature = 0.8
    @Option(help: "Text the model reads before generating.") var prime = ""
    @Option(parsing: .unconditional, help: "Random seed of the draws.") var seed: UInt64 = 1

    func validate() throws {
        guard length > 0 else { throw ValidationError("--length must be positive, not \(length)") }
        guard temperature >= 0, temperature.isFinite else { throw ValidationError("--temperature must not be negative, not \(temperature)") }
    }

    func run() throws {
        let (network, _) = try CharacterLanguageModel.load(from: URL(fileURLWithPath: model))
        if let unknown = prime.first(where: { network.vocabulary.index(of: $0) == nil }) {
            throw CommandFailure("--prime: the character \(unknown.debugDescription) is not in the model's vocabulary")
        }
        print(try network.sample(length: length, temperature: temperature, prime: prime, seed: seed))
    }
}
