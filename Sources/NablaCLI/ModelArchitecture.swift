import Foundation
import Nabla

/// The networks `nabla train` can build, named on the command line (`--model mlp`, `mlp:512,256`,
/// `lenet`, `cnn`, `resnet`) and stored in the model file's metadata so that `evaluate` and `predict`
/// can rebuild them.
struct ModelArchitecture: CustomStringConvertible, Equatable {
    /// Which family of network.
    enum Kind: Equatable {
        /// A multi-layer perceptron with these hidden ReLU layers.
        case mlp(hiddenSizes: [Int])
        /// LeNet-5 (LeCun et al. 1998) with ReLU and max pooling: conv 5×5×6 (same), pool, conv 5×5×16,
        /// pool, dense 120, dense 84, dense 10.
        case lenet
        /// The TensorFlow tutorial's network: conv 5×5×32 (same), max-pool 2, conv 5×5×64 (same),
        /// max-pool 2, dense 1024, dropout 0.4, dense 10.
        case cnn
        /// A small residual network with batch normalisation: a 3×3×32 stem, residual blocks of 32, 64
        /// (stride 2) and 128 (stride 2) channels, global average pooling, dense 10.
        case resnet
    }

    var kind: Kind
    var inputShape = [28, 28]
    var classCount = 10

    /// The default: the 784-256-128-10 ReLU MLP.
    static let standard = ModelArchitecture(hiddenSizes: [256, 128])

    /// Parses `mlp` (the default sizes), `mlp:256,128`, `lenet`, `cnn` or `resnet`.
    init(parsing text: String) throws {
        switch text {
        case "lenet": kind = .lenet; return
        case "cnn": kind = .cnn; return
        case "resnet": kind = .resnet; return
        default: break
        }
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.first == "mlp" else {
            throw CommandFailure("unknown model '\(text)': use mlp, mlp:<hidden sizes> (e.g. mlp:256,128), lenet, cnn or resnet")
        }
        guard parts.count == 2 || text.hasSuffix(":") else { self = .standard; return }
        let sizes = parts.count < 2 ? [nil] : parts[1].split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard sizes.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw CommandFailure("model '\(text)': hidden sizes must be positive whole numbers separated by commas, e.g. mlp:256,128")
        }
        kind = .mlp(hiddenSizes: sizes.map { $0! })
        try checkSize(text)
    }

    /// The most hidden layers, units per layer and parameters an `mlp:` model may have: far beyond
    /// what trains on 28×28 images, and small enough that building one never exhausts memory.
    static let maximumHiddenLayers = 64, maximumLayerSize = 65_536, maximumParameterCount = 1 << 27

    /// Throws unless the sizes lie within the bounds above (counted with overflow checks).
    private func checkSize(_ text: String) throws {
        guard case .mlp(let hiddenSizes) = kind else { return }
        guard hiddenSizes.count <= Self.maximumHiddenLayers, hiddenSizes.allSatisfy({ $0 <= Self.maximumLayerSize }) else {
            throw CommandFailure("model '\(text)': at most \(Self.maximumHiddenLayers) hidden layers of at most \(Self.maximumLayerSize) units each")
        }
        let sizes = [inputShape.reduce(1, *)] + hiddenSizes + [classCount]
        var total = 0
        for (inputs, outputs) in zip(sizes, sizes.dropFirst()) {
            let weights = outputs.multipliedReportingOverflow(by: inputs + 1)   // Linear(inputs, outputs) with its bias
            let sum = total.addingReportingOverflow(weights.partialValue)
            guard !weights.overflow, !sum.overflow, sum.partialValue <= Self.maximumParameterCount else {
                throw CommandFailure("model '\(text)': more than \(Self.maximumParameterCount) parameters; use smaller hidden layers")
            }
            total = sum.partialValue
        }
    }

    init(hiddenSizes: [Int]) { kind = .mlp(hiddenSizes: hiddenSizes) }

    var description: String {
        switch kind {
        case .mlp(let sizes): return "mlp:" + sizes.map(String.init).joined(separator: ",")
        case .lenet: return "lenet"
        case .cnn: return "cnn"
        case .resnet: return "resnet"
        }
    }

    /// The description as part of a file name: `mlp-256-128`, `cnn`.
    var fileName: String { description.replacingOccurrences(of: ":", with: "-").replacingOccurrences(of: ",", with: "-") }

    /// The network for `[N, 28, 28]` images and `classCount` classes.
    func makeModel() -> Sequential {
        switch kind {
        case .mlp(let hiddenSizes): return makePerceptron(hiddenSizes)
        case .lenet: return makeLeNet()
        case .cnn: return makeTutorialNetwork()
        case .resnet: return makeResidualNetwork()
        }
    }

    /// Flatten, then Linear + ReLU for each hidden size, then Linear to the class scores.
    private func makePerceptron(_ hiddenSizes: [Int]) -> Sequential {
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

    private func makeLeNet() -> Sequential {
        Sequential {
            Reshape([1] + inputShape)
            Conv2d(1, 6, kernelSize: 5, padding: .same, weightInitializer: .heUniform)   // 28×28
            ReLU()
            MaxPool2d(kernelSize: 2)                                                    // 14×14
            Conv2d(6, 16, kernelSize: 5, weightInitializer: .heUniform)                 // 10×10
            ReLU()
            MaxPool2d(kernelSize: 2)                                                    // 5×5
            Flatten()
            Linear(16 * 5 * 5, 120, weightInitializer: .heUniform)
            ReLU()
            Linear(120, 84, weightInitializer: .heUniform)
            ReLU()
            Linear(84, classCount, weightInitializer: .heUniform)
        }
    }

    private func makeTutorialNetwork() -> Sequential {
        Sequential {
            Reshape([1] + inputShape)
            Conv2d(1, 32, kernelSize: 5, padding: .same, weightInitializer: .heUniform)   // 28×28
            ReLU()
            MaxPool2d(kernelSize: 2)                                                     // 14×14
            Conv2d(32, 64, kernelSize: 5, padding: .same, weightInitializer: .heUniform)  // 14×14
            ReLU()
            MaxPool2d(kernelSize: 2)                                                     // 7×7
            Flatten()
            Linear(64 * 7 * 7, 1024, weightInitializer: .heUniform)
            ReLU()
            Dropout(probability: 0.4)
            Linear(1024, classCount, weightInitializer: .heUniform)
        }
    }

    private func makeResidualNetwork() -> Sequential {
        /// conv 3×3 – BN – ReLU – conv 3×3 – BN, with its shortcut, then ReLU after the sum.
        func block(_ inChannels: Int, _ outChannels: Int, stride: Int) -> [any Layer] {
            [Residual(inChannels: inChannels, outChannels: outChannels, stride: stride) {
                Conv2d(inChannels, outChannels, kernelSize: 3, stride: SpatialSize(stride), padding: 1, bias: false, weightInitializer: .heUniform)
                BatchNorm2d(outChannels)
                ReLU()
                Conv2d(outChannels, outChannels, kernelSize: 3, padding: 1, bias: false, weightInitializer: .heUniform)
                BatchNorm2d(outChannels)
            }, ReLU()]
        }
        return Sequential {
            Reshape([1] + inputShape)
            Conv2d(1, 32, kernelSize: 3, padding: 1, bias: false, weightInitializer: .heUniform)   // 28×28
            BatchNorm2d(32)
            ReLU()
            block(32, 32, stride: 1)
            block(32, 64, stride: 2)                                                           // 14×14
            block(64, 128, stride: 2)                                                          // 7×7
            GlobalAveragePool()
            Linear(128, classCount, weightInitializer: .heUniform)
        }
    }
}
