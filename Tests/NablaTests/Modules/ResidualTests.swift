import Testing
@testable import Nabla

/// `Residual`: y = F(x) + x, or F(x) + P(x) with a projection when the body changes the shape.
@Suite struct ResidualTests {
    @Test func theInputIsAddedToTheBody() throws {
        let block = Residual { Linear(3, 3, dtype: .float64); Tanh() }
        let x = uniform([2, 3], seed: 91)
        let body = block.body(x)
        expectValues(block(x), (body + x).scalars(as: Double.self), shape: [2, 3], tolerance: 1e-12)
        try expectGradients(at: [x]) { v in block(v[0]).sigmoid() }
        try expectParameterGradients(of: block.parameters()) { block(x).squared().sum() }
    }

    @Test func aProjectionOnlyWhenChannelsOrStrideChange() {
        #expect(Residual(inChannels: 8, outChannels: 8) { ReLU() }.projection == nil)
        let widening = Residual(inChannels: 8, outChannels: 16, stride: 2) {
            Conv2d(8, 16, kernelSize: 3, stride: 2, padding: 1)
        }
        #expect(widening.projection != nil)
        #expect(widening(Tensor.zeros([2, 8, 6, 6])).shape == [2, 16, 3, 3])
        // 8·16·3·3 + 16 in the body, 8·16 + 2·16 in the projection (conv without bias, batch norm's γ and β).
        #expect(widening.parameterCount == 1168 + 128 + 32)
    }

    @Test func gradientsThroughAProjection() throws {
        let block = Residual(inChannels: 2, outChannels: 3, stride: 2, dtype: .float64) {
            Conv2d(2, 3, kernelSize: 3, stride: 2, padding: 1, dtype: .float64)
        }
        try expectGradients(at: [uniform([2, 2, 4, 4], seed: 92)]) { v in block(v[0]).tanh() }
    }

    @Test func shapesThatDoNotMatchStop() async {
        await #expect(processExitsWith: .failure) { _ = Residual { Linear(3, 4) }(Tensor.zeros([2, 3])) }
    }

    @Test func reshapeKeepsTheBatch() async {
        #expect(Reshape([1, 28, 28])(Tensor.zeros([5, 28, 28])).shape == [5, 1, 28, 28])
        #expect(Reshape([-1, 4])(Tensor.zeros([2, 8])).shape == [2, 2, 4])
        await #expect(processExitsWith: .failure) { _ = Reshape([3, 3])(Tensor.zeros([2, 8])) }
    }
}
