import Testing
@testable import Nabla

/// Mean squared error, the notes' quadratic cost and mean absolute error.
@Suite struct SquaredErrorTests {
    // ŷ - y = [[-0.5, -1], [2, -0.5], [-0.5, 2]]
    let prediction = double([0.5, -1, 2, 0, 1.5, 3], [3, 2])
    let target = double([1, 0, 0, 0.5, 2, 1], [3, 2])

    @Test func meanSquaredErrorWithEachReduction() {
        expectValues(Tensor.meanSquaredError(prediction, target), [9.75 / 6], shape: [])
        expectValues(Tensor.meanSquaredError(prediction, target, reduction: .mean), [1.625], shape: [])
        expectValues(Tensor.meanSquaredError(prediction, target, reduction: .sum), [9.75], shape: [])
        expectValues(Tensor.meanSquaredError(prediction, target, reduction: .none), [0.25, 1, 4, 0.25, 0.25, 4], shape: [3, 2])
    }

    @Test func quadraticCostIsHalfTheSummedSquaredNormOverN() {
        // C = 1/(2·3) · (1.25 + 4.25 + 4.25) = 9.75 / 6; per sample ‖a - y‖² = 1.25, 4.25, 4.25.
        expectValues(Tensor.quadraticCost(prediction, target), [9.75 / 6], shape: [])
        // With a single output per sample, n is still the number of rows: 1/(2·4) Σ (a - y)².
        let a = double([1, 2, 3, 4], [4]), y = double([0, 0, 0, 0], [4])
        expectValues(Tensor.quadraticCost(a, y), [30.0 / 8], shape: [])
        // A scalar is one sample.
        expectValues(Tensor.quadraticCost(double([3], []), double([1], [])), [2], shape: [])
    }

    @Test func quadraticCostGradientIsTheDifferenceOverN() throws {
        let a = prediction.requiringGrad()
        try Tensor.quadraticCost(a, target).backward()
        try expectValues(#require(a.grad), [-0.5 / 3, -1.0 / 3, 2.0 / 3, -0.5 / 3, -0.5 / 3, 2.0 / 3], shape: [3, 2], tolerance: 1e-15)
    }

    @Test func meanAbsoluteErrorWithEachReduction() {
        expectValues(Tensor.meanAbsoluteError(prediction, target), [6.5 / 6], shape: [])
        expectValues(Tensor.meanAbsoluteError(prediction, target, reduction: .sum), [6.5], shape: [])
        expectValues(Tensor.meanAbsoluteError(prediction, target, reduction: .none), [0.5, 1, 2, 0.5, 0.5, 2], shape: [3, 2])
    }

    @Test(arguments: Reduction.allCases)
    func gradientChecks(reduction: Reduction) throws {
        let a = uniform([4, 3], seed: 51), y = uniform([4, 3], seed: 52)
        try expectGradients(at: [a, y]) { Tensor.meanSquaredError($0[0], $0[1], reduction: reduction) }
        try expectGradients(at: [a, y]) { Tensor.meanAbsoluteError($0[0], $0[1], reduction: reduction) }
    }

    @Test func quadraticCostGradientCheck() throws {
        try expectGradients(at: [uniform([4, 3], seed: 53), uniform([4, 3], seed: 54)]) { Tensor.quadraticCost($0[0], $0[1]) }
    }

    @Test func mismatchedShapesStop() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.meanSquaredError(Tensor.zeros([4, 1]), Tensor.zeros([4]))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("meanSquaredError") && message.contains("[4, 1]") && message.contains("[4]"), "\(message)")
    }
}
