import Foundation
import Testing
@testable import Nabla

/// Cross-entropy and negative log-likelihood with `int64` labels: the same costs and gradients as float
/// labels, and exact for class numbers beyond 2²⁴.
@Suite struct IntegerLabelsTests {
    @Test func sameCostAndGradientAsFloatLabels() throws {
        let logits = uniform([4, 3], -2, 2, seed: 21)
        for reduction in Reduction.allCases {
            let fromIntegers = try Tensor.crossEntropy(logits: logits, labels: Tensor(indices: [2, 0, 1, 2]), reduction: reduction)
            let fromFloats = try Tensor.crossEntropy(logits: logits, labels: Tensor([2, 0, 1, 2]), reduction: reduction)
            #expect(fromIntegers.scalars(as: Double.self) == fromFloats.scalars(as: Double.self))
        }
        try expectGradients(at: [logits]) { try Tensor.crossEntropy(logits: $0[0], labels: Tensor(indices: [2, 0, 1, 2])) }
        let logProbabilities = logits.logSoftmax(alongAxis: 1)
        #expect(try Tensor.negativeLogLikelihood(logProbabilities: logProbabilities, labels: Tensor(indices: [1, 1, 0, 2])).item
                == (try Tensor.negativeLogLikelihood(logProbabilities: logProbabilities, labels: Tensor([1, 1, 0, 2]))).item)
        try expectGradients(at: [logits]) {
            try Tensor.negativeLogLikelihood(logProbabilities: $0[0].logSoftmax(alongAxis: 1), labels: Tensor(indices: [1, 1, 0, 2]))
        }
    }

    /// With 20_000_002 classes, all scores 0 but 10 for the label 20_000_001: the cost is
    /// ln(e¹⁰ + 20_000_001) - 10. As a float32 label the class would be 20_000_000, whose score is 0.
    @Test func labelsBeyondTwoToThe24AreExact() throws {
        let label = 20_000_001, classes = label + 1
        var logits = Tensor.zeros([1, classes])
        logits.setScalar(10, at: [0, label])
        let expected = Foundation.log(Foundation.exp(10) + Double(classes - 1)) - 10
        let cost = try Tensor.crossEntropy(logits: logits, labels: Tensor(indices: [label]))
        #expect(Swift.abs(cost.item - expected) < 1e-4, "\(cost.item), expected \(expected)")
        #expect(try Tensor.negativeLogLikelihood(logProbabilities: logits, labels: Tensor(indices: [label])).item == -10)
        #expect(try Tensor.negativeLogLikelihood(logProbabilities: logits, labels: Tensor([Double(label)])).item == 0)
    }
}
