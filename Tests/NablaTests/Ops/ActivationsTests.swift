import Foundation
import Testing
@testable import Nabla

/// σ, tanh and ReLU: values, saturation without NaN, and gradients.
@Suite struct ActivationsTests {
    @Test(arguments: [DType.float32, .float64])
    func forward(dtype: DType) {
        let tolerance = dtype == .float32 ? 1e-6 : 1e-14
        let x = Tensor([-2, 0, 2, 0.5], dtype: dtype)
        expectValues(x.sigmoid(), [0.11920292202211755, 0.5, 0.8807970779778823, 0.6224593312018546], shape: [4], tolerance: tolerance)
        expectValues(x.tanh(), [-0.9640275800758169, 0, 0.9640275800758169, 0.46211715726000974], shape: [4], tolerance: tolerance)
        expectValues(Tensor([-1, 0, 2.5, -0.1], dtype: dtype).relu(), [0, 0, 2.5, 0], shape: [4])
    }

    @Test(arguments: [DType.float32, .float64])
    func saturation(dtype: DType) {
        let x = Tensor([-1000, -100, 100, 1000], dtype: dtype)
        expectValues(x.sigmoid(), [0, Foundation.exp(-100.0), 1, 1], shape: [4], tolerance: 1e-12)
        expectValues(x.tanh(), [-1, -1, 1, 1], shape: [4])
        #expect(!x.sigmoid().scalars(as: Double.self).contains { $0.isNaN })
    }

    @Test func sigmoidGradient() throws {
        try expectGradients(at: [uniform([2, 3], -4, 4, seed: 1)]) { $0[0].sigmoid() }
    }

    @Test func tanhGradient() throws {
        try expectGradients(at: [uniform([2, 3], -3, 3, seed: 2)]) { $0[0].tanh() }
    }

    @Test func reluGradientAwayFromZero() throws {
        try expectGradients(at: [double([-1.5, -0.2, 0.3, 2, -3, 0.7], [3, 2])]) { $0[0].relu() }
        let x = Tensor([-1, 2, -3, 4]).requiringGrad()
        try x.relu().sum().backward()
        expectValues(x.grad!, [0, 1, 0, 1], shape: [4])
    }

    @Test func composedActivations() throws {
        try expectGradients(at: [uniform([4], -2, 2, seed: 3)]) { $0[0].tanh().sigmoid() * $0[0].relu() }
    }
}
