import Testing
@testable import Nabla

/// `normalized(alongAxes:scale:shift:epsilon:)`: values, statistics and gradients, for the axes of
/// batch normalisation and of layer normalisation.
@Suite struct NormalizeTests {
    @Test func valuesAndStatistics() {
        let x = double([1, 2, 3, 4, 10, 20, 30, 40], [2, 4])
        let (y, mean, variance) = x.normalized(alongAxes: [1], epsilon: 0)
        expectValues(mean, [2.5, 25], shape: [2, 1])
        expectValues(variance, [1.25, 125], shape: [2, 1])
        let a = 1 / 1.25.squareRoot()
        expectValues(y, [-1.5 * a, -0.5 * a, 0.5 * a, 1.5 * a, -1.5 * a, -0.5 * a, 0.5 * a, 1.5 * a], shape: [2, 4], tolerance: 1e-12)
        let scaled = x.normalized(alongAxes: [1], scale: double([2, 2, 2, 2], [4]), shift: double([1, 1, 1, 1], [4]), epsilon: 0).output
        expectValues(scaled, y.scalars(as: Double.self).map { 2 * $0 + 1 }, shape: [2, 4], tolerance: 1e-12)
        #expect(y.requiresGrad == false && mean.requiresGrad == false)
    }

    @Test func batchNormalisationAxesGradients() throws {
        let x = uniform([3, 2, 2, 3], -2, 2, seed: 61), scale = uniform([1, 2, 1, 1], 0.5, 1.5, seed: 62), shift = uniform([1, 2, 1, 1], seed: 63)
        try expectGradients(at: [x, scale, shift]) { v in
            v[0].normalized(alongAxes: [0, 2, 3], scale: v[1], shift: v[2]).output.tanh()
        }
        try expectGradients(at: [uniform([4, 3], seed: 64)]) { v in v[0].normalized(alongAxes: [0]).output.sigmoid() }
    }

    @Test func layerNormalisationAxesGradients() throws {
        let x = uniform([2, 3, 4], -3, 3, seed: 65), scale = uniform([4], 0.5, 1.5, seed: 66), shift = uniform([4], seed: 67)
        try expectGradients(at: [x, scale, shift]) { v in
            v[0].normalized(alongAxes: [2], scale: v[1], shift: v[2], epsilon: 1e-3).output.exp()
        }
        try expectGradients(at: [x, uniform([3, 4], seed: 68)]) { v in
            v[0].normalized(alongAxes: [1, 2], scale: v[1]).output * v[0]
        }
    }

    /// Axes and parameters the C kernel does not take (kept axes apart, γ varying along every axis) go
    /// through the composed formula, with the same gradients.
    @Test func otherAxesGradients() throws {
        let x = uniform([2, 3, 2, 3], -2, 2, seed: 69)
        try expectGradients(at: [x, uniform([1, 3, 1, 3], 0.5, 1.5, seed: 70)]) { v in
            v[0].normalized(alongAxes: [0, 2], scale: v[1]).output.tanh()
        }
        try expectGradients(at: [x, uniform([2, 3, 2, 3], 0.5, 1.5, seed: 71)]) { v in
            v[0].normalized(alongAxes: [3], scale: v[1]).output.exp()
        }
        #expect(NormalizationKernels.Layout(shape: x.shape, reduced: [0, 2], scaleShape: [1, 3, 1, 3], shiftShape: nil) == nil)
        #expect(NormalizationKernels.Layout(shape: x.shape, reduced: [3], scaleShape: x.shape, shiftShape: nil) == nil)
    }

    @Test func theOperationIsOneNode() throws {
        let x = Tensor.ones([2, 3]).requiringGrad()
        let y = x.normalized(alongAxes: [1], epsilon: 1e-3).output
        #expect(y.operation == .normalize(axes: [1], epsilon: 1e-3))
    }
}
