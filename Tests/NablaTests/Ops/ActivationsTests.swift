import Foundation
import Testing
@testable import Nabla

/// σ, tanh and ReLU, and the composite activations (hardtanh, leaky ReLU, ELU, softmax, log softmax):
/// values, saturation without NaN, and gradients.
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
        try expectValues(#require(x.grad), [0, 1, 0, 1], shape: [4])
    }

    /// At x = 0 ReLU's gradient is taken as 0 (as PyTorch does), for -0 as well.
    @Test func reluGradientAtZeroIsZero() throws {
        let x = Tensor([0, -0.0, 1e-30, -1e-30]).requiringGrad()
        try x.relu().sum().backward()
        try expectValues(#require(x.grad), [0, 0, 1, 0], shape: [4], tolerance: 0)
    }

    @Test func composedActivations() throws {
        try expectGradients(at: [uniform([4], -2, 2, seed: 3)]) { $0[0].tanh().sigmoid() * $0[0].relu() }
    }

    // MARK: Composite activations

    @Test(arguments: [DType.float32, .float64])
    func hardTanhLeakyReluElu(dtype: DType) {
        let tolerance = dtype == .float32 ? 1e-6 : 1e-14
        let x = Tensor([-2, -1, -0.5, 0.5, 1, 3], dtype: dtype)
        expectValues(x.hardTanh(), [-1, -1, -0.5, 0.5, 1, 1], shape: [6])
        expectValues(x.leakyRelu(slope: 0.1), [-0.2, -0.1, -0.05, 0.5, 1, 3], shape: [6], tolerance: tolerance)
        expectValues(x.leakyRelu(), [-0.02, -0.01, -0.005, 0.5, 1, 3], shape: [6], tolerance: tolerance)
        expectValues(x.elu(alpha: 1.5), [-1.296997075145081, -0.9481808382428365, -0.5902040104310499, 0.5, 1, 3],
                     shape: [6], tolerance: tolerance)
    }

    @Test func eluDoesNotOverflowForLargeInputs() throws {
        let x = double([1000, -1000], [2]).requiringGrad()
        let y = x.elu()
        expectValues(y, [1000, -1], shape: [2])
        try y.sum().backward()
        try expectValues(#require(x.grad), [1, 0], shape: [2])
    }

    @Test func compositeActivationGradients() throws {
        // Points kept away from the kinks at ±1 and 0, where finite differences are meaningless.
        let x = double([-2.5, -0.7, -0.2, 0.3, 0.8, 1.6], [2, 3])
        try expectGradients(at: [x]) { $0[0].hardTanh() }
        try expectGradients(at: [x]) { $0[0].leakyRelu(slope: 0.2) }
        try expectGradients(at: [x]) { $0[0].elu(alpha: 0.7) }
        // hardtanh passes the gradient only inside [-1, 1].
        let leaf = x.requiringGrad()
        try leaf.hardTanh().sum().backward()
        try expectValues(#require(leaf.grad), [0, 1, 1, 1, 1, 0], shape: [2, 3])
    }

    @Test(arguments: [DType.float32, .float64])
    func softmaxAlongEachAxis(dtype: DType) {
        let tolerance = dtype == .float32 ? 1e-6 : 1e-14
        let x = Tensor([[1, 2, 3], [-1, 0, 4]], dtype: dtype)
        expectValues(x.softmax(), [0.09003057317038046, 0.24472847105479764, 0.6652409557748218,
                                   0.006573263185309083, 0.0178679818703045, 0.9755587549443865], shape: [2, 3], tolerance: tolerance)
        expectValues(x.softmax(alongAxis: 0), [0.8807970779778823, 0.8807970779778823, 0.2689414213699951,
                                               0.11920292202211755, 0.11920292202211755, 0.7310585786300049], shape: [2, 3], tolerance: tolerance)
        expectValues(x.softmax(alongAxis: 1).sum(alongAxis: 1), [1, 1], shape: [2], tolerance: tolerance)
        expectValues(x.softmax(alongAxis: 0).sum(alongAxis: 0), [1, 1, 1], shape: [3], tolerance: tolerance)
    }

    @Test func softmaxIsInvariantToAddingAConstant() {
        let x = uniform([3, 4], -2, 2, seed: 4)
        let shifted = (x + 37.5).softmax()
        expectValues(shifted, x.softmax().scalars(as: Double.self), shape: [3, 4], tolerance: 1e-12)
        let shiftedAlongRows = (x - 12).logSoftmax(alongAxis: 0)
        expectValues(shiftedAlongRows, x.logSoftmax(alongAxis: 0).scalars(as: Double.self), shape: [3, 4], tolerance: 1e-12)
    }

    @Test(arguments: [DType.float32, .float64])
    func hugeLogitsStayFinite(dtype: DType) {
        let x = Tensor([[1000, 0, -1000], [-1000, -1000, -999]], dtype: dtype)
        expectValues(x.softmax(), [1, 0, 0, 0.21194155761708544, 0.21194155761708544, 0.5761168847658291],
                     shape: [2, 3], tolerance: 1e-6)
        expectValues(x.logSoftmax(), [0, -1000, -2000, -1.551444713932051, -1.551444713932051, -0.5514447139320511],
                     shape: [2, 3], tolerance: 1e-6)
    }

    @Test func logSoftmaxValuesAndExpOfItIsSoftmax() {
        let x = double([1, 2, 3, -1, 0, 4], [2, 3])
        expectValues(x.logSoftmax(), [-2.4076059644443806, -1.4076059644443804, -0.4076059644443804,
                                      -5.024744890138822, -4.024744890138822, -0.02474489013882259], shape: [2, 3], tolerance: 1e-14)
        expectValues(x.logSoftmax(alongAxis: 0), [-0.1269280110429726, -0.1269280110429726, -1.3132616875182228,
                                                  -2.1269280110429727, -2.1269280110429727, -0.31326168751822286], shape: [2, 3], tolerance: 1e-14)
    }

    @Test func softmaxAndLogSoftmaxGradients() throws {
        let x = uniform([2, 3, 4], -3, 3, seed: 5)
        for axis in [0, 1, 2, -1] {
            try expectGradients(at: [x]) { $0[0].softmax(alongAxis: axis) }
            try expectGradients(at: [x]) { $0[0].logSoftmax(alongAxis: axis) }
        }
    }

    @Test func largeLogitGradientsAreFinite() throws {
        let x = double([1000, 0, -1000, -1000, -1000, -999], [2, 3]).requiringGrad()
        try (x.logSoftmax() * double([1, 2, 3, 4, 5, 6], [2, 3])).sum().backward()
        // ∂/∂xⱼ Σᵢ wᵢ log softmaxᵢ = wⱼ - softmaxⱼ Σᵢ wᵢ.
        let s = [1.0, 0, 0, 0.21194155761708544, 0.21194155761708544, 0.5761168847658291]
        try expectValues(#require(x.grad), [1 - 6 * s[0], 2 - 6 * s[1], 3 - 6 * s[2], 4 - 15 * s[3], 5 - 15 * s[4], 6 - 15 * s[5]],
                     shape: [2, 3], tolerance: 1e-9)
    }

    /// Masked entries (-∞) get probability 0 and log-probability -∞; the rest of the row equals the
    /// log-softmax of the unmasked entries alone, and so does its gradient. Never NaN while a row has a
    /// finite entry.
    @Test func logSoftmaxWithMaskedEntries() throws {
        let inf = Double.infinity
        let x = double([-inf, 0, 1, 0, -inf, -inf, 2, 2, -inf], [3, 3]).requiringGrad()
        let y = x.logSoftmax(alongAxis: 1)
        let values = y.scalars(as: Double.self)
        let log2 = 0.6931471805599453, lse01 = 1.3132616875182228
        expectValues(y, [-inf, -lse01, 1 - lse01, 0, -inf, -inf, -log2, -log2, -inf], shape: [3, 3], tolerance: 1e-12)
        #expect(!values.contains { $0.isNaN })
        expectValues(x.softmax(alongAxis: 1), [0, 0.268941, 0.731059, 1, 0, 0, 0.5, 0.5, 0], shape: [3, 3])
        let weights = double([1, 2, 3, 4, 5, 6, 7, 8, 9], [3, 3])
        try (Tensor.where(y .> -inf, y, y.scalarLike(0)) * weights).sum().backward()
        let gradient = try #require(x.grad).scalars(as: Double.self)
        #expect(!gradient.contains { $0.isNaN || $0.isInfinite }, "\(gradient)")
        // Row 0 against the unmasked problem [0, 1] with weights [2, 3].
        let reduced = double([0, 1], [2]).requiringGrad()
        try (reduced.logSoftmax() * double([2, 3], [2])).sum().backward()
        let expected = try #require(reduced.grad).scalars(as: Double.self)
        #expect(Swift.abs(gradient[1] - expected[0]) < 1e-12 && Swift.abs(gradient[2] - expected[1]) < 1e-12)
        #expect(gradient[4] == 0 && gradient[5] == 0)   // a row with one finite entry is constant 0
        try expectGradients(at: [uniform([3, 4], -5, 5, seed: 51)]) { $0[0].logSoftmax(alongAxis: 0) }
    }
}
