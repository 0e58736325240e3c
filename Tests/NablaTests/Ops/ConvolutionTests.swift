import Testing
@testable import Nabla

/// `convolution2d` / `convolution1d` against a direct convolution written as plain loops (the oracle),
/// on odd shapes, and their gradients against finite differences.
@Suite struct ConvolutionTests {
    /// One configuration: input and weight shapes and the convolution's settings.
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let input: [Int]
        let weight: [Int]
        var stride: SpatialSize = 1
        var padding: ConvolutionPadding = 0
        var dilation: SpatialSize = 1
        var groups = 1
        var bias = true

        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "3x3, stride 1, no padding", input: [2, 3, 7, 6], weight: [4, 3, 3, 3]),
        Case(name: "3x3, stride 2, padding 1", input: [2, 3, 7, 6], weight: [4, 3, 3, 3], stride: 2, padding: 1),
        Case(name: "3x3, padding same", input: [2, 2, 5, 7], weight: [3, 2, 3, 3], padding: .same),
        Case(name: "2x4, padding same (uneven)", input: [1, 2, 5, 6], weight: [2, 2, 2, 4], padding: .same),
        Case(name: "3x3, dilation 2, padding 1", input: [1, 2, 9, 8], weight: [2, 2, 3, 3], padding: 1, dilation: 2),
        Case(name: "3x3, groups 2, padding 1", input: [2, 4, 5, 5], weight: [6, 2, 3, 3], padding: 1, groups: 2),
        Case(name: "depthwise 3x3, stride 2", input: [1, 3, 6, 5], weight: [3, 1, 3, 3], stride: 2, groups: 3),
        Case(name: "1x1", input: [2, 3, 5, 4], weight: [5, 3, 1, 1], bias: false),
        Case(name: "2x4, stride [2, 1], padding [1, 2]", input: [2, 2, 6, 7], weight: [3, 2, 2, 4], stride: [2, 1], padding: [1, 2]),
        Case(name: "5x3 on a 5x3 image", input: [3, 1, 5, 3], weight: [2, 1, 5, 3]),
    ]

    /// The convolution by its definition, y[n, o, p, q] = b[o] + Σ w[o, c, i, j]·x[n, g·C/G + c, p·S - P + i·D, q·S - P + j·D].
    static func direct(_ input: Tensor, _ weight: Tensor, _ bias: Tensor?, stride: SpatialSize, pads: [Int],
                       dilation: SpatialSize, groups: Int) -> (values: [Double], shape: [Int]) {
        let x = input.scalars(as: Double.self), w = weight.scalars(as: Double.self), b = bias?.scalars(as: Double.self)
        let (n, c, h, wd) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
        let (o, cg, kh, kw) = (weight.shape[0], weight.shape[1], weight.shape[2], weight.shape[3])
        let ho = (h + pads[0] + pads[1] - dilation.height * (kh - 1) - 1) / stride.height + 1
        let wo = (wd + pads[2] + pads[3] - dilation.width * (kw - 1) - 1) / stride.width + 1
        var y = [Double](repeating: 0, count: n * o * ho * wo)
        for sample in 0..<n {
            for out in 0..<o {
                let group = out / (o / groups)
                for p in 0..<ho {
                    for q in 0..<wo {
                        var sum = b?[out] ?? 0
                        for ci in 0..<cg {
                            for i in 0..<kh {
                                for j in 0..<kw {
                                    let row = p * stride.height - pads[0] + i * dilation.height
                                    let column = q * stride.width - pads[2] + j * dilation.width
                                    guard row >= 0, row < h, column >= 0, column < wd else { continue }
                                    let channel = group * cg + ci
                                    sum += w[((out * cg + ci) * kh + i) * kw + j] * x[((sample * c + channel) * h + row) * wd + column]
                                }
                            }
                        }
                        y[((sample * o + out) * ho + p) * wo + q] = sum
                    }
                }
            }
        }
        return (y, [n, o, ho, wo])
    }

    static func operands(_ c: Case, dtype: DType, seed: UInt64) -> (Tensor, Tensor, Tensor?) {
        let x = uniform(c.input, seed: seed).converted(to: dtype)
        let w = uniform(c.weight, seed: seed + 1).converted(to: dtype)
        let b = c.bias ? uniform([c.weight[0]], seed: seed + 2).converted(to: dtype) : nil
        return (x, w, b)
    }

    @Test(arguments: cases)
    func matchesTheDirectConvolution(_ c: Case) {
        let (x, w, b) = Self.operands(c, dtype: .float64, seed: 10)
        let y = x.convolution2d(weight: w, bias: b, stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups)
        let kernel = SpatialSize(height: c.weight[2], width: c.weight[3])
        let expected = Self.direct(x, w, b, stride: c.stride, pads: c.padding.amounts(kernel: kernel, dilation: c.dilation),
                                   dilation: c.dilation, groups: c.groups)
        expectValues(y, expected.values, shape: expected.shape, tolerance: 1e-12)
        if c.padding == .same { #expect(Array(y.shape[2...]) == Array(c.input[2...])) }
    }

    @Test(arguments: cases)
    func float32MatchesTheDirectConvolution(_ c: Case) {
        let (x, w, b) = Self.operands(c, dtype: .float32, seed: 20)
        let y = x.convolution2d(weight: w, bias: b, stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups)
        let kernel = SpatialSize(height: c.weight[2], width: c.weight[3])
        let expected = Self.direct(x, w, b, stride: c.stride, pads: c.padding.amounts(kernel: kernel, dilation: c.dilation),
                                   dilation: c.dilation, groups: c.groups)
        expectValues(y, expected.values, shape: expected.shape, tolerance: 1e-5)
    }

    @Test(arguments: cases)
    func gradientsMatchFiniteDifferences(_ c: Case) throws {
        let (x, w, b) = Self.operands(c, dtype: .float64, seed: 30)
        try expectGradients(at: [x, w] + (b.map { [$0] } ?? [])) {
            $0[0].convolution2d(weight: $0[1], bias: $0.count == 3 ? $0[2] : nil, stride: c.stride, padding: c.padding,
                                dilation: c.dilation, groups: c.groups)
        }
    }

    @Test func largeEnoughForThreadsMatchesTheDirectConvolution() throws {
        // 72 column rows × 1,024 columns: im2col, col2im and the GEMMs run on the thread pool.
        let c = Case(name: "threaded", input: [4, 8, 16, 16], weight: [8, 8, 3, 3], padding: 1)
        let (x, w, b) = Self.operands(c, dtype: .float64, seed: 40)
        let y = x.requiringGrad().convolution2d(weight: w, bias: b, padding: 1)
        let expected = Self.direct(x, w, b, stride: 1, pads: [1, 1, 1, 1], dilation: 1, groups: 1)
        expectValues(y, expected.values, shape: expected.shape, tolerance: 1e-12)
        // The input gradient of Σ y is, at each pixel, the sum of the kernel weights that reach it.
        let images = x.requiringGrad()
        try images.convolution2d(weight: w, bias: b, padding: 1).sum().backward()
        let kernelSums = w.sum(alongAxis: 0).scalars(as: Double.self)   // [C, 3, 3]
        var expectedGradient = [Double]()
        for index in 0..<x.count {
            let (channel, row, column) = ((index / 256) % 8, (index / 16) % 16, index % 16)
            var sum = 0.0
            for i in 0..<3 { for j in 0..<3 where (0..<16).contains(row + 1 - i) && (0..<16).contains(column + 1 - j) {
                sum += kernelSums[(channel * 3 + i) * 3 + j]
            } }
            expectedGradient.append(sum)
        }
        expectValues(try #require(images.grad), expectedGradient, shape: x.shape, tolerance: 1e-12)
    }

    @Test func isOneRecordedOperation() {
        let x = uniform([2, 3, 5, 5], seed: 1), w = uniform([4, 3, 3, 3], seed: 2).requiringGrad(), b = Tensor.zeros([4], dtype: .float64).requiringGrad()
        let y = x.convolution2d(weight: w, bias: b, stride: 2, padding: 1)
        #expect(y.operation == .convolution(stride: [2, 2], padding: [1, 1, 1, 1], dilation: [1, 1], groups: 1))
    }

    @Test func gradientOfTheWeightAloneLeavesTheInputUntouched() throws {
        let x = uniform([2, 2, 4, 4], seed: 5), w = uniform([3, 2, 3, 3], seed: 6).requiringGrad()
        try x.convolution2d(weight: w, padding: 1).sum().backward()
        #expect(w.grad?.shape == [3, 2, 3, 3])
        #expect(x.grad == nil)
    }

    @Test func oneDimensionalConvolutionMatchesTheTwoDimensionalOne() throws {
        let x = uniform([2, 3, 11], seed: 7), w = uniform([4, 3, 3], seed: 8), b = uniform([4], seed: 9)
        let y = x.convolution1d(weight: w, bias: b, stride: 2, padding: 2, dilation: 2)
        let expected = Self.direct(x.reshaped([2, 3, 1, 11]), w.reshaped([4, 3, 1, 3]), b, stride: [1, 2], pads: [0, 0, 2, 2],
                                   dilation: [1, 2], groups: 1)
        expectValues(y, expected.values, shape: [2, 4, expected.shape[3]], tolerance: 1e-12)
        #expect(x.convolution1d(weight: w, padding: .same).shape == [2, 4, 11])
        try expectGradients(at: [x, w, b]) { $0[0].convolution1d(weight: $0[1], bias: $0[2], stride: 2, padding: 1, groups: 1) }
    }

    @Test func anOutputWithoutPositionsStopsWithTheFormula() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([1, 1, 3, 3]).convolution2d(weight: Tensor.zeros([2, 1, 5, 5]))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("convolution2d") && message.contains("[1, 1, 3, 3]") && message.contains("(H + 2P - D(K-1) - 1)/S + 1")
                && message.contains("(3 + 2·0 - 1·(5 - 1) - 1)/1 + 1"), "\(message)")
    }

    @Test func mismatchedChannelsStopNamingBothShapes() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([1, 3, 8, 8]).convolution2d(weight: Tensor.zeros([2, 2, 3, 3]))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("[2, 2, 3, 3]") && message.contains("[1, 3, 8, 8]"), "\(message)")
    }
}
