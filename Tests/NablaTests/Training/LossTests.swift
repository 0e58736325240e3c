import Testing
@testable import Nabla

/// The `Loss` presets call the cost functions they name.
@Suite struct LossTests {
    let prediction = double([0.5, -1, 2, 0, 1.5, 3], [3, 2])
    let target = double([1, 0, 0, 0.5, 2, 1], [3, 2])

    @Test func regressionPresets() throws {
        expectValues(try Loss.meanSquaredError(prediction, target), [1.625], shape: [])
        expectValues(try Loss.quadratic(prediction, target), [9.75 / 6], shape: [])
        expectValues(try Loss.meanAbsoluteError(prediction, target), [6.5 / 6], shape: [])
        #expect([Loss.meanSquaredError, .quadratic, .meanAbsoluteError].map(\.name) == ["meanSquaredError", "quadratic", "meanAbsoluteError"])
    }

    @Test func binaryPresets() throws {
        let p = double([0.9, 0.2, 0.6, 0.3], [4]), y = double([1, 0, 0, 1], [4])
        expectValues(try Loss.binaryCrossEntropy(p, y), [0.6121919007930318], shape: [], tolerance: 1e-14)
        let z = double([2, -1, 0.5, -3], [4])
        expectValues(try Loss.binaryCrossEntropyWithLogits(z, y), [1.115713508578761], shape: [], tolerance: 1e-14)
    }

    @Test func crossEntropyPicksLabelsOrTargetsByRank() throws {
        let logits = double([2, 1, 0.1, 0.5, 2.5, 0.3, -1, 0, 3, 1, 1, 1], [4, 3])
        // Labels [N]: the fused softmax cross-entropy.
        expectValues(try Loss.crossEntropy(logits, double([0, 2, 2, 1], [4])), [1.0003939329309777], shape: [], tolerance: 1e-14)
        // Distributions [N, k]: one-hot gives the same, soft targets their own value.
        expectValues(try Loss.crossEntropy(logits, try Tensor.oneHot([0, 2, 2, 1], classCount: 3, dtype: .float64)),
                     [1.0003939329309777], shape: [], tolerance: 1e-14)
        let soft = double([0.7, 0.2, 0.1, 0, 0.5, 0.5, 0.2, 0.2, 0.6, 1.0 / 3, 1.0 / 3, 1.0 / 3], [4, 3])
        expectValues(try Loss.crossEntropy(logits, soft), [1.1728939329309775], shape: [], tolerance: 1e-14)
    }

    @Test func negativeLogLikelihoodPreset() throws {
        let logProbabilities = double([-1, -2, -3, -4, -5, -6], [2, 3])
        expectValues(try Loss.negativeLogLikelihood(logProbabilities, double([2, 0], [2])), [3.5], shape: [])
    }

    @Test func customLoss() throws {
        let loss = Loss(name: "sumOfDifferences") { ($0 - $1).sum() }
        #expect(loss.name == "sumOfDifferences")
        expectValues(try loss(prediction, target), [1.5], shape: [])
    }
}
