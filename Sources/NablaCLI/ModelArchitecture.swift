import Foundation
import Nabla

/// The networks `nabla train` can build, named on the command line (`--model mlp` or `mlp:512,256`)
/// and stored in the model file's metadata so that `evaluate` and `predict` can rebuild them.
struct ModelArchitecture: CustomStringConvertible, Equatable {
    /// Sizes of the hidden ReLU layers of the multi-layer perceptron.
    var hiddenSizes: [Int]
    var inputShape = [28, 28]
    var classCount = 10

    /// The default: the 784-256-128-10 ReLU MLP.
    static let standard = ModelArchitecture(hiddenSizes: [256, 128])

    /// Parses `mlp` (the default sizes) or `mlp:256,128`.
    init(parsing text: String) throws {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.first == "mlp" else {
            throw CommandFailure("unknown model '\(text)': use mlp or mlp:<hidden sizes>, e.g. mlp:256,128")
        }
        guard parts.count == 2 else { self = .standard; return }
        let sizes = parts[1].split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !sizes.isEmpty, sizes.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw CommandFailure("model '\(text)': hidden sizes must be positive whole numbers separated by commas")
        }
        hiddenSizes = sizes.map { $0! }
    }

    init(hiddenSizes: [Int]) { self.hiddenSizes = hiddenSizes }

    var description: String { "mlp:" + hiddenSizes.map(String.init).joined(separator: ",") }

    /// The description as part of a file name: `mlp-256-128`.
    var fileName: String { "mlp-" + hiddenSizes.map(String.init).joined(separator: "-") }

    /// The network: Flatten, then Linear + ReLU for each hidden size, then Linear to the class scores.
    func makeModel() -> Sequential {
        let sizes = [inputShape.reduce(1, *)] + hiddenSizes
        return Sequential {
            Flatten()
            for (inputs, outputs) in zip(sizes, sizes.dropFirst()) {
                Linear(inputs, outputs, weightInitializer: .heUniform)
                ReLU()
            }
            Linear(sizes.last!, classCount, weightInitializer: .heUniform)
        }
    }
}
