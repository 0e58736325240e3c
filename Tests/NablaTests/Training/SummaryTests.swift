import Testing
@testable import Nabla

/// `summary(inputShape:)`: Keras's layer table with output shapes and parameter counts.
@Suite struct SummaryTests {
    /// The notes' Keras example: 4 inputs → Dense(5, relu) → Dense(1).
    private func kerasExample() -> Sequential {
        Sequential {
            Linear(4, 5)
            ReLU()
            Linear(5, 1)
        }
    }

    @Test func rowsOfTheKerasExample() {
        let summary = kerasExample().summary(inputShape: [4])
        #expect(summary.rows == [
            .init(name: "input", type: "Input", outputShape: [nil, 4], parameterCount: 0),
            .init(name: "layers.0", type: "Linear", outputShape: [nil, 5], parameterCount: 25),
            .init(name: "layers.1", type: "ReLU", outputShape: [nil, 5], parameterCount: 0),
            .init(name: "layers.2", type: "Linear", outputShape: [nil, 1], parameterCount: 6),
        ])
        #expect(summary.totalParameters == 31 && summary.trainableParameters == 31 && summary.nonTrainableParameters == 0)
    }

    @Test func descriptionOfTheKerasExample() {
        let text = kerasExample().summary(inputShape: [4]).description
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == "Model: \"sequential\"")
        #expect(lines.contains { $0.hasPrefix("layers.0 (Linear)") && $0.contains("(None, 5)") && $0.hasSuffix("25") })
        #expect(lines.contains { $0.hasPrefix("layers.2 (Linear)") && $0.contains("(None, 1)") && $0.hasSuffix("6") })
        #expect(lines.contains { $0.hasPrefix("input (Input)") && $0.contains("(None, 4)") && $0.hasSuffix("0") })
        #expect(lines.contains("Total params: 31"))
        #expect(lines.contains("Trainable params: 31"))
        #expect(lines.contains("Non-trainable params: 0"))
        // The columns line up: every layer row puts its output shape at the same position.
        let shapeColumns = Set(lines.compactMap { line in line.range(of: "(None,").map { $0.lowerBound.utf16Offset(in: line) } })
        #expect(shapeColumns.count == 1)
    }

    @Test func mlpCountsAndGrouping() {
        let model = Sequential {
            Flatten()
            Linear(784, 256)
            ReLU()
            Linear(256, 128)
            ReLU()
            Linear(128, 10)
        }
        let summary = model.summary(inputShape: [28, 28])
        // 784·256 + 256 + 256·128 + 128 + 128·10 + 10.
        #expect(summary.totalParameters == 235_146)
        #expect(summary.rows.map(\.parameterCount) == [0, 0, 200_960, 0, 32_896, 0, 1_290])
        #expect(summary.rows[1].outputShape == [nil, 784] && summary.rows[0].outputShape == [nil, 28, 28])
        #expect(summary.description.contains("Total params: 235,146"))
        #expect(summary.description.contains("200,960") && summary.description.contains("(None, 28, 28)"))
    }

    @Test func frozenLayersAreNonTrainable() {
        let model = kerasExample()
        model.layers[0].freeze()
        let summary = model.summary(inputShape: [4])
        #expect(summary.totalParameters == 31 && summary.trainableParameters == 6 && summary.nonTrainableParameters == 25)
        #expect(summary.description.contains("Trainable params: 6") && summary.description.contains("Non-trainable params: 25"))
    }

    @Test func summaryLeavesTheModelAsItWas() {
        let model = Sequential { Linear(3, 2); Dropout(probability: 0.5) }
        _ = model.summary(inputShape: [3])
        #expect(model.isTraining && model.layers[1].isTraining)
        #expect(model.parameters().allSatisfy { $0.grad == nil })
    }

    @Test func aSingleLayerIsItsOwnRow() {
        let summary = Linear(3, 2).summary(inputShape: [7, 3])
        #expect(summary.rows.map(\.name) == ["input", "linear"])
        #expect(summary.rows[1].outputShape == [nil, 7, 2] && summary.rows[1].parameterCount == 8)
        #expect(summary.modelName == "linear")
    }
}

/// A two-headed network: a shared trunk, a policy and a value head.
private final class PolicyValueNetwork: Module {
    let trunk = Linear(4, 8)
    let policy = Linear(8, 3)
    let value = Linear(8, 1)
    func callAsFunction(_ input: Tensor) -> (policy: Tensor, value: Tensor) {
        let features = trunk(input).relu()
        return recordCall((policy(features), value(features).tanh()))
    }
}

/// A recurrent cell: (input, state) → (output, next state).
private final class RecurrentCell: Module {
    @Parameter var inputWeight: Tensor
    @Parameter var stateWeight: Tensor
    init(inputs: Int, hidden: Int) {
        _inputWeight = Parameter(Tensor.randomNormal([hidden, inputs]))
        _stateWeight = Parameter(Tensor.randomNormal([hidden, hidden]))
        super.init()
    }
    func callAsFunction(_ input: Tensor, state: Tensor) -> (output: Tensor, state: Tensor) {
        let next = (input.matmul(inputWeight, transposingOther: true) + state.matmul(stateWeight, transposingOther: true)).tanh()
        return recordCall((output: next * 2, state: next))
    }
}

/// A cell unrolled over a sequence, with a head applied at every step.
private final class UnrolledNetwork: Module {
    let cell = RecurrentCell(inputs: 3, hidden: 4)
    let head = Linear(4, 2)
    func callAsFunction(_ sequence: [Tensor]) -> (outputs: [Tensor], state: Tensor) {
        var state = Tensor.zeros([sequence[0].shape[0], 4])
        var outputs: [Tensor] = []
        for input in sequence {
            let step = cell(input, state: state)
            state = step.state
            outputs.append(head(step.output))
        }
        return recordCall((outputs, state))
    }
}

/// Summaries of modules that are not `Tensor -> Tensor` layers, and of modules called more than once.
@Suite struct SummaryOfOtherModulesTests {
    @Test func twoHeadsShowEachHead() {
        let network = PolicyValueNetwork()
        let summary = ModelSummary(of: network) { network(Tensor.zeros([5, 4])) }
        #expect(summary.modelName == "policyvaluenetwork")
        #expect(summary.rows == [
            .init(name: "trunk", type: "Linear", outputShape: [5, 8], parameterCount: 40),
            .init(name: "policy", type: "Linear", outputShape: [5, 3], parameterCount: 27),
            .init(name: "value", type: "Linear", outputShape: [5, 1], parameterCount: 9),
        ])
        #expect(summary.totalParameters == 76 && summary.trainableParameters == 76)
    }

    @Test func aModuleWithoutSubModulesShowsEveryOutputTensor() throws {
        let cell = RecurrentCell(inputs: 3, hidden: 4)
        let summary = ModelSummary(of: cell) { cell(Tensor.zeros([2, 3]), state: Tensor.zeros([2, 4])) }
        #expect(summary.rows == [.init(name: "recurrentcell", type: "RecurrentCell", outputShapes: [[2, 4], [2, 4]], parameterCount: 28)])
        let lines = summary.description.split(separator: "\n").map(String.init)
        let row = try #require(lines.firstIndex { $0.hasPrefix("recurrentcell (RecurrentCell)") })
        #expect(lines[row].contains("(2, 4)") && lines[row].hasSuffix("28"))
        // The second output tensor (the state) on the next line, in the shape column.
        #expect(lines[row + 1].trimmingCharacters(in: .whitespaces) == "(2, 4)")
        let column = { (line: String) in line.range(of: "(2, 4)")?.lowerBound.utf16Offset(in: line) }
        #expect(column(lines[row + 1]) == column(lines[row]))
    }

    @Test func aCellCalledAtEveryStepIsOneRow() {
        let network = UnrolledNetwork()
        let sequence = (0..<5).map { _ in Tensor.zeros([2, 3]) }
        let summary = ModelSummary(of: network) { network(sequence) }
        #expect(summary.rows == [
            .init(name: "cell", type: "RecurrentCell", outputShapes: [[2, 4], [2, 4]], parameterCount: 28),
            .init(name: "head", type: "Linear", outputShape: [2, 2], parameterCount: 10),
        ])
        #expect(summary.totalParameters == 38)
    }

    @Test func aSharedLayerIsOneRowAndCountedOnce() {
        let shared = Linear(2, 2)
        let model = Sequential { shared; ReLU(); shared }
        let summary = model.summary(inputShape: [2])
        #expect(summary.rows.map(\.name) == ["input", "layers.0", "layers.1"])
        #expect(summary.rows.map(\.parameterCount) == [0, 6, 0])
        #expect(summary.totalParameters == 6)
    }

    @Test func aSummaryFromAnInputShowsExactShapes() {
        let summary = Sequential { Linear(3, 2); ReLU() }.summary(input: Tensor.zeros([5, 3]))
        #expect(summary.rows.map(\.outputShape) == [[5, 3], [5, 2], [5, 2]])
    }

    @Test func theSummaryLeavesTheModelInItsMode() {
        let network = PolicyValueNetwork()
        _ = ModelSummary(of: network) { network(Tensor.zeros([1, 4])) }
        #expect(network.isTraining && network.parameters().allSatisfy { $0.grad == nil })
    }
}
