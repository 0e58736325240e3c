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
        let shapeColumns = Set(lines.filter { $0.contains("(None,") }.map { $0.range(of: "(None,")!.lowerBound.utf16Offset(in: $0) })
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
