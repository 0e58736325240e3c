import ArgumentParser
import Foundation
import Nabla

/// `nabla style train STYLE --images DIR --output MODEL.safetensors`: trains a `TransformationNetwork` for
/// STYLE on random crops of the photos in DIR (`FastStyleTraining`), writing samples, a checkpoint and the model.
struct StyleTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a feed-forward network that paints any image in STYLE in one pass (fast style transfer).",
        discussion: """
        The network is trained on random --size × --size crops (mirrored half of the time) of the PNG and JPEG \
        images in --images, each scaled so that its shorter side is --size × 5/4, with the losses of \
        `nabla style`: content (relative squared error of the features of the output and the crop at the \
        content layer), style (mean relative squared error of the Gram matrices against STYLE's, scaled so \
        its longer side is --style-size) and tv (total variation of the output). Every --save-every steps \
        it writes MODEL-stepN.png (the network applied to the centre of the first image) and \
        MODEL.checkpoint.safetensors (weights, Adam's state, the random generator; continue with --resume). \
        MODEL records the architecture, for `nabla style apply`.
        """
    )

    @Argument(help: "The style image (PNG or JPEG).") var style: String
    @Option(help: "A directory of content images (PNG or JPEG) to train on.") var images: String
    @Option(help: "The model file to write, .safetensors.") var output: String
    @Option(parsing: .unconditional, help: "The side of the square training crops, in pixels (16 ... 1024).") var size = 128
    @Option(name: .customLong("style-size"), parsing: .unconditional, help: "The longer side of the style image (16 ... 2048; default: --size × 2).") var styleSize: Int?
    @Option(parsing: .unconditional, help: "Training steps (batches).") var steps = 1000
    @Option(name: .customLong("batch-size"), parsing: .unconditional, help: "Crops per batch.") var batchSize = 4
    @Option(name: .customLong("content-weight"), parsing: .unconditional, help: "Weight of the content term.") var contentWeight = 1.0
    @Option(name: .customLong("style-weight"), parsing: .unconditional, help: "Weight of the style term.") var styleWeight = 3.0
    @Option(name: .customLong("tv-weight"), parsing: .unconditional, help: "Weight of the total-variation (smoothing) term.") var totalVariationWeight = 1.0
    @Option(name: [.customLong("lr"), .customLong("learning-rate")], parsing: .unconditional, help: "Adam's step size.") var learningRate = 2e-3
    @Option(parsing: .unconditional, help: "Channels of the network's first stage (the others have 2× and 4×).") var channels = 16
    @Option(name: .customLong("residual-blocks"), parsing: .unconditional, help: "Residual blocks of the network.") var residualBlocks = 3
    @Option(help: "A VGG-16/19 in torchvision's layout as safetensors (default: random features).") var features: String?
    @Option(name: .customLong("save-every"), parsing: .unconditional, help: "Write a sample and the checkpoint every N steps; 0: never.") var saveEvery = 100
    @Flag(help: "Continue from MODEL.checkpoint.safetensors.") var resume = false
    @Option(parsing: .unconditional, help: "Seed of the network's weights, the crops and the random features.") var seed: UInt64 = 1

    func validate() throws {
        try OptionCheck.within(size, 16...1024, "--size")
        if let styleSize { try OptionCheck.within(styleSize, 16...2048, "--style-size") }
        try OptionCheck.positive(steps, "--steps")
        try OptionCheck.positive(batchSize, "--batch-size")
        try OptionCheck.within(channels, 1...256, "--channels")
        try OptionCheck.within(residualBlocks, 0...32, "--residual-blocks")
        try OptionCheck.nonNegative(saveEvery, "--save-every")
        for (flag, value) in [("--content-weight", contentWeight), ("--style-weight", styleWeight), ("--tv-weight", totalVariationWeight)] {
            guard value >= 0, value.isFinite else { throw ValidationError("\(flag) must be a number of 0 or more, got \(value)") }
        }
        try OptionCheck.positive(learningRate, "--lr")
        guard output.hasSuffix(".safetensors") else { throw ValidationError("--output must name a .safetensors file, got \(output)") }
    }

    /// The checkpoint next to the model: `starry.safetensors` → `starry.checkpoint.safetensors`.
    static func checkpointURL(_ model: URL) -> URL {
        model.deletingPathExtension().appendingPathExtension("checkpoint.safetensors")
    }

    /// The sample after `step`: `starry.safetensors` → `starry-step0100.png`, padded to the digits of `steps`.
    static func sampleURL(_ model: URL, step: Int, steps: Int) -> URL {
        StyleTransferCommand.intermediateURL(model.deletingPathExtension().appendingPathExtension("png"), step: step, steps: steps)
    }

    func run() throws {
        let outputURL = URL(fileURLWithPath: output)
        let checkpointURL = Self.checkpointURL(outputURL)
        if resume, let problem = PathCheck.problemReading(checkpointURL) {
            throw CommandFailure(PathCheck.kind(of: checkpointURL) == .missing ? "--resume: no checkpoint at \(checkpointURL.path)" : "--resume: \(checkpointURL.path) \(problem)")
        }
        let photos = try ContentImageFolder.load(images, shorterSide: size * 5 / 4)
        let crops = ContentCrops(photos.map(\.image))
        let styleImage = try StyleTransferCommand.load(style, size: styleSize ?? 2 * size)
        let extractor = try features.map { try VGGFeatures(contentsOf: URL(fileURLWithPath: $0)) } ?? VGGFeatures.random(VGGFeatures.randomStages, seed: seed)
        try PathCheck.prepareOutputDirectory(outputURL.deletingLastPathComponent())

        var generator = RandomGenerator(seed: seed)
        let network = TransformationNetwork(channels: channels, residualBlockCount: residualBlocks)
        network.reinitialize(generator: &generator)
        let weights = StyleTransfer.Weights(content: contentWeight, style: styleWeight, totalVariation: totalVariationWeight)
        let training = FastStyleTraining(network: network, extractor: extractor, style: styleImage, weights: weights, learningRate: learningRate)
        if resume {
            let checkpoint = try Checkpoint.load(from: checkpointURL)
            guard checkpoint.metadata[TransformationNetwork.architectureKey] == network.architecture else {
                throw CommandFailure("--resume: \(checkpointURL.path) holds a network \(checkpoint.metadata[TransformationNetwork.architectureKey] ?? "of unknown architecture"), not \(network.architecture)")
            }
            try checkpoint.restore(into: network, optimizer: training.optimizer, generator: &generator)
            training.steps = checkpoint.epoch
        }
        let sample = Self.centreCrop(photos[0].image, side: size)
        print("\(photos.count) content images from \(images) (\(photos.map(\.name).prefix(3).joined(separator: ", "))\(photos.count > 3 ? ", …" : "")), crops \(size)×\(size), batches of \(batchSize)")
        print("style \(style) \(styleImage.shape[3])×\(styleImage.shape[2]); features: \(features ?? "random (seed \(seed))"); content layer \(training.contentLayer), style layers \(training.styleLayers.joined(separator: ", "))")
        print("network: \(network.architecture), \(network.parameters().reduce(0) { $0 + $1.value.count }) parameters\(resume ? "; resuming after step \(training.steps)" : "")")
        guard training.steps < steps else { throw CommandFailure("--resume: the checkpoint is already at step \(training.steps) of --steps \(steps)") }

        let progress = StyleProgress(totalSteps: steps)
        let started = Date(), firstStep = training.steps + 1
        for step in firstStep...steps {
            let losses = try training.step(crops.batch(count: batchSize, side: size, generator: &generator))
            guard losses.total.isFinite else { throw CommandFailure("the loss is \(losses.total) at step \(step); lower --lr or the weights") }
            // StyleProgress divides by `step`; after a resume, the time is scaled to the steps of this run.
            let elapsed = Date().timeIntervalSince(started) * Double(step) / Double(step - firstStep + 1)
            progress.show(step: step, losses: losses, elapsed: elapsed)
            if saveEvery > 0 && step % saveEvery == 0 && step < steps {
                let sampleURL = Self.sampleURL(outputURL, step: step, steps: steps)
                try ImageFile.writeRGB(Self.apply(network, to: sample), to: sampleURL)
                try Checkpoint(model: network, optimizer: training.optimizer, epoch: step, generator: generator,
                               metadata: [TransformationNetwork.architectureKey: network.architecture]).save(to: checkpointURL)
                progress.note("wrote \(sampleURL.path) and \(checkpointURL.path)")
            }
        }
        progress.finish()
        try network.write(to: outputURL)
        let seconds = Date().timeIntervalSince(started), done = steps - firstStep + 1
        print(String(format: "%d steps in %.1f s (%.3f s/step)", done, seconds, seconds / Double(done)))
        print("wrote \(outputURL.path)")
    }

    /// The network's output for one image `[1, 3, H, W]`, in evaluation mode and without gradients.
    static func apply(_ network: TransformationNetwork, to image: Tensor) -> Tensor {
        network.eval()
        defer { network.train() }
        return withoutGradients { network(image) }
    }

    /// The central `side` × `side` square of `image` `[1, 3, H, W]` (or all of a smaller side).
    static func centreCrop(_ image: Tensor, side: Int) -> Tensor {
        let height = image.shape[2], width = image.shape[3]
        let rows = min(side, height), columns = min(side, width)
        let top = (height - rows) / 2, left = (width - columns) / 2
        return image.sliced([0..<1, 0..<3, top..<(top + rows), left..<(left + columns)])
    }
}
