import Testing
@testable import Nabla

/// The Huber loss: its two pieces, δ, the reductions and its gradient.
@Suite struct HuberTests {
    // d = ŷ - y = [-0.5, -1, 2, -0.5, -0.5, 2.5]
    let prediction = double([0.5, -1, 2, 0, 1.5, 3.5], [3, 2])
    let target = double([1, 0, 0, 0.5, 2, 1], [3, 2])

    @Test func quadraticInsideAndLinearOutside() {
        // ½d² for |d| ≤ 1: 0.125, 0.5 (|d| = 1 is still quadratic); |d| - ½ beyond: 1.5, 2.
        expectValues(Tensor.huber(prediction, target, reduction: .none), [0.125, 0.5, 1.5, 0.125, 0.125, 2], shape: [3, 2])
        expectValues(Tensor.huber(prediction, target, reduction: .sum), [4.375], shape: [])
        expectValues(Tensor.huber(prediction, target), [4.375 / 6], shape: [])
    }

    @Test func deltaMovesTheBend() {
        // δ = 2: ½d² up to |d| = 2 (0.125, 0.5, 2, 0.125, 0.125), then 2·(2.5 - 1) = 3.
        expectValues(Tensor.huber(prediction, target, delta: 2, reduction: .none), [0.125, 0.5, 2, 0.125, 0.125, 3], shape: [3, 2])
        // δ = 0.25: 0.25·(|d| - 0.125) everywhere, as every |d| is above 0.25.
        expectValues(Tensor.huber(prediction, target, delta: 0.25, reduction: .none),
                     [0.09375, 0.21875, 0.46875, 0.09375, 0.09375, 0.59375], shape: [3, 2])
    }

    @Test func gradientIsTheClampedError() throws {
        let a = prediction.requiringGrad()
        try Tensor.huber(a, target, reduction: .sum).backward()
        // clamp(d, -1, 1).
        try expectValues(#require(a.grad), [-0.5, -1, 1, -0.5, -0.5, 1], shape: [3, 2], tolerance: 1e-15)
    }

    @Test(arguments: Reduction.allCases)
    func gradientChecks(reduction: Reduction) throws {
        // Errors in (-3, 3) fall on both pieces; none lies within ε of the bend at ±δ.
        let a = uniform([5, 4], -2, 2, seed: 71), y = uniform([5, 4], -1, 1, seed: 72)
        try expectGradients(at: [a, y]) { Tensor.huber($0[0], $0[1], reduction: reduction) }
        try expectGradients(at: [a, y]) { Tensor.huber($0[0], $0[1], delta: 0.5, reduction: reduction) }
    }

    @Test func lossByName() throws {
        let value = try Loss.huber(prediction, target)
        expectValues(value, [4.375 / 6], shape: [])
        #expect(Loss.huber.name == "huber")
    }

    @Test func mismatchedShapesStop() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.huber(Tensor.zeros([4, 1]), Tensor.zeros([4]))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("huber") && message.contains("[4, 1]") && message.contains("[4]"), "\(message)")
    }
}
