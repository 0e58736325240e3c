import ArgumentParser
import Foundation
import Nabla
import NablaExamples

/// `nabla textgen train [FILE]`: trains a character-level LSTM language model and reports, every epoch,
/// its held-out bits per character next to the unigram baseline, with a short sample.
struct TextgenTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a character-level LSTM language model on a UTF-8 text file (default: German text).",
        discussion: """
        Without FILE: the German fortunes of Debian's fortunes-de package if it is installed \
        (/usr/share/games/fortunes/de), else the bundled public-domain sample of Grimms' Kinder- und \
        Hausmärchen. A tenth of the text (every tenth block) is held out. The model reads the text as \
        --batch-size parallel streams, --sequence-length characters per step, and carries its state from \
        one step to the next (truncated backpropagation through time), starting from zeros every 10 steps. Writes model.safetensors (with \
        the vocabulary) to the output directory after every epoch; `nabla textgen sample` reads it.
        """
    )

    @Argument(help: "A UTF-8 text file (default: fortunes-de or the bundled German sample).") var file: String?
    // Numbers may be negative: these options take the next word whatever it looks like, so validate() can name the flag.
    @Option(parsing: .unconditional, help: "Epochs.") var epochs = 10
    @Option(parsing: .unconditional, help: "LSTM units per layer.") var hidden = 256
    @Option(parsing: .unconditional, help: "Stacked LSTM layers.") var layers = 1
    @Option(parsing: .unconditional, help: "Length of the learned character vectors.") var embedding = 64
    @Option(name: .customLong("sequence-length"), parsing: .unconditional, help: "Characters per training step (the truncation length T).") var sequenceLength = 100
    @Option(name: .customLong("batch-size"), parsing: .unconditional, help: "Text streams read side by side.") var batchSize = 32
    @Option(name: [.customLong("lr"), .customLong("learning-rate")], parsing: .unconditional, help: "Adam's learning rate.") var learningRate = 2e-3
    @Option(parsing: .unconditional, help: "Largest global gradient norm (clipping by norm).") var clip = 5.0
    @Option(name: .customLong("limit"), parsing: .unconditional, help: "Use only the first N characters of the text.") var limit: Int?
    @Option(name: .customLong("sample-length"), parsing: .unconditional, help: "Characters of the sample printed after each epoch.") var sampleLength = 200
    @Option(parsing: .unconditional, help: "Sampling temperature of the printed samples.") var temperature = 0.8
    @Option(parsing: .unconditional, help: "Random seed: weights and samples.") var seed: UInt64 = 1
    @Option(name: .customLong("output"), help: "Output directory.") var outputDirectory = "runs/textgen"

    func validate() throws {
        for (name, value) in [("--epochs", epochs), ("--hidden", hidden), ("--layers", layers), ("--embedding", embedding),
                              ("--sequence-length", sequenceLength), ("--batch-size", batchSize)] where value <= 0 {
            throw ValidationError("\(name) must be positive, not \(value)")
        }
        guard learningRate > 0, learningRate.isFinite else { throw ValidationError("--lr must be a positive number") }
        guard clip > 0, clip.isFinite else { throw ValidationError("--clip must be a positive number") }
        guard limit.map({ $0 > 0 }) ?? true else { throw ValidationError("--limit must be positive") }
        guard sampleLength >= 0 else { throw ValidationError("--sample-length must not be negative") }
        guard temperature >= 0, temperature.isFinite else { throw ValidationError("--temperature must not be negative") }
    }

    func run() throws {
        // Before any training: an output that cannot be written is reported now, not after the first epoch.
        let output = URL(fileURLWithPath: outputDirectory)
        try PathCheck.prepareOutputDirectory(output, fileNames: ["model.safetensors"])
        let corpus = try file.map { try TextCorpus.read(URL(fileURLWithPath: $0)) } ?? TextCorpus.german()
        let text = limit.map { String(corpus.text.prefix($0)) } ?? corpus.text
        let vocabulary = CharacterVocabulary(text: text)
        let indices = try vocabulary.encode(text)
        print("text: \(corpus.source), \(indices.count) characters, \(vocabulary.count) distinct")
        let blockLength = Swift.max(sequenceLength + 1, Swift.min(10_000, indices.count / 20))
        let (trainingIndices, heldOutIndices) = NextCharacterDataset.split(indices, blockLength: blockLength)
        let training: NextCharacterDataset, heldOut: NextCharacterDataset
        do {
            training = try NextCharacterDataset(indices: trainingIndices, sequenceLength: sequenceLength)
            heldOut = try NextCharacterDataset(indices: heldOutIndices, sequenceLength: sequenceLength)
        } catch let error as TextDataError {
            throw CommandFailure("the text is too short for --sequence-length \(sequenceLength) with a held-out tenth: \(error)")
        }
        let unigram = CharacterStatistics.unigramEntropy(trainingIndices)
        print("\(trainingIndices.count) training and \(heldOutIndices.count) held-out characters; unigram baseline \(Self.bits(unigram)) bits per character")

        let model = RandomGenerator.seeded(seed) {
            CharacterLanguageModel(vocabulary: vocabulary, embeddingSize: embedding, hiddenSize: hidden, layers: layers)
        }
        print("model: Embedding(\(vocabulary.count), \(embedding)) → \(model.lstm) → Linear(\(hidden), \(vocabulary.count)), \(model.parameterCount) parameters\n")
        let trainer = CharacterModelTrainer(model: model, learningRate: learningRate, batchSize: batchSize, maximumGradientNorm: clip)
        let modelURL = output.appendingPathComponent("model.safetensors")
        let streams = Swift.min(batchSize, training.count)
        let charactersPerEpoch = training.streamBatches(batchSize: streams).count * streams * sequenceLength
        let started = Date()
        for epoch in 1...epochs {
            let epochStart = Date()
            let nats = try trainer.trainEpoch(training) { batch, count, _ in
                if batch % 20 == 0 || batch == count { ProgressLine.show("epoch \(epoch)/\(epochs): batch \(batch)/\(count)") }
            }
            let seconds = Date().timeIntervalSince(epochStart)
            guard nats.isFinite else { throw CommandFailure("training diverged in epoch \(epoch) (the loss is \(nats)); try a smaller --lr") }
            let heldOutBits = CharacterStatistics.bitsPerCharacter(meanCrossEntropy: try trainer.evaluate(heldOut))
            ProgressLine.show("")
            print("epoch \(epoch)/\(epochs): training \(Self.bits(CharacterStatistics.bitsPerCharacter(meanCrossEntropy: nats))), held-out \(Self.bits(heldOutBits)) bits per character (unigram baseline \(Self.bits(unigram))); \(String(format: "trained in %.1f s, %.0f characters/s", seconds, Double(charactersPerEpoch) / seconds))")
            if sampleLength > 0 {
                let sample = try model.sample(length: sampleLength, temperature: temperature, seed: seed &+ UInt64(epoch))
                print("sample (τ = \(temperature)):\n\(sample.trimmingCharacters(in: .newlines))\n")
            }
            fflush(nil)   // each epoch's report as soon as it is known, also into a pipe or a file
            try model.write(to: modelURL, metadata: [
                "text_source": corpus.source, "epochs": String(epoch), "sequence_length": String(sequenceLength),
                "held_out_bits_per_character": String(heldOutBits), "unigram_bits_per_character": String(unigram)])
        }
        print(String(format: "trained %d epochs in %.1f s; wrote %@", epochs, Date().timeIntervalSince(started), modelURL.path))
    }

    private static func bits(_ value: Double) -> String { String(format: "%.3f", value) }
}
