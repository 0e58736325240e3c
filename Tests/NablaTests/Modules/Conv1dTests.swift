import Testing
@testable import Nabla

/// The `Conv1d` layer: shapes, the 2-d layer it matches, gradients and messages.
@Suite struct Conv1dTests {
    @Test func matchesTheTwoDimensionalLayerOnOneRow() {
        let layer = Conv1d(4, 6, kernelSize: 3, stride: 2, padding: 1, dilation: 2, groups: 2, dtype: .float64)
        let x = uniform([3, 4, 13], seed: 1)
        let expected = x.reshaped([3, 4, 1, 13]).convolution2d(
            weight: layer.weight.reshaped([6, 2, 1, 3]), bias: layer.bias, stride: [1, 2], padding: [0, 1], dilation: [1, 2], groups: 2)
        let y = layer(x)
        expectValues(y, expected.scalars(as: Double.self), shape: [3, 6, expected.shape[3]], tolerance: 1e-12)
        #expect(layer.weight.shape == [6, 2, 3])
        #expect("\(layer)" == "Conv1d(4 → 6, kernelSize: 3, stride: 2, padding: 1, dilation: 2, groups: 2)")
    }

    @Test func sameKeepsTheLength() {
        #expect(Conv1d(8, 16, kernelSize: 4, padding: .same)(Tensor.zeros([2, 8, 10])).shape == [2, 16, 10])
    }

    @Test func gradientsMatchFiniteDifferences() throws {
        let layer = Conv1d(2, 3, kernelSize: 3, padding: .same, biasInitializer: .constant(-0.2), dtype: .float64)
        let x = uniform([2, 2, 7], seed: 2)
        try expectParameterGradients(of: layer.parameters()) { layer(x).sigmoid().sum() }
        try expectGradients(at: [x]) { layer($0[0]) }
    }

    @Test func tooShortASequenceStopsNamingTheLayer() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Conv1d(1, 2, kernelSize: 5)(Tensor.zeros([1, 1, 3]))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("Conv1d(1 → 2, kernelSize: 5)") && message.contains("output width"), "\(message)")
    }
}
