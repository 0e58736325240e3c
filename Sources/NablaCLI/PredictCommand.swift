import ArgumentParser
import Foundation
import Nabla

/// `nabla predict MODEL IMAGE...`: classifies images with a model written by `nabla train`.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Classify 28×28 grey images and print the most likely classes.",
        discussion: """
        Each IMAGE is a PNG or PGM file (28×28 pixels; colour is turned to grey), or an entry of an IDX \
        images file written as FILE:INDEX, e.g. /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz:0.
        """)

    @Argument(help: "A model.safetensors written by nabla train.") var model: String
    @Argument(help: "Images: PNG or PGM files, or IDX-FILE:INDEX.") var images: [String]
    @Option(parsing: .unconditional, help: "How many classes to show per image.") var top = 3
    @Flag(help: "Invert grey values (for dark drawings on a light background).") var invert = false

    func validate() throws {
        guard !images.isEmpty else { throw ValidationError("give at least one image") }
        try OptionCheck.positive(top, "--top")
    }

    func run() throws {
        let trained = try TrainedModel(path: model)
        let shape = trained.architecture.inputShape
        let pictures = try images.map { name -> Tensor in
            var picture = try Self.load(name)
            guard picture.shape == shape else {
                throw CommandFailure("\(name): the image is \(picture.shape[1])×\(picture.shape[0]) pixels; the model expects \(shape[1])×\(shape[0])")
            }
            if invert { picture = 1 - picture }
            return picture
        }
        let probabilities = withoutGradients { trained.network(Tensor.stack(pictures)).softmax(alongAxis: 1) }
        for (index, name) in images.enumerated() {
            let row = probabilities[index].scalars
            let best = row.indices.sorted { row[$0] > row[$1] }.prefix(top)
            print(name)
            for classIndex in best {
                print(String(format: "  %6.2f%%  %@", Double(row[classIndex]) * 100, trained.classNames[classIndex]))
            }
        }
    }

    /// An image file, or entry INDEX of an IDX file named as FILE:INDEX.
    static func load(_ name: String) throws -> Tensor {
        if let colon = name.lastIndex(of: ":"), let index = Int(name[name.index(after: colon)...]) {
            let path = String(name[..<colon])
            let image = try IDXReader.readEntry(index, contentsOf: URL(fileURLWithPath: path), scaleBytes: true)
            guard image.rank == 2 else { throw CommandFailure("\(path): an IDX file of images [N, rows, columns] is needed, this one has entries of shape \(image.shape)") }
            return image
        }
        return try ImageFile.read(URL(fileURLWithPath: name))
    }
}
