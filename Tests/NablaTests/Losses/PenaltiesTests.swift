import Testing
@testable import Nabla

/// L2 and L1 regularisation terms in the notes' form.
@Suite struct PenaltiesTests {
    let weight = Parameter(double([1, -2, 0.5, 3], [2, 2]))
    let bias = Parameter(double([-1, 4], [2]))

    @Test func l2IsLambdaOverTwoNTimesTheSumOfSquares() throws {
        // λ = 0.1, n = 5: 0.1/10 · (1 + 4 + 0.25 + 9 + 1 + 16) = 0.3125.
        let penalty = Penalty.l2([weight, bias], lambda: 0.1, sampleCount: 5)
        expectValues(penalty, [0.3125], shape: [], tolerance: 1e-15)
        // Its gradient is (λ/n)·w: weight decay.
        try penalty.backward()
        try expectValues(#require(weight.grad), [0.02, -0.04, 0.01, 0.06], shape: [2, 2], tolerance: 1e-15)
        try expectValues(#require(bias.grad), [-0.02, 0.08], shape: [2], tolerance: 1e-15)
    }

    @Test func l1IsLambdaOverNTimesTheSumOfMagnitudes() throws {
        // 0.1/5 · (1 + 2 + 0.5 + 3 + 1 + 4) = 0.23.
        let penalty = Penalty.l1([weight, bias], lambda: 0.1, sampleCount: 5)
        expectValues(penalty, [0.23], shape: [], tolerance: 1e-15)
        // Its gradient is (λ/n)·sgn(w).
        try penalty.backward()
        try expectValues(#require(weight.grad), [0.02, -0.02, 0.02, 0.02], shape: [2, 2], tolerance: 1e-15)
        try expectValues(#require(bias.grad), [-0.02, 0.02], shape: [2], tolerance: 1e-15)
    }

    @Test func gradientChecks() throws {
        let w = Parameter(uniform([3, 2], seed: 71)), b = Parameter(uniform([2], 0.1, 1, seed: 72))
        try expectParameterGradients(of: [w, b]) { Penalty.l2([w, b], lambda: 0.5, sampleCount: 3) }
        try expectParameterGradients(of: [w, b]) { Penalty.l1([w, b], lambda: 0.5, sampleCount: 3) }
    }

    @Test func frozenParametersStillCount() {
        let frozen = Parameter(double([2], [1]), trainable: false)
        expectValues(Penalty.l2([frozen], lambda: 1, sampleCount: 1), [2], shape: [])
    }

    @Test func noParametersStops() async {
        await #expect(processExitsWith: .failure) {
            _ = Penalty.l1([], lambda: 1, sampleCount: 1)
        }
    }
}
