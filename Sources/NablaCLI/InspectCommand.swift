import ArgumentParser
import Foundation
import Nabla

/// `nabla inspect MODEL IMAGE`: pictures of what a convolutional network learned, the first layer's
/// filters and the feature maps each convolution layer makes of one image.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Draw a convolutional model's first-layer filters and one image's feature maps as PNG grids.",
        discussion: """
        Writes to the output directory filters.png (the first convolution layer's filters, one tile per \
        output channel and input channel) and feature-maps-1.png, feature-maps-2.png, ... (the output of \
        each convolution layer for IMAGE, before its activation, one tile per channel). Every tile is \
        scaled to its own range, smallest value black, largest white; tiles are enlarged by repeating \
        pixels and separated by blue lines. IMAGE is read as by nabla predict. Needs a model with \
        convolution layers (lenet, cnn, resnet).
        """)

    @Argument(help: "A model.safetensors written by nabla train.") var model: String
    @Argument(help: "An image: a PNG or PGM file, or IDX-FILE:INDEX.") var image: String
    @Option(name: .customLong("output"), help: "Output directory (default: inspect-<image name> next to the model).") var outputDirectory: String?
    @Flag(help: "Invert grey values (for dark drawings on a light background).") var invert = false

    /// The smallest side, in pixels, of a tile in the pictures.
    static let tilePixels = 48

    func run() throws {
        let trained = try TrainedModel(path: model)
        let names = Dictionary(trained.network.namedModules().map { (ObjectIdentifier($0.module), $0.name) }, uniquingKeysWith: { first, _ in first })
        guard let first = trained.network.namedModules().lazy.compactMap({ $0.module as? Conv2d }).first else {
            throw CommandFailure("\(model): the model \(trained.architecture) has no convolution layers; nabla inspect draws those of lenet, cnn and resnet models")
        }
        var picture = try PredictCommand.load(image)
        let shape = trained.architecture.inputShape
        guard picture.shape == shape else {
            throw CommandFailure("\(image): the image is \(picture.shape[1])×\(picture.shape[0]) pixels; the model expects \(shape[1])×\(shape[0])")
        }
        if invert { picture = 1 - picture }

        var scores = Tensor.zeros([1])
        let maps = trained.network.intermediateOutputs(of: Conv2d.self) { scores = trained.network(picture.reshaped([1] + shape)) }
        let output = URL(fileURLWithPath: outputDirectory ?? defaultOutput())
        let mapFiles = maps.indices.map { "feature-maps-\($0 + 1).png" }
        try PathCheck.prepareOutputDirectory(output, fileNames: ["filters.png"] + mapFiles)

        let weight = first.weight
        let (outChannels, inChannels, height, width) = (weight.shape[0], weight.shape[1], weight.shape[2], weight.shape[3])
        let filters = ImageGrid(tileCount: outChannels * inChannels, tileHeight: height, tileWidth: width, columns: inChannels > 1 ? inChannels : nil,
                                scale: ImageGrid.scale(toReach: Self.tilePixels, tileHeight: height, tileWidth: width))
        try filters.write(weight.reshaped([outChannels * inChannels, height, width]), to: output.appendingPathComponent("filters.png"))
        print("\(output.path)/filters.png: \(names[ObjectIdentifier(first)] ?? "") \(first), \(outChannels * inChannels) filters of \(height)×\(width)")
        for ((layer, map), file) in zip(maps, mapFiles) {
            let (channels, mapHeight, mapWidth) = (map.shape[1], map.shape[2], map.shape[3])
            let grid = ImageGrid(tileCount: channels, tileHeight: mapHeight, tileWidth: mapWidth,
                                 scale: ImageGrid.scale(toReach: Self.tilePixels, tileHeight: mapHeight, tileWidth: mapWidth))
            try grid.write(map.reshaped([channels, mapHeight, mapWidth]), to: output.appendingPathComponent(file))
            print("\(output.path)/\(file): \(names[ObjectIdentifier(layer)] ?? "") \(layer), \(channels) feature maps of \(mapHeight)×\(mapWidth)")
        }
        let probabilities = scores.softmax(alongAxis: 1).scalars(as: Double.self)
        let best = probabilities.indices.max { probabilities[$0] < probabilities[$1] } ?? 0
        print(String(format: "%@: %@ (%.1f%%)", image, trained.classNames[best], probabilities[best] * 100))
    }

    /// `inspect-<image file name without extension>` in the model's directory; `inspect-<IDX file name>-<index>`
    /// for an IDX entry (`inspect-t10k-images-idx3-ubyte-3`).
    private func defaultOutput() -> String {
        var file = image, suffix = ""
        if let colon = image.lastIndex(of: ":"), let index = Int(image[image.index(after: colon)...]) {
            (file, suffix) = (String(image[..<colon]), "-\(index)")
        }
        var url = URL(fileURLWithPath: file)
        if url.pathExtension == "gz" { url = url.deletingPathExtension() }
        let name = url.deletingPathExtension().lastPathComponent + suffix
        return URL(fileURLWithPath: model).deletingLastPathComponent().appendingPathComponent("inspect-\(name)").path
    }
}
