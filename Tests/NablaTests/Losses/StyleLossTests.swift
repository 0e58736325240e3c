import Testing
@testable import Nabla

/// The Gram-matrix style loss, mean((G(F) − Ĝ)²).
@Suite struct StyleLossTests {
    @Test func valueOfASmallExample() {
        // G(F) = [[2.5, 5.5], [5.5, 12.5]] (see GramMatrixTests); against the identity: (1.5² + 5.5² + 5.5² + 11.5²) / 4.
        let features = double([1, 2, 3, 4], [1, 2, 1, 2])
        let target = double([1, 0, 0, 1], [1, 2, 2])
        expectValues(Tensor.styleLoss(features, targetGram: target), [(2.25 + 30.25 + 30.25 + 132.25) / 4], shape: [])
    }

    @Test func zeroForTheSameTexture() {
        let features = uniform([1, 3, 4, 4], seed: 10)
        expectValues(Tensor.styleLoss(features, targetGram: features.gramMatrix()), [0], shape: [], tolerance: 1e-15)
    }

    @Test func oneTargetServesABatch() {
        // A [1, C, C] target is compared with every image's Gram matrix: the mean of the per-image losses.
        let first = uniform([1, 3, 4, 4], seed: 11), second = uniform([1, 3, 4, 4], seed: 12)
        let target = uniform([1, 3, 3], seed: 13)
        let batch = Tensor.styleLoss(Tensor.concatenate([first, second], alongAxis: 0), targetGram: target).item
        let separate = (Tensor.styleLoss(first, targetGram: target).item + Tensor.styleLoss(second, targetGram: target).item) / 2
        #expect(Swift.abs(batch - separate) < 1e-12)
    }

    @Test func gradientCheck() throws {
        let target = uniform([1, 3, 3], seed: 21)
        try expectGradients(at: [uniform([2, 3, 4, 5], seed: 20)]) { Tensor.styleLoss($0[0], targetGram: target) }
    }

    @Test func noGradientFlowsIntoTheTarget() throws {
        let features = uniform([1, 2, 3, 3], seed: 22).requiringGrad()
        let target = uniform([1, 2, 2], seed: 23).requiringGrad()
        try Tensor.styleLoss(features, targetGram: target).backward()
        #expect(features.grad != nil)
        #expect(target.grad == nil)
    }

    @Test func mismatchedTargetStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.styleLoss(Tensor.zeros([2, 4, 3, 3]), targetGram: Tensor.zeros([1, 3, 3]))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("styleLoss") && message.contains("[1, 3, 3]") && message.contains("[2, 4, 3, 3]"), "\(message)")
    }
}
