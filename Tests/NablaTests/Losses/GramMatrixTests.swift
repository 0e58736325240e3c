import Testing
@testable import Nabla

/// Gram matrices of feature maps, G = F Fᵀ / (H·W) per image.
@Suite struct GramMatrixTests {
    @Test func valuesOfASmallExample() {
        // One image, two channels of 1 × 2 positions: F = [[1, 2], [3, 4]], F Fᵀ = [[5, 11], [11, 25]], over 2 positions.
        let features = double([1, 2, 3, 4], [1, 2, 1, 2])
        expectValues(features.gramMatrix(), [2.5, 5.5, 5.5, 12.5], shape: [1, 2, 2])
    }

    @Test func eachImageOfABatchHasItsOwnMatrix() {
        let first = uniform([1, 3, 4, 5], seed: 1), second = uniform([1, 3, 4, 5], seed: 2)
        let batch = Tensor.concatenate([first, second], alongAxis: 0).gramMatrix()
        #expect(batch.shape == [2, 3, 3])
        expectValues(batch.sliced(alongAxis: 0, 0..<1), first.gramMatrix().scalars(as: Double.self), shape: [1, 3, 3], tolerance: 1e-12)
        expectValues(batch.sliced(alongAxis: 0, 1..<2), second.gramMatrix().scalars(as: Double.self), shape: [1, 3, 3], tolerance: 1e-12)
    }

    @Test func doesNotDependOnWhereFeaturesAre() {
        // Moving the positions around (here: mirroring the map) leaves the Gram matrix unchanged.
        let features = uniform([1, 4, 3, 3], seed: 3)
        let mirrored = Tensor.concatenate((0..<3).reversed().map { features.sliced(alongAxis: 3, $0..<($0 + 1)) }, alongAxis: 3)
        expectValues(mirrored.gramMatrix(), features.gramMatrix().scalars(as: Double.self), shape: [1, 4, 4], tolerance: 1e-12)
    }

    @Test func gradientCheck() throws {
        try expectGradients(at: [uniform([2, 3, 4, 5], seed: 4)]) { $0[0].gramMatrix() }
    }

    @Test func badShapeStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([3, 4, 5]).gramMatrix()
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("gramMatrix") && message.contains("[3, 4, 5]"), "\(message)")
    }
}
