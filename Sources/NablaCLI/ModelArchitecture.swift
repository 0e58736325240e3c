import Foundation
import Nabla

/// The networks `nabla train` can build, named on the command line (`--model mlp`, `mlp:512,256`,
/// `lenet`, `cnn`, `resnet`, `lstm`, `gru:128,128`, `bilstm`) and stored in the model file's metadata so that `evaluate` and `predict`
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
        /// A small residual network with batch normalisation: a 3×3×32 stem, stages of residual blocks
        /// of 32, 64 (the first with stride 2) and 128 (likewise) channels, `blocks` of them per stage
        /// (one each by default), global average pooling, dense 10.
        case resnet(blocks: [Int])
        /// A recurrent network reading the image row by row (28 steps of 28 pixels): recurrent layers of
        /// these sizes (each feeding the next its whole sequence), the last one's final state into a
        /// dense layer to the class scores.
        case recurrent(RecurrentCell, hiddenSizes: [Int])
    }

    /// The recurrent cells `--model` names.
    enum RecurrentCell: String, CaseIterable {
        /// The Elman network, h_t = tanh(U x_t + W h_{t-1} + b).
        case rnn
        case lstm
        case gru
        /// LSTMs reading the rows top-down and bottom-up, their outputs concatenated.
        case bilstm

        /// Gate blocks per layer: the weights of one Elman layer times this.
        var gateCount: Int {
            switch self {
            case .rnn: 1
            case .gru: 3
            case .lstm, .bilstm: 4
            }
        }

        /// The hidden sizes `--model lstm` means without a list.
        var defaultHiddenSizes: [Int] { self == .bilstm ? [128] : [128, 128] }
    }

    var kind: Kind
    var inputShape = [28, 28]
    var classCount = 10

    /// The residual blocks per stage of `--model resnet`.
    static let residualStageBlocks = [1, 1, 1]

    /// The default: the 784-256-128-10 ReLU MLP.
    static let standard = ModelArchitecture(hiddenSizes: [256, 128])

    /// Parses `mlp` (the default sizes), `mlp:256,128`, `lenet`, `cnn`, `resnet`, or a recurrent
    /// network `rnn`, `lstm`, `gru`, `bilstm`, each optionally with its layers' sizes (`lstm:256`,
    /// `gru:128,128`).
    init(parsing text: String) throws {
        switch text {
        case "lenet": kind = .lenet; return
        case "cnn": kind = .cnn; return
        case "resnet": kind = .resnet(blocks: Self.residualStageBlocks); return
        default: break
        }
        if text.hasPrefix("resnet:") {
            let blocks = text.dropFirst("resnet:".count).split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
            guard blocks.count == 3, blocks.allSatisfy({ (1...8).contains($0 ?? 0) }) else {
                throw CommandFailure("model '\(text)': resnet: takes the residual blocks of its three stages, each 1 to 8, e.g. resnet:1,1,2")
            }
            kind = .resnet(blocks: blocks.map { $0! })
            return
        }
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let recurrentCell = RecurrentCell(rawValue: parts[0])
        guard parts[0] == "mlp" || recurrentCell != nil else {
            throw CommandFailure("unknown model '\(text)': use mlp, mlp:<hidden sizes> (e.g. mlp:256,128), lenet, cnn, resnet, resnet:<blocks per stage> (e.g. resnet:1,1,2), "
                                 + "or rnn, lstm, gru, bilstm with optional sizes (e.g. lstm:128,128)")
        }
        guard parts.count == 2 else {
            kind = recurrentCell.map { .recurrent($0, hiddenSizes: $0.defaultHiddenSizes) } ?? ModelArchitecture.standard.kind
            return
        }
        let sizes = parts[1].split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard sizes.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw CommandFailure("model '\(text)': hidden sizes must be positive whole numbers separated by commas, e.g. \(parts[0]):256,128")
        }
        kind = recurrentCell.map { .recurrent($0, hiddenSizes: sizes.map { $0! }) } ?? .mlp(hiddenSizes: sizes.map { $0! })
        try checkSize(text)
    }

    /// The most hidden layers, units per layer and parameters an `mlp:` or recurrent model may have: far
    /// beyond what trains on 28×28 images, and small enough that building one never exhausts memory.
    static let maximumHiddenLayers = 64, maximumLayerSize = 65_536, maximumParameterCount = 1 << 27

    /// Throws unless the sizes lie within the bounds above (counted with overflow checks).
    private func checkSize(_ text: String) throws {
        let hiddenSizes: [Int], gates: Int, directions: Int
        switch kind {
        case .mlp(let sizes): (hiddenSizes, gates, directions) = (sizes, 0, 1)
        case .recurrent(let cell, let sizes): (hiddenSizes, gates, directions) = (sizes, cell.gateCount, cell == .bilstm ? 2 : 1)
        default: return
        }
        guard hiddenSizes.count <= Self.maximumHiddenLayers, hiddenSizes.allSatisfy({ $0 <= Self.maximumLayerSize }) else {
            throw CommandFailure("model '\(text)': at most \(Self.maximumHiddenLayers) hidden layers of at most \(Self.maximumLayerSize) units each")
        }
        // A dense layer has (inputs + 1)·outputs parameters; a recurrent one gates·(inputs + outputs + 1)·outputs
        // per direction, its inputs the row's pixels or the layer below's outputs of both directions.
        let inputs = [gates == 0 ? inputShape.reduce(1, *) : inputShape.dropFirst().reduce(1, *)] + hiddenSizes.map { $0 * directions }
        var total = 0
        for (index, (inputCount, outputs)) in zip(inputs, hiddenSizes.map { $0 } + [classCount]).enumerated() {
            let recurrent = gates > 0 && index < hiddenSizes.count
            let fanIn = recurrent ? inputCount + outputs + 1 : inputCount + 1
            let perUnit = fanIn.multipliedReportingOverflow(by: recurrent ? gates * directions : 1)
            let weights = outputs.multipliedReportingOverflow(by: perUnit.partialValue)
            let sum = total.addingReportingOverflow(weights.partialValue)
            guard !perUnit.overflow, !weights.overflow, !sum.overflow, sum.partialValue <= Self.maximumParameterCount else {
                throw CommandFailure("model '\(text)': more than \(Self.maximumParameterCount) parameters; use smaller layers")
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
        case .resnet(let blocks): return blocks == Self.residualStageBlocks ? "resnet" : "resnet:" + blocks.map(String.init).joined(separator: ",")
        case .recurrent(let cell, let sizes): return "\(cell.rawValue):" + sizes.map(String.init).joined(separator: ",")
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
        case .resnet(let blocks): return makeResidualNetwork(blocks: blocks)
        case .recurrent(let cell, let sizes): return makeRecurrentNetwork(cell, sizes)
        }
    }

    /// The image as a sequence of its rows, `[N, 28, 28]` = 28 steps of 28 pixels, through the recurrent
    /// layers; the last one returns only its final step, which a dense layer maps to the class scores.
    private func makeRecurrentNetwork(_ cell: RecurrentCell, _ hiddenSizes: [Int]) -> Sequential {
        let rowLength = inputShape.dropFirst().reduce(1, *)
        let inputSizes = [rowLength] + hiddenSizes.dropLast().map { cell == .bilstm ? 2 * $0 : $0 }
        return Sequential {
            Reshape([inputShape[0], rowLength])
            for (index, (inputSize, hiddenSize)) in zip(inputSizes, hiddenSizes).enumerated() {
                let returnSequences = index < hiddenSizes.count - 1
                switch cell {
                case .rnn: RNN(inputSize: inputSize, hiddenSize: hiddenSize, returnSequences: returnSequences)
                case .lstm: LSTM(inputSize: inputSize, hiddenSize: hiddenSize, returnSequences: returnSequences)
                case .gru: GRU(inputSize: inputSize, hiddenSize: hiddenSize, returnSequences: returnSequences)
                case .bilstm: Bidirectional(LSTM(inputSize: inputSize, hiddenSize: hiddenSize, returnSequences: returnSequences))
                }
            }
            Linear((cell == .bilstm ? 2 : 1) * hiddenSizes.last!, classCount, weightInitializer: .heUniform)
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

    private func makeResidualNetwork(blocks: [Int]) -> Sequential {
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
            for (stage, (inChannels, outChannels)) in [(32, 32), (32, 64), (64, 128)].enumerated() {
                // 28×28, then 14×14 and 7×7: the first block of the later stages halves the image.
                block(inChannels, outChannels, stride: stage == 0 ? 1 : 2)
                for _ in 1..<blocks[stage] { block(outChannels, outChannels, stride: 1) }
            }
            GlobalAveragePool()
            Linear(128, classCount, weightInitializer: .heUniform)
        }
    }
}
