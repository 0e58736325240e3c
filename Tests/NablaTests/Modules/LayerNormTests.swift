import Testing
@testable import Nabla

/// `LayerNorm`: per-sample statistics over the trailing axes, the same in training and evaluation.
@Suite struct LayerNormTests {
    @Test func eachSampleIsStandardisedOverItsLastAxes() {
        let layer = LayerNorm([4], epsilon: 0, dtype: .float64)
        let y = layer(double([1, 2, 3, 4, 10, 10, 20, 20], [2, 4]))
        let a = 1 / 1.25.squareRoot()
        expectValues(y, [-1.5 * a, -0.5 * a, 0.5 * a, 1.5 * a, -1, -1, 1, 1], shape: [2, 4], tolerance: 1e-12)
        layer.eval()
        expectValues(layer(double([1, 2, 3, 4, 10, 10, 20, 20], [2, 4])), y.scalars(as: Double.self), shape: [2, 4])
    }

    @Test func gradients() throws {
        let layer = LayerNorm([2, 3], dtype: .float64)
        layer.parameters()[0].update { $0.assign(uniform([2, 3], 0.5, 1.5, seed: 81)) }
        let x = uniform([4, 2, 3], -2, 2, seed: 82)
        try expectGradients(at: [x]) { v in layer(v[0]).tanh() }
        let weights = uniform([4, 2, 3], seed: 83)
        try expectParameterGradients(of: layer.parameters()) { (layer(x).tanh() * weights).sum() }
    }

    @Test func parametersAndBadShapes() async {
        #expect(LayerNorm([256]).parameterCount == 512)
        #expect(LayerNorm([8], affine: false).parameterCount == 0)
        await #expect(processExitsWith: .failure) { _ = LayerNorm([4])(Tensor.zeros([2, 3])) }
    }
}
