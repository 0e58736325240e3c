import Testing
@testable import Nabla

/// The content loss, mean((F − F̂)²) of deep features.
@Suite struct ContentLossTests {
    @Test func valueOfASmallExample() {
        let features = double([1, 2, 3, 4], [1, 1, 2, 2]), target = double([1, 0, 3, 8], [1, 1, 2, 2])
        expectValues(Tensor.contentLoss(features, target: target), [(0 + 4 + 0 + 16) / 4.0], shape: [])
    }

    @Test func oneTargetServesABatch() {
        let first = uniform([1, 2, 3, 3], seed: 30), second = uniform([1, 2, 3, 3], seed: 31), target = uniform([1, 2, 3, 3], seed: 32)
        let batch = Tensor.contentLoss(Tensor.concatenate([first, second], alongAxis: 0), target: target).item
        let separate = (Tensor.contentLoss(first, target: target).item + Tensor.contentLoss(second, target: target).item) / 2
        #expect(Swift.abs(batch - separate) < 1e-12)
    }

    @Test func gradientCheck() throws {
        let target = uniform([1, 3, 4, 4], seed: 34)
        try expectGradients(at: [uniform([2, 3, 4, 4], seed: 33)]) { Tensor.contentLoss($0[0], target: target) }
    }

    @Test func mismatchedShapesStop() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.contentLoss(Tensor.zeros([1, 4, 3, 3]), target: Tensor.zeros([1, 4, 3, 2]))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("contentLoss") && message.contains("[1, 4, 3, 3]") && message.contains("[1, 4, 3, 2]"), "\(message)")
    }
}
