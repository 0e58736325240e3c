import ArgumentParser
import Foundation
import Nabla
import NablaExamples

/// `nabla caption train`: trains a scene captioner, selects the epoch by validation exact match, and
/// reports exact match and BLEU-4 of greedy and beam decoding on held-out test scenes.
struct CaptionTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a CNN-encoder, LSTM-decoder captioner on scenes of Fashion-MNIST items.",
        discussion: """
        Training and validation scenes are composed of Fashion-MNIST training items, --validation-items \
        of them (drawn with --seed) kept apart for the validation scenes; every epoch draws --scenes new \
        training scenes. After each epoch the validation scenes are captioned greedily, and the model of \
        the epoch with the best exact match is written to OUTPUT/model.safetensors. At the end that model \
        captions --test-scenes scenes of test items, once greedily and once with beam search (--beam), \
        and OUTPUT/examples.png shows the first --examples of them with their captions.
        """
    )

    @OptionGroup var scene: CaptionSceneOptions
    @Option(parsing: .unconditional, help: "Epochs.") var epochs = 10
    @Option(parsing: .unconditional, help: "Training scenes per epoch (new ones each epoch).") var scenes = 20_000
    @Option(name: .customLong("validation-items"), parsing: .unconditional, help: "Training items kept apart for the validation scenes.")
    var validationItems = 5_000
    @Option(name: .customLong("validation-scenes"), parsing: .unconditional, help: "Validation scenes (model selection).") var validationScenes = 1_000
    @Option(name: .customLong("test-scenes"), parsing: .unconditional, help: "Test scenes of test items (scored once, at the end).") var testScenes = 2_000
    @Option(name: .customLong("batch-size"), parsing: .unconditional, help: "Scenes per minibatch.") var batchSize = 64
    @Option(name: [.customLong("lr"), .customLong("learning-rate")], parsing: .unconditional, help: "Adam's initial learning rate (cosine decay to 1/20 of it).")
    var learningRate = 2e-3
    @Option(parsing: .unconditional, help: "LSTM units.") var hidden = 256
    @Option(parsing: .unconditional, help: "Length of the word vectors.") var embedding = 32
    @Option(help: "Output channels of the convolutional stages, comma-separated (each stage halves the scene).") var channels = "32,64,128,128"
    @Option(parsing: .unconditional, help: "Beam width for the test captions.") var beam = 3
    @Flag(name: .customLong("length-normalized"), help: "Rank beam hypotheses by log-probability per word.") var lengthNormalized = false
    @Option(parsing: .unconditional, help: "Test scenes shown in examples.png and printed.") var examples = 12
    @Option(parsing: .unconditional, help: "Random seed: weights, item split, scenes.") var seed: UInt64 = 1
    @Option(name: .customLong("output"), help: "Output directory.") var outputDirectory = "runs/caption"

    func validate() throws {
        try OptionCheck.positive(epochs, "--epochs")
        try OptionCheck.positive(scenes, "--scenes")
        try OptionCheck.positive(validationItems, "--validation-items")
        try OptionCheck.positive(validationScenes, "--validation-scenes")
        try OptionCheck.positive(testScenes, "--test-scenes")
        try OptionCheck.positive(batchSize, "--batch-size")
        try OptionCheck.positive(learningRate, "--lr")
        try OptionCheck.positive(hidden, "--hidden")
        try OptionCheck.positive(embedding, "--embedding")
        try OptionCheck.within(beam, 1...100, "--beam")
        try OptionCheck.within(examples, 0...testScenes, "--examples")
        _ = try parsedChannels()
    }

    private func parsedChannels() throws -> [Int] {
        let values = channels.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard (1...8).contains(values.count), values.allSatisfy({ ($0 ?? 0) > 0 && ($0 ?? 0) <= 1024 }) else {
            throw ValidationError("--channels must be 1 to 8 whole numbers from 1 to 1024 separated by commas, got '\(channels)'")
        }
        return values.map { $0! }
    }

    func run() throws {
        let output = URL(fileURLWithPath: outputDirectory)
        let modelURL = output.appendingPathComponent("model.safetensors"), examplesURL = output.appendingPathComponent("examples.png")
        try PathCheck.prepareOutputDirectory(output, fileNames: ["model.safetensors", "examples.png"])
        let started = Date()
        let (trainingData, testData) = (try scene.load(.train), try scene.load(.test))
        guard validationItems < trainingData.count else {
            throw CommandFailure("--validation-items \(validationItems) leaves no training items of the \(trainingData.count)")
        }
        var items = Array(0..<trainingData.count)
        var generator = RandomGenerator(seed: seed)
        generator.shuffle(&items)
        let trainingComposer = try scene.composer(trainingData, pool: Array(items.dropLast(validationItems)))
        let validationComposer = try scene.composer(trainingData, pool: Array(items.suffix(validationItems)))
        let testComposer = try scene.composer(testData)
        let validation = validationComposer.randomScenes(count: validationScenes, seed: seed &+ 1)
        let grammar = try scene.grammar()
        let model = try RandomGenerator.seeded(seed) {
            try SceneCaptioner(grammar: grammar, imageSize: MNIST.imageSize, margin: trainingComposer.margin, channels: try parsedChannels(),
                               embeddingSize: embedding, hiddenSize: hidden)
        }
        print("Fashion-MNIST (\(trainingData.source.description)): \(trainingData.count - validationItems) training items, "
            + "\(validationItems) for validation, \(testData.count) test items")
        print("scenes: \(grammar.rows) × \(grammar.columns) cells of \(trainingComposer.cellSize) px (\(trainingComposer.height) × \(trainingComposer.width)), "
            + "\(scene.minimumItems)-\(scene.maximumItems) items; vocabulary of \(model.vocabulary.count) tokens: \(model.vocabulary.words.joined(separator: " "))")
        print("model: \(model.channels.count) conv stages \(model.channels) → h₀, c₀ → LSTM(\(embedding) → \(hidden)) → Linear(\(hidden), \(model.vocabulary.count)); "
            + "\(model.parameterCount) parameters\n")

        let trainer = SceneCaptionTrainer(model: model, learningRate: learningRate, batchSize: batchSize)
        let schedule = CosineAnnealing(epochs: epochs, minimum: learningRate / 20)
        var best = (epoch: 0, exactMatch: -1.0)
        for epoch in 1...epochs {
            let epochStart = Date()
            trainer.optimizer.learningRate = schedule.learningRate(epoch: epoch - 1, initial: learningRate, current: learningRate, validationLoss: nil)
            let sceneList = trainingComposer.randomScenes(count: scenes, seed: seed &* 1_000_003 &+ UInt64(epoch))
            let loss = try trainer.trainEpoch(sceneList, composer: trainingComposer) { batch, count, _ in
                if batch % 20 == 0 || batch == count { ProgressLine.show("epoch \(epoch)/\(epochs): batch \(batch)/\(count)") }
            }
            guard loss.isFinite else { throw CommandFailure("training diverged in epoch \(epoch) (the loss is \(loss)); try a smaller --lr") }
            let scores = try trainer.evaluate(validation, composer: validationComposer)
            ProgressLine.show("")
            var line = String(format: "epoch %d/%d: loss %.4f, validation exact match %.2f%%, BLEU-4 %.4f (greedy); %.0f s",
                              epoch, epochs, loss, scores.exactMatch * 100, scores.bleu4, Date().timeIntervalSince(epochStart))
            if scores.exactMatch > best.exactMatch {
                best = (epoch, scores.exactMatch)
                try model.write(to: modelURL, metadata: ["epoch": String(epoch), "validation_exact_match": String(scores.exactMatch), "seed": String(seed)])
                line += ", best so far: written"
            }
            print(line)
            fflush(nil)
        }
        try model.load(from: modelURL)
        print("\ntest (\(testScenes) scenes of test items, the model of epoch \(best.epoch)):")
        let test = testComposer.randomScenes(count: testScenes, seed: seed &+ 2)
        let greedy = try trainer.evaluate(test, composer: testComposer)
        print(String(format: "greedy:        exact match %.2f%%, BLEU-4 %.4f", greedy.exactMatch * 100, greedy.bleu4))
        let beamed = beam == 1 ? greedy : try trainer.evaluate(test, composer: testComposer, beamWidth: beam, lengthNormalized: lengthNormalized)
        print(String(format: "beam width %d:  exact match %.2f%%, BLEU-4 %.4f%@", beam, beamed.exactMatch * 100, beamed.bleu4,
                     lengthNormalized ? " (length-normalised)" : ""))
        if examples > 0 {
            try writeExamples(Array(test.prefix(examples)), composer: testComposer, greedy: greedy, beamed: beamed, to: examplesURL)
        }
        print(String(format: "\n%.1f minutes; wrote %@%@", Date().timeIntervalSince(started) / 60, modelURL.path, examples > 0 ? " and " + examplesURL.path : ""))
    }

    /// Prints the first test scenes' captions and draws them next to the scenes into `url`.
    private func writeExamples(_ shown: [ItemScene], composer: SceneComposer, greedy: CaptionScores, beamed: CaptionScores, to url: URL) throws {
        let sheet = CaptionSheet(imageHeight: composer.height, imageWidth: composer.width)
        var entries: [CaptionSheet.Entry] = []
        print("\nexamples (✗ marks a caption that is not the true one):")
        for (index, item) in shown.enumerated() {
            let truth = greedy.references[index]
            let captions = [("greedy", greedy.captions[index]), ("beam \(beam)", beamed.captions[index])]
            print("\(index + 1). true:   \(SceneCaptionGrammar.sentence(truth))")
            var lines = [CaptionSheet.Line("\(index + 1). true: " + SceneCaptionGrammar.sentence(truth))]
            for (name, caption) in captions {
                let right = caption == truth
                print("   \(name.padding(toLength: 7, withPad: " ", startingAt: 0)) \(SceneCaptionGrammar.sentence(caption))\(right ? "" : "  ✗")")
                lines.append(CaptionSheet.Line("\(name): " + SceneCaptionGrammar.sentence(caption) + (right ? "" : " (wrong)"),
                                               colour: right ? CaptionSheet.green : CaptionSheet.red))
            }
            entries.append(CaptionSheet.Entry(image: composer.canvas(item), lines: lines))
        }
        try sheet.write(entries, to: url)
    }
}
