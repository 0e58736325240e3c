import Foundation
import Nabla
import Testing
import NablaRL

/// The loss (z - v)² - πᵀ log p + c‖ϑ‖²: each term against numbers worked out by hand, the masked
/// log-softmax, and the gradient.
@Suite struct AlphaZeroLossTests {
    // Two positions, three moves; the third move is illegal in the first position.
    let logits = Tensor([[1, 2, 0], [0, 0, 0]], dtype: .float64)
    let mask = Tensor([[1, 1, 0], [1, 1, 1]], dtype: .float64)
    let policies = Tensor([[0.25, 0.75, 0], [0, 0, 1]], dtype: .float64)
    let values = Tensor([0.5, -0.2], dtype: .float64)
    let outcomes = Tensor([1, -1], dtype: .float64)

    @Test func theThreeTerms() {
        let parameter = Parameter(Tensor([1, -2, 3], dtype: .float64))
        let loss = AlphaZeroLoss(logits: logits, values: values, legalMask: mask, searchPolicies: policies, outcomes: outcomes,
                                 parameters: [parameter], regularization: 0.01)
        // (z - v)²: (1 - 0.5)² = 0.25 and (-1 + 0.2)² = 0.64, mean 0.445.
        #expect(abs(loss.valueError.item - 0.445) < 1e-12)
        // Row 1, over the legal moves 1 and 2: log(e + e²) = 1 + log(1 + e), so log p = (-log(1 + e), 1 - log(1 + e))
        // and -πᵀ log p = 0.25 log(1 + e) + 0.75 (log(1 + e) - 1) = log(1 + e) - 0.75.
        // Row 2: uniform over three moves, -log(1/3) = log 3.
        let expectedCrossEntropy = (Foundation.log(1 + M_E) - 0.75 + Foundation.log(3.0)) / 2
        #expect(abs(loss.policyCrossEntropy.item - expectedCrossEntropy) < 1e-12, "\(loss.policyCrossEntropy.item)")
        // c‖ϑ‖² = 0.01 · (1 + 4 + 9).
        #expect(abs(loss.penalty.item - 0.14) < 1e-12)
        #expect(abs(loss.total.item - (0.445 + expectedCrossEntropy + 0.14)) < 1e-12)
    }

    @Test func illegalMovesGetProbabilityZeroAndNoGradient() throws {
        let logProbabilities = PolicyValueNetwork.maskedLogSoftmax(logits, legalMask: mask).scalars(as: Double.self)
        #expect(logProbabilities[2] == -.infinity)
        #expect(abs(exp(logProbabilities[0]) + exp(logProbabilities[1]) - 1) < 1e-12)
        let scores = logits.requiringGrad()
        let loss = AlphaZeroLoss(logits: scores, values: values, legalMask: mask, searchPolicies: policies, outcomes: outcomes,
                                 parameters: [], regularization: 0.01)
        try loss.total.backward()
        let gradient = try #require(scores.grad).scalars(as: Double.self)
        #expect(gradient[2] == 0)
        #expect(gradient.allSatisfy { $0.isFinite })
        #expect(loss.penalty.item == 0)
    }

    @Test func penaltyGradientIsTwoCTimesTheWeights() throws {
        let parameter = Parameter(Tensor([1, -2, 3], dtype: .float64))
        try AlphaZeroLoss(logits: logits, values: values, legalMask: mask, searchPolicies: policies, outcomes: outcomes,
                          parameters: [parameter], regularization: 0.01).total.backward()
        // ∂(c Σ w²)/∂w = 2cw.
        let gradient = try #require(parameter.grad).scalars(as: Double.self)
        #expect(zip(gradient, [0.02, -0.04, 0.06]).allSatisfy { abs($0 - $1) < 1e-12 }, "\(gradient)")
    }

    @Test func gradientCheck() throws {
        var generator = RandomGenerator(seed: 8)
        let randomLogits = Tensor.randomNormal([4, 5], dtype: .float64, generator: &generator)
        let randomValues = Tensor.randomUniform([4], low: -0.9, high: 0.9, dtype: .float64, generator: &generator)
        let legal = Tensor([[1, 1, 0, 1, 0], [1, 1, 1, 1, 1], [0, 0, 1, 1, 0], [1, 0, 0, 0, 1]], dtype: .float64)
        let searched = Tensor([[0.2, 0.5, 0, 0.3, 0], [0.1, 0.1, 0.2, 0.3, 0.3], [0, 0, 1, 0, 0], [0.5, 0, 0, 0, 0.5]], dtype: .float64)
        let results = Tensor([1, 0, -1, 1], dtype: .float64)
        let result = try checkGradients(at: [randomLogits, randomValues]) { inputs in
            AlphaZeroLoss(logits: inputs[0], values: inputs[1], legalMask: legal, searchPolicies: searched, outcomes: results,
                          parameters: [], regularization: 0.05).total
        }
        #expect(result.passed, "\(result)")
    }
}
