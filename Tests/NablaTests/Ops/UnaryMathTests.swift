import Foundation
import Testing
@testable import Nabla

/// Elementwise mathematical functions and their derivatives.
@Suite struct UnaryMathTests {
    @Test(arguments: [DType.float32, .float64])
    func forward(dtype: DType) {
        let tolerance = dtype == .float32 ? 1e-6 : 1e-14
        let x = Tensor([0.5, 1, 2], dtype: dtype)
        expectValues(x.exp(), [Foundation.exp(0.5), M_E, Foundation.exp(2)], shape: [3], tolerance: tolerance)
        expectValues(x.log(), [-M_LN2, 0, M_LN2], shape: [3], tolerance: tolerance)
        expectValues(Tensor([4, 0.25, 9], dtype: dtype).sqrt(), [2, 0.5, 3], shape: [3], tolerance: tolerance)
        expectValues(Tensor([-3, 0.5], dtype: dtype).squared(), [9, 0.25], shape: [2], tolerance: tolerance)
        expectValues(Tensor([-3, 0, 2.5], dtype: dtype).abs(), [3, 0, 2.5], shape: [3])
        expectValues(Tensor([-3, 0, 2.5], dtype: dtype).sign(), [-1, 0, 1], shape: [3])
        expectValues(Tensor([-2, 3], dtype: dtype).pow(3), [-8, 27], shape: [2], tolerance: tolerance)
        expectValues(Tensor([4, 9], dtype: dtype).pow(0.5), [2, 3], shape: [2], tolerance: tolerance)
        expectValues(Tensor([2, 4], dtype: dtype).pow(-1), [0.5, 0.25], shape: [2], tolerance: tolerance)
        expectValues(Tensor([-3, -0.5, 0.2, 7], dtype: dtype).clamped(min: -1, max: 2), [-1, -0.5, 0.2, 2], shape: [4], tolerance: tolerance)
        expectValues(Tensor([-3, 7], dtype: dtype).clamped(min: 0), [0, 7], shape: [2])
        expectValues(Tensor([-3, 7], dtype: dtype).clamped(max: 0), [-3, 0], shape: [2])
    }

    @Test func specialValues() {
        expectValues(Tensor([0, -1]).log(), [-.infinity, .nan], shape: [2])
        expectValues(Tensor([-4]).sqrt(), [.nan], shape: [1])
        expectValues(Tensor([.nan]).sign(), [.nan], shape: [1])
        expectValues(Tensor([.nan, 5]).clamped(min: 0, max: 1), [.nan, 1], shape: [2])
        expectValues(Tensor([-1000, 1000]).exp(), [0, .infinity], shape: [2])
    }

    @Test func powerWithTensorExponentBroadcasts() {
        let base = Tensor([[2], [3]])             // [2, 1]
        let exponent = Tensor([0, 1, 2])          // [3]
        expectValues(Tensor.pow(base, exponent), [1, 2, 4, 1, 3, 9], shape: [2, 3])
    }

    enum Function: String, CaseIterable, Sendable {
        case exp, log, sqrt, squared, abs, sign, cube, squareRoot, reciprocal, negativePower, clamped
        func callAsFunction(_ x: Tensor) -> Tensor {
            switch self {
            case .exp: x.exp()
            case .log: x.log()
            case .sqrt: x.sqrt()
            case .squared: x.squared()
            case .abs: x.abs()
            case .sign: x.sign()
            case .cube: x.pow(3)
            case .squareRoot: x.pow(0.5)
            case .reciprocal: x.pow(-1)
            case .negativePower: x.pow(-2.5)
            case .clamped: x.clamped(min: -0.5, max: 0.8)
            }
        }
        /// Whether the function is only defined (or only smooth) for positive inputs.
        var needsPositiveInput: Bool { [.log, .sqrt, .squareRoot, .reciprocal, .negativePower].contains(self) }
    }

    @Test(arguments: Function.allCases)
    func gradient(function: Function) throws {
        // Inputs at least 0.1 away from the kinks at 0 (abs, sign) and at the clamp limits -0.5 and 0.8.
        let x = function.needsPositiveInput
            ? double([0.3, 0.7, 1.2, 2.5, 4, 0.15], [2, 3])
            : double([-1.7, -0.9, -0.3, 0.2, 0.6, 1.4], [2, 3])
        try expectGradients(at: [x]) { function($0[0]) }
    }

    @Test func powerGradientsAtZero() throws {
        // d/dx x⁰ = 0 and d/dx x¹ = 1 everywhere, x = 0 included; d/dx x³ = 0 at 0.
        for (exponent, expected) in [(0.0, 0.0), (1.0, 1.0), (3.0, 0.0)] {
            let x = Tensor([0], dtype: .float64).requiringGrad()
            try x.pow(exponent).sum().backward()
            try expectValues(#require(x.grad), [expected], shape: [1])
            let base = Tensor([0], dtype: .float64).requiringGrad()
            try Tensor.pow(base, Tensor([exponent], dtype: .float64)).sum().backward()
            try expectValues(#require(base.grad), [expected], shape: [1])
        }
    }

    @Test func clampedPassesTheGradientOnlyInside() throws {
        let x = Tensor([-2, 0.5, 3]).requiringGrad()
        try x.clamped(min: 0, max: 1).sum().backward()
        try expectValues(#require(x.grad), [0, 1, 0], shape: [3])
    }

    @Test func tensorPowerGradients() throws {
        // Positive bases: both gradients are smooth; broadcasting in both directions.
        try expectGradients(at: [uniform([2, 3], 0.5, 2, seed: 1), uniform([2, 3], -1.5, 2, seed: 2)]) { Tensor.pow($0[0], $0[1]) }
        try expectGradients(at: [uniform([2, 1], 0.5, 2, seed: 3), uniform([3], -1.5, 2, seed: 4)]) { Tensor.pow($0[0], $0[1]) }
        try expectGradients(at: [uniform([], 0.5, 2, seed: 5), uniform([2, 2], -1.5, 2, seed: 6)]) { Tensor.pow($0[0], $0[1]) }
    }

    @Test func tensorPowerWithANegativeBaseHasNoExponentGradient() throws {
        let base = Tensor([-2, 3], dtype: .float64).requiringGrad()
        let exponent = Tensor([2, 2], dtype: .float64).requiringGrad()
        try Tensor.pow(base, exponent).sum().backward()
        try expectValues(#require(base.grad), [-4, 6], shape: [2])                  // e·bᵉ⁻¹
        try expectValues(#require(exponent.grad), [0, 9 * Foundation.log(3)], shape: [2])  // bᵉ·ln b where b > 0
    }
}
