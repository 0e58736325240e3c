import Testing
@testable import Nabla

/// `transposedConvolution2d`: the adjoint of `convolution2d` with the same settings, PyTorch's
/// `ConvTranspose2d` (a committed fixture), gradients against finite differences, and its checks.
@Suite struct TransposedConvolutionTests {
    /// One configuration: input and weight `[in, out / groups, kH, kW]` shapes and the settings.
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let input: [Int]
        let weight: [Int]
        var stride: SpatialSize = 1
        var padding: SpatialSize = 0
        var outputPadding: SpatialSize = 0
        var dilation: SpatialSize = 1
        var groups = 1
        var bias = true

        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "3x3, stride 1", input: [2, 3, 4, 5], weight: [3, 2, 3, 3]),
        Case(name: "3x3, stride 2, padding 1, output padding 1", input: [2, 3, 3, 5], weight: [3, 4, 3, 3], stride: 2, padding: 1, outputPadding: 1),
        Case(name: "2x4, stride [2, 3], padding [1, 2]", input: [2, 2, 3, 3], weight: [2, 3, 2, 4], stride: [2, 3], padding: [1, 2],
             outputPadding: [1, 2]),
        Case(name: "3x3, dilation 2, output padding 1", input: [2, 2, 3, 4], weight: [2, 3, 3, 3], padding: 1, outputPadding: 1, dilation: 2),
        Case(name: "groups 2", input: [2, 4, 3, 3], weight: [4, 3, 3, 3], stride: 2, groups: 2),
        Case(name: "depthwise, no bias", input: [3, 3, 3, 4], weight: [3, 1, 2, 2], stride: 2, groups: 3, bias: false),
        Case(name: "1x1", input: [2, 5, 3, 3], weight: [5, 2, 1, 1]),
    ]

    static func operands(_ c: Case, seed: UInt64) -> (Tensor, Tensor, Tensor?) {
        let b = c.bias ? uniform([c.weight[1] * c.groups], seed: seed + 2) : nil
        return (uniform(c.input, seed: seed), uniform(c.weight, seed: seed + 1), b)
    }

    /// ⟨convT(x), u⟩ = ⟨x, conv(u)⟩ for every u: the transposed convolution is the convolution's adjoint,
    /// and the convolution maps the result's shape back to the input's.
    @Test(arguments: cases)
    func isTheAdjointOfTheConvolution(_ c: Case) {
        let (x, w, _) = Self.operands(c, seed: 10)
        let y = x.transposedConvolution2d(weight: w, stride: c.stride, padding: c.padding, outputPadding: c.outputPadding,
                                          dilation: c.dilation, groups: c.groups)
        let expectedHeight = (c.input[2] - 1) * c.stride.height - 2 * c.padding.height + c.dilation.height * (c.weight[2] - 1) + c.outputPadding.height + 1
        let expectedWidth = (c.input[3] - 1) * c.stride.width - 2 * c.padding.width + c.dilation.width * (c.weight[3] - 1) + c.outputPadding.width + 1
        #expect(y.shape == [c.input[0], c.weight[1] * c.groups, expectedHeight, expectedWidth])
        let u = uniform(y.shape, seed: 11)
        let back = u.convolution2d(weight: w, stride: c.stride, padding: .explicit(c.padding), dilation: c.dilation, groups: c.groups)
        #expect(back.shape[0...1] == x.shape[0...1] && back.shape[2] >= x.shape[2] && back.shape[3] >= x.shape[3])
        let cropped = back.sliced([0..<x.shape[0], 0..<x.shape[1], 0..<x.shape[2], 0..<x.shape[3]])
        let left = (y * u).sum().item, right = (x * cropped).sum().item
        #expect(Swift.abs(left - right) <= 1e-10 * Swift.max(1, Swift.abs(left)), "⟨convT(x), u⟩ = \(left), ⟨x, conv(u)⟩ = \(right)")
    }

    @Test(arguments: cases)
    func gradientsMatchFiniteDifferences(_ c: Case) throws {
        let (x, w, b) = Self.operands(c, seed: 30)
        try expectGradients(at: [x, w] + (b.map { [$0] } ?? [])) {
            $0[0].transposedConvolution2d(weight: $0[1], bias: $0.count == 3 ? $0[2] : nil, stride: c.stride, padding: c.padding,
                                          outputPadding: c.outputPadding, dilation: c.dilation, groups: c.groups)
        }
    }

    @Test(arguments: cases)
    func float32AgreesWithFloat64(_ c: Case) {
        let (x, w, b) = Self.operands(c, seed: 40)
        func run(_ dtype: DType) -> Tensor {
            x.converted(to: dtype).transposedConvolution2d(weight: w.converted(to: dtype), bias: b?.converted(to: dtype), stride: c.stride,
                                                           padding: c.padding, outputPadding: c.outputPadding, dilation: c.dilation,
                                                           groups: c.groups)
        }
        let expected = run(.float64)
        expectValues(run(.float32), expected.scalars(as: Double.self), shape: expected.shape, tolerance: 1e-5)
    }

    struct FixtureCase: Decodable {
        let stride: [Int], padding: [Int], outputPadding: [Int], dilation: [Int], groups: Int
    }

    @Test func valuesAndGradientsAreThoseOfPyTorch() throws {
        let fixture = try ImageOpsFixture()
        let cases = try fixture.cases("transposed", as: FixtureCase.self)
        #expect(cases.count == 3)
        func size(_ pair: [Int]) -> SpatialSize { SpatialSize(height: pair[0], width: pair[1]) }
        for (index, setting) in cases.enumerated() {
            func tensor(_ name: String) throws -> Tensor { try fixture.tensor("transposed", index, name) }
            let x = try tensor("input").requiringGrad(), w = try tensor("weight").requiringGrad(), b = try tensor("bias").requiringGrad()
            let y = x.transposedConvolution2d(weight: w, bias: b, stride: size(setting.stride), padding: size(setting.padding),
                                              outputPadding: size(setting.outputPadding), dilation: size(setting.dilation), groups: setting.groups)
            let expected = try tensor("output")
            expectValues(y, expected.scalars(as: Double.self), shape: expected.shape, tolerance: 1e-12)
            try (y * tensor("upstream")).sum().backward()
            for (leaf, name) in [(x, "gradient"), (w, "weightGradient"), (b, "biasGradient")] {
                let gradient = try tensor(name)
                expectValues(try #require(leaf.grad), gradient.scalars(as: Double.self), shape: gradient.shape, tolerance: 1e-12)
            }
        }
    }

    /// 4 × 16 × 16 inputs, 8 → 8 channels: the GEMMs and col2im run on the thread pool; compared with
    /// the same product done without threads' help, one sample at a time.
    @Test func largeEnoughForThreadsMatchesOneSampleAtATime() {
        let x = uniform([4, 8, 16, 16], seed: 50), w = uniform([8, 8, 3, 3], seed: 51), b = uniform([8], seed: 52)
        let y = x.transposedConvolution2d(weight: w, bias: b, stride: 2, padding: 1, outputPadding: 1)
        #expect(y.shape == [4, 8, 32, 32])
        for sample in 0..<4 {
            let one = x.sliced(alongAxis: 0, sample..<(sample + 1)).transposedConvolution2d(weight: w, bias: b, stride: 2, padding: 1, outputPadding: 1)
            expectValues(y.sliced(alongAxis: 0, sample..<(sample + 1)), one.scalars(as: Double.self), shape: one.shape, tolerance: 1e-12)
        }
    }

    @Test func isOneRecordedOperation() {
        let x = uniform([1, 2, 3, 3], seed: 6), w = uniform([2, 4, 3, 3], seed: 7).requiringGrad()
        let y = x.transposedConvolution2d(weight: w, stride: 2, padding: 1, outputPadding: 1)
        #expect(y.operation == .transposedConvolution(stride: [2, 2], padding: [1, 1], outputPadding: [1, 1], dilation: [1, 1], groups: 1))
    }

    @Test func badSettingsStopWithAMessage() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([1, 3, 4, 4]).transposedConvolution2d(weight: Tensor.zeros([2, 4, 3, 3]))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("the weight [2, 4, 3, 3] expects 2 input channels, the input [1, 3, 4, 4] has 3"), "\(message)")
        let padding = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([1, 2, 4, 4]).transposedConvolution2d(weight: Tensor.zeros([2, 4, 3, 3]), stride: 2, outputPadding: 2)
        }
        let paddingMessage = String(decoding: padding?.standardErrorContent ?? [], as: UTF8.self)
        #expect(paddingMessage.contains("the output padding along the height (2) must be smaller than the stride (2) or the dilation (1)"),
                "\(paddingMessage)")
        let empty = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([1, 2, 1, 4]).transposedConvolution2d(weight: Tensor.zeros([2, 4, 1, 3]), padding: [1, 0])
        }
        let emptyMessage = String(decoding: empty?.standardErrorContent ?? [], as: UTF8.self)
        #expect(emptyMessage.contains("(1 - 1)·1 - 2·1 + 1·(1 - 1) + 0 + 1 = -1 is not a positive size"), "\(emptyMessage)")
    }
}
