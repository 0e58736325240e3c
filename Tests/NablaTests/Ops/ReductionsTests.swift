import Foundation
import Testing
@testable import Nabla

/// Sums, means, extrema, argmax, variance and log-sum-exp over all elements or chosen axes.
@Suite struct ReductionsTests {
    /// [2, 3, 4] holding 0 ..< 24.
    static let cube = Tensor.arange(0, 24, dtype: .float64).reshaped([2, 3, 4])

    @Test func sums() {
        let x = Self.cube
        expectValues(x.sum(), [276], shape: [])
        expectValues(x.sum(alongAxis: 0), (0..<12).map { Double(2 * $0 + 12) }, shape: [3, 4])
        expectValues(x.sum(alongAxis: 1), [12, 15, 18, 21, 48, 51, 54, 57], shape: [2, 4])
        expectValues(x.sum(alongAxis: -1), [6, 22, 38, 54, 70, 86], shape: [2, 3])
        expectValues(x.sum(alongAxis: 1, keepingDims: true), [12, 15, 18, 21, 48, 51, 54, 57], shape: [2, 1, 4])
        expectValues(x.sum(alongAxes: [0, 2]), [60, 92, 124], shape: [3])
        expectValues(x.sum(alongAxes: [2, 0], keepingDims: true), [60, 92, 124], shape: [1, 3, 1])
        expectValues(x.sum(alongAxes: [1, 2]), [66, 210], shape: [2])
        expectValues(x.sum(alongAxes: [0, 1, 2], keepingDims: true), [276], shape: [1, 1, 1])
        expectValues(Tensor(5).sum(), [5], shape: [])
        expectValues(Tensor.zeros([0, 3]).sum(alongAxis: 0), [0, 0, 0], shape: [3])
    }

    @Test(arguments: [1, 7, 8, 9, 19, 64])
    func contiguousSumsOfAnyLength(length: Int) {
        // Rows of 1, 2, ... length: the vectorised sum and its tail both count.
        let x = Tensor((0..<(3 * length)).map { Double($0 % length + 1) }, shape: [3, length])
        let expected = Double(length * (length + 1) / 2)
        expectValues(x.sum(alongAxis: 1), [expected, expected, expected], shape: [3])
    }

    /// float32 sums keep their digits over many elements: 1_000_000 × 0.1 summed in float32 lanes was off
    /// by 9·10⁻⁴ (relative) before the block totals were added in Double; now it is within 10⁻⁶. The same
    /// along a strided axis ([60000, 8] column sums, MNIST-sized), where the running sum was float32 too.
    @Test func float32SumsAndMeansStayAccurateOverManyElements() {
        let tenth = Double(Float(0.1))   // the float32 value actually summed
        func expectClose(_ value: Double, _ exact: Double, _ what: String) {
            #expect(Swift.abs(value - exact) <= 1e-6 * exact, "\(what): \(value), exact \(exact)")
        }
        let n = 1_000_000
        let x = Tensor.full([n], value: 0.1)
        expectClose(x.sum().item, Double(n) * tenth, "sum")
        expectClose(x.mean().item, tenth, "mean")
        let columns = Tensor.full([60000, 8], value: 0.1)
        for value in columns.sum(alongAxis: 0).scalars(as: Double.self) { expectClose(value, 60000 * tenth, "column sum") }
        for value in columns.mean(alongAxis: 0).scalars(as: Double.self) { expectClose(value, tenth, "column mean") }
    }

    @Test func means() {
        let x = Self.cube
        expectValues(x.mean(), [11.5], shape: [])
        expectValues(x.mean(alongAxis: 2), [1.5, 5.5, 9.5, 13.5, 17.5, 21.5], shape: [2, 3])
        expectValues(x.mean(alongAxes: [0, 1], keepingDims: true), [10, 11, 12, 13], shape: [1, 1, 4])
    }

    @Test func extrema() {
        let x = Tensor([[3, -1, 4], [1, 5, -9]])
        expectValues(x.max(), [5], shape: [])
        expectValues(x.min(), [-9], shape: [])
        expectValues(x.max(alongAxis: 0), [3, 5, 4], shape: [3])
        expectValues(x.min(alongAxis: 1), [-1, -9], shape: [2])
        expectValues(x.max(alongAxis: 1, keepingDims: true), [4, 5], shape: [2, 1])
        expectValues(Self.cube.max(alongAxes: [0, 2]), [15, 19, 23], shape: [3])
        expectValues(Self.cube.min(alongAxes: [1, 2], keepingDims: true), [0, 12], shape: [2, 1, 1])
        expectValues(Tensor([1, .nan, 3]).max(), [.nan], shape: [])
        expectValues(Tensor([.nan, 1, 3]).min(), [.nan], shape: [])
        expectValues(Tensor([[.nan, 1], [3, 2]]).max(alongAxis: 0), [.nan, 2], shape: [2])
        expectValues(Tensor([[1, 5], [3, .nan]]).min(alongAxis: 0), [1, .nan], shape: [2])
        expectValues(Tensor([[-.infinity, -5], [-7, -.infinity]]).max(alongAxis: 1), [-5, -7], shape: [2])
    }

    @Test func argmax() {
        let x = Tensor([[3, 7, 7], [9, 1, 9]])
        expectValues(x.argmax(alongAxis: 1), [1, 0], shape: [2])              // first of tied maxima
        expectValues(x.argmax(alongAxis: 0), [1, 0, 1], shape: [3])
        expectValues(x.argmax(alongAxis: -1, keepingDims: true), [1, 0], shape: [2, 1])
        #expect(x.argmax() == 3)
        #expect(!x.requiringGrad().argmax(alongAxis: 0).requiresGrad)
    }

    /// NaN counts as the largest value (as in PyTorch): the first NaN is chosen, by `argmax()` and along an
    /// axis (contiguous or strided); before, NaN never compared larger and was passed over.
    @Test func argmaxChoosesTheFirstNaN() {
        #expect(Tensor([1, .nan, 3, .nan]).argmax() == 1)
        #expect(Tensor([.nan, 5, 7]).argmax() == 0)
        let x = Tensor([[1, .nan, 3, .nan], [.nan, 5, 7, 2], [4, 6, 9, 8]])
        expectValues(x.argmax(alongAxis: 1), [1, 0, 2], shape: [3])
        expectValues(x.argmax(alongAxis: 0), [1, 0, 2, 0], shape: [4])
        expectValues(Tensor([[2, .nan], [.nan, 3], [5, .nan]], dtype: .float64).argmax(alongAxis: 0), [1, 0], shape: [2])
    }

    /// `argmax()` returns an exact Int even past 2²⁴, where float32 cannot hold every whole number
    /// (16_777_217 would come back as 16_777_216 through a float32 index tensor).
    @Test func argmaxOfTheWholeTensorIsExactPastTwoToThe24() {
        let count = (1 << 24) + 2
        var x = Tensor.zeros([count])
        x.setScalar(1, at: [count - 1])   // index 16_777_217
        #expect(x.argmax() == count - 1)
    }

    @Test func variance() {
        let x = Tensor([[1, 2, 3, 4], [2, 4, 6, 8]], dtype: .float64)
        expectValues(x.variance(), [Self.referenceVariance([1, 2, 3, 4, 2, 4, 6, 8], correction: 1)], shape: [], tolerance: 1e-14)
        expectValues(x.variance(alongAxes: [1]), [5.0 / 3, 20.0 / 3], shape: [2], tolerance: 1e-14)
        expectValues(x.variance(alongAxes: [1], correction: 0), [1.25, 5], shape: [2], tolerance: 1e-14)
        expectValues(x.variance(alongAxes: [0], keepingDims: true), [0.5, 2, 4.5, 8], shape: [1, 4], tolerance: 1e-14)
    }

    static func referenceVariance(_ values: [Double], correction: Int) -> Double {
        let mean = values.reduce(0, +) / Double(values.count)
        return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - correction)
    }

    @Test(arguments: [DType.float32, .float64])
    func logSumExpIsStableForHugeValues(dtype: DType) {
        // A naive log(Σ exp) overflows at 1000 (e¹⁰⁰⁰ = inf) and underflows at -1000.
        expectValues(Tensor([1000, 1000], dtype: dtype).logSumExp(alongAxes: [0]), [1000 + M_LN2], shape: [], tolerance: 1e-7)
        expectValues(Tensor([-1000, -1000, -1000], dtype: dtype).logSumExp(alongAxes: [0]), [-1000 + Foundation.log(3)], shape: [], tolerance: 1e-7)
        let x = Tensor([[1000, 999], [0, 1]], dtype: dtype)
        let tail = Foundation.log(1 + Foundation.exp(-1.0))
        let expected = [1000 + tail, 1 + tail]
        expectValues(x.logSumExp(alongAxis: 1), expected, shape: [2], tolerance: 1e-7)
        expectValues(x.logSumExp(alongAxis: 1, keepingDims: true), expected, shape: [2, 1], tolerance: 1e-7)
        expectValues(Tensor([-.infinity, -.infinity], dtype: dtype).logSumExp(alongAxes: [0]), [-.infinity], shape: [])
    }

    @Test func logSumExpOverSeveralAxes() {
        let x = Self.cube / 10
        let values = x.scalars(as: Double.self)
        // Axes [0, 2]: for each middle index j, log Σ over i, k of exp(x[i, j, k]).
        var expected: [Double] = []
        for j in 0..<3 {
            var total = 0.0
            for i in 0..<2 { for k in 0..<4 { total += Foundation.exp(values[i * 12 + j * 4 + k]) } }
            expected.append(Foundation.log(total))
        }
        expectValues(x.logSumExp(alongAxes: [0, 2]), expected, shape: [3], tolerance: 1e-12)
    }

    // MARK: Gradients

    static let axisChoices: [[Int]] = [[], [0], [1], [2], [-1], [0, 2], [1, 2], [0, 1, 2]]

    @Test(arguments: axisChoices, [false, true])
    func sumAndMeanGradients(axes: [Int], keepingDims: Bool) throws {
        let x = uniform([2, 3, 4], seed: 1)
        try expectGradients(at: [x]) { $0[0].sum(alongAxes: axes, keepingDims: keepingDims) }
        try expectGradients(at: [x]) { $0[0].mean(alongAxes: axes, keepingDims: keepingDims) }
    }

    @Test(arguments: axisChoices.filter { !$0.isEmpty }, [false, true])
    func extremumGradients(axes: [Int], keepingDims: Bool) throws {
        // Distinct values, so the maxima and minima are unique and the functions smooth nearby.
        let x = uniform([2, 3, 4], -3, 3, seed: 2)
        try expectGradients(at: [x]) { $0[0].max(alongAxes: axes, keepingDims: keepingDims) }
        try expectGradients(at: [x]) { $0[0].min(alongAxes: axes, keepingDims: keepingDims) }
    }

    @Test func wholeTensorGradients() throws {
        let x = uniform([3, 2], seed: 3)
        try expectGradients(at: [x]) { $0[0].sum() }
        try expectGradients(at: [x]) { $0[0].mean() }
        try expectGradients(at: [x]) { $0[0].max() }
        try expectGradients(at: [x]) { $0[0].min() }
        try expectGradients(at: [x]) { $0[0].variance() }
    }

    @Test func tiedExtremaShareTheGradient() throws {
        let x = Tensor([[1, 3, 3], [2, 0, 2]]).requiringGrad()
        try x.max(alongAxis: 1).sum().backward()
        try expectValues(#require(x.grad), [0, 0.5, 0.5, 0.5, 0, 0.5], shape: [2, 3])
        x.zeroGrad()
        try x.min().backward()
        try expectValues(#require(x.grad), [0, 0, 0, 0, 1, 0], shape: [2, 3])
        x.zeroGrad()
        try x.max().backward()
        try expectValues(#require(x.grad), [0, 0.5, 0.5, 0, 0, 0], shape: [2, 3])
    }

    @Test(arguments: [[0], [1], [0, 1]], [0, 1])
    func varianceGradients(axes: [Int], correction: Int) throws {
        try expectGradients(at: [uniform([3, 4], seed: 4)]) { $0[0].variance(alongAxes: axes, correction: correction) }
        try expectGradients(at: [uniform([3, 4], seed: 5)]) { $0[0].variance(alongAxes: axes, correction: correction, keepingDims: true) }
    }

    @Test(arguments: [[0], [1], [-1], [0, 1]])
    func logSumExpGradients(axes: [Int]) throws {
        try expectGradients(at: [uniform([3, 4], -2, 2, seed: 6)]) { $0[0].logSumExp(alongAxes: axes) }
        try expectGradients(at: [uniform([3, 4], -2, 2, seed: 7)]) { $0[0].logSumExp(alongAxes: axes, keepingDims: true) }
        // Around 1000 the gradient (a softmax) is still finite and right.
        try expectGradients(at: [uniform([3, 4], 999, 1001, seed: 8)]) { $0[0].logSumExp(alongAxes: axes) }
    }

    @Test func logSumExpGradientIsSoftmax() throws {
        let x = Tensor([1000, 1001, 1002], dtype: .float64).requiringGrad()
        try x.logSumExp(alongAxes: [0]).backward()
        let e = [Foundation.exp(-2.0), Foundation.exp(-1.0), 1]
        try expectValues(#require(x.grad), e.map { $0 / e.reduce(0, +) }, shape: [3], tolerance: 1e-14)
    }
}
