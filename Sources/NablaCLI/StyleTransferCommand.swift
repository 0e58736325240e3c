import ArgumentParser
import Foundation
import Nabla

/// `nabla style [transfer] CONTENT STYLE --output OUT.png`: optimises an image so that its deep features
/// match CONTENT's and their Gram matrices match STYLE's (`StyleTransfer`), and writes it.
struct StyleTransferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer",
        abstract: "Optimise an image to have CONTENT's layout and STYLE's textures (Gatys et al.).",
        discussion: """
        CONTENT and STYLE are PNG or JPEG files. Both are scaled so that their longer side is --size pixels; \
        the output has the content's proportions. Features come from --features, a VGG-16 or VGG-19 in \
        torchvision's layout saved as safetensors (features.0.weight ...), or, without it, from a small \
        convolutional network with random weights (no download needed; see the README for what each gives). \
        Each step prints the three loss terms: content (relative squared error of the features at the content \
        layer), style (mean relative squared error of the Gram matrices) and tv (total variation).
        """
    )

    @Argument(help: "The content image (PNG or JPEG).") var content: String
    @Argument(help: "The style image (PNG or JPEG).") var style: String
    @Option(help: "The output image, .png, .jpg or .jpeg.") var output: String
    @Option(parsing: .unconditional, help: "The longer side of the images, in pixels (16 ... 2048).") var size = 256
    @Option(parsing: .unconditional, help: "Optimisation steps (Adam on the pixels).") var steps = 300
    @Option(name: .customLong("content-weight"), parsing: .unconditional, help: "Weight of the content term.") var contentWeight = 1.0
    @Option(name: .customLong("style-weight"), parsing: .unconditional, help: "Weight of the style term (0: reproduce the content).") var styleWeight = 3.0
    @Option(name: .customLong("tv-weight"), parsing: .unconditional, help: "Weight of the total-variation (smoothing) term.") var totalVariationWeight = 1.0
    @Option(name: [.customLong("lr"), .customLong("learning-rate")], parsing: .unconditional, help: "Adam's step size in pixel values.") var learningRate = 0.02
    @Option(help: "A VGG-16/19 in torchvision's layout as safetensors (default: random features).") var features: String?
    @Option(name: .customLong("content-layer"), help: "The content layer, e.g. relu4_2 (default: the network's).") var contentLayer: String?
    @Option(name: .customLong("style-layers"), help: "Comma-separated style layers, e.g. relu1_1,relu2_1 (default: the first of each block).") var styleLayers: String?
    @Option(name: .customLong("save-every"), parsing: .unconditional, help: "Also write the image every N steps (OUT-step0100.png ...); 0: never.") var saveEvery = 0
    @Option(parsing: .unconditional, help: "Seed of the random features.") var seed: UInt64 = 1

    func validate() throws {
        try OptionCheck.within(size, 16...2048, "--size")
        try OptionCheck.positive(steps, "--steps")
        try OptionCheck.nonNegative(saveEvery, "--save-every")
        for (flag, value) in [("--content-weight", contentWeight), ("--style-weight", styleWeight), ("--tv-weight", totalVariationWeight)] {
            guard value >= 0, value.isFinite else { throw ValidationError("\(flag) must be a number of 0 or more, got \(value)") }
        }
        try OptionCheck.positive(learningRate, "--lr")
        guard ImageFile.ColorFormat(fileExtension: URL(fileURLWithPath: output).pathExtension) != nil else {
            throw ValidationError("--output must name a .png, .jpg or .jpeg file, got \(output)")
        }
    }

    func run() throws {
        let extractor = try features.map { try VGGFeatures(contentsOf: URL(fileURLWithPath: $0)) } ?? VGGFeatures.random(VGGFeatures.randomStages, seed: seed)
        let styleLayerList = styleLayers.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        let unknown = ([contentLayer].compactMap { $0 } + (styleLayerList ?? [])).filter { !extractor.layerNames.contains($0) }
        guard unknown.isEmpty else {
            throw ValidationError("no layer \(unknown.joined(separator: ", ")) in the network; it has \(extractor.layerNames.joined(separator: ", "))")
        }
        let contentImage = try Self.load(content, size: size)
        let styleImage = try Self.load(style, size: size)
        let outputURL = URL(fileURLWithPath: output)
        try PathCheck.prepareOutputDirectory(outputURL.deletingLastPathComponent())
        let weights = StyleTransfer.Weights(content: contentWeight, style: styleWeight, totalVariation: totalVariationWeight)
        let transfer = StyleTransfer(extractor: extractor, content: contentImage, style: styleImage, contentLayer: contentLayer,
                                     styleLayers: styleLayerList, weights: weights, learningRate: learningRate)
        print("content \(content) \(contentImage.shape[3])×\(contentImage.shape[2]), style \(style) \(styleImage.shape[3])×\(styleImage.shape[2])")
        print("features: \(features ?? "random (seed \(seed))"), \(extractor.layerNames.count) layers; content layer \(transfer.contentLayer), style layers \(transfer.styleLayers.joined(separator: ", "))")
        let progress = StyleProgress(totalSteps: steps)
        let started = Date()
        for step in 1...steps {
            let losses = try transfer.step()
            guard losses.total.isFinite else { throw CommandFailure("the loss is \(losses.total) at step \(step); lower --lr or the weights") }
            progress.show(step: step, losses: losses, elapsed: Date().timeIntervalSince(started))
            if saveEvery > 0 && step % saveEvery == 0 && step < steps {
                let url = Self.intermediateURL(outputURL, step: step, steps: steps)
                try ImageFile.writeRGB(transfer.image, to: url)
                progress.note("wrote \(url.path)")
            }
        }
        progress.finish()
        let losses = try transfer.currentLosses()
        try ImageFile.writeRGB(transfer.image, to: outputURL)
        let seconds = Date().timeIntervalSince(started)
        print(String(format: "final: content %.4f, style %.4f, tv %.5f; %d steps in %.1f s (%.3f s/step)",
                     losses.content, losses.style, losses.totalVariation, steps, seconds, seconds / Double(steps)))
        print("wrote \(outputURL.path)")
    }

    /// The image at `path` as `[1, 3, H, W]`, scaled so that its longer side is `size`.
    static func load(_ path: String, size: Int) throws -> Tensor {
        let image = try ImageFile.readRGB(URL(fileURLWithPath: path))
        let height = image.shape[2], width = image.shape[3]
        let scale = Double(size) / Double(max(height, width))
        return image.resizedImages(height: max(1, Int((Double(height) * scale).rounded())), width: max(1, Int((Double(width) * scale).rounded())))
    }

    /// `out-step0100.png` next to `out.png`, the step padded to the digits of the last one.
    static func intermediateURL(_ output: URL, step: Int, steps: Int) -> URL {
        let digits = String(steps).count
        let number = String(repeating: "0", count: max(0, digits - String(step).count)) + String(step)
        let name = output.deletingPathExtension().lastPathComponent + "-step\(number)." + output.pathExtension
        return output.deletingLastPathComponent().appendingPathComponent(name)
    }
}
