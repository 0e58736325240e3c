import Testing
@testable import Nabla

/// Max, average and L2 pooling against windows taken by plain loops, their gradients against finite
/// differences, and global average pooling.
@Suite struct PoolingTests {
    /// Each window's values (padding left out) of the images `x`, in output order.
    static func windows(_ x: Tensor, kernel: SpatialSize, stride: SpatialSize, padding: SpatialSize) -> (windows: [[Double]], shape: [Int]) {
        let values = x.scalars(as: Double.self)
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let ho = (h + 2 * padding.height - kernel.height) / stride.height + 1
        let wo = (w + 2 * padding.width - kernel.width) / stride.width + 1
        var result = [[Double]]()
        for plane in 0..<n * c {
            for p in 0..<ho {
                for q in 0..<wo {
                    var window = [Double]()
                    for i in 0..<kernel.height {
                        for j in 0..<kernel.width {
                            let row = p * stride.height - padding.height + i, column = q * stride.width - padding.width + j
                            if (0..<h).contains(row) && (0..<w).contains(column) { window.append(values[(plane * h + row) * w + column]) }
                        }
                    }
                    result.append(window)
                }
            }
        }
        return (result, [n, c, ho, wo])
    }

    static let settings: [(kernel: SpatialSize, stride: SpatialSize?, padding: SpatialSize)] = [
        (2, nil, 0), (3, 2, 1), ([2, 3], [1, 2], [1, 0]), (3, 1, 0),
    ]

    @Test(arguments: PoolingKind.allCases)
    func matchesWindowsTakenByLoops(_ kind: PoolingKind) {
        let x = uniform([2, 3, 7, 6], seed: 1)
        for setting in Self.settings {
            let stride = setting.stride ?? setting.kernel
            let (windows, shape) = Self.windows(x, kernel: setting.kernel, stride: stride, padding: setting.padding)
            let y: Tensor, expected: [Double]
            switch kind {
            case .max:
                y = x.maxPool2d(kernelSize: setting.kernel, stride: setting.stride, padding: setting.padding)
                expected = windows.map { $0.max() ?? .nan }
            case .average:
                y = x.averagePool2d(kernelSize: setting.kernel, stride: setting.stride, padding: setting.padding)
                expected = windows.map { $0.reduce(0, +) / Double(setting.kernel.height * setting.kernel.width) }
            case .l2:
                y = x.l2Pool2d(kernelSize: setting.kernel, stride: setting.stride, padding: setting.padding)
                expected = windows.map { $0.map { $0 * $0 }.reduce(0, +).squareRoot() }
            }
            expectValues(y, expected, shape: shape, tolerance: 1e-12)
        }
    }

    @Test(arguments: PoolingKind.allCases)
    func gradientsMatchFiniteDifferences(_ kind: PoolingKind) throws {
        // Distinct values, so that no window of max pooling has a tie within the finite-difference step.
        let x = uniform([2, 2, 5, 6], seed: 2)
        for setting in Self.settings {
            try expectGradients(at: [x]) {
                switch kind {
                case .max: return $0[0].maxPool2d(kernelSize: setting.kernel, stride: setting.stride, padding: setting.padding)
                case .average: return $0[0].averagePool2d(kernelSize: setting.kernel, stride: setting.stride, padding: setting.padding)
                case .l2: return $0[0].l2Pool2d(kernelSize: setting.kernel, stride: setting.stride, padding: setting.padding)
                }
            }
        }
    }

    @Test func maxPoolingSendsTheGradientToTheFirstMaximumOnly() throws {
        // Overlapping windows share the maximum 9; the tie of two 5s in the lower left window sends its gradient to the first.
        let x = double([1, 9, 2, 5, 5, 0, 3, 4, 1], [1, 1, 3, 3]).requiringGrad()
        let y = x.maxPool2d(kernelSize: 2, stride: 1)
        expectValues(y, [9, 9, 5, 5], shape: [1, 1, 2, 2])
        try y.sum().backward()
        expectValues(try #require(x.grad), [0, 2, 0, 1, 1, 0, 0, 0, 0], shape: [1, 1, 3, 3])
    }

    @Test func maxPoolingPropagatesNaN() {
        let x = double([1, .nan, 2, 3], [1, 1, 2, 2])
        #expect(x.maxPool2d(kernelSize: 2).scalars(as: Double.self)[0].isNaN)
        // A NaN first in its window, or last, wins over larger numbers, with windows inside the image
        // and with padding (which takes the clipping loop).
        for values in [[.nan, 1, 2, 3], [3, 2, 1, .nan]] as [[Double]] {
            #expect(double(values, [1, 1, 2, 2]).maxPool2d(kernelSize: 2).scalars(as: Double.self)[0].isNaN, "\(values)")
            let padded = double(values, [1, 1, 2, 2]).maxPool2d(kernelSize: 3, stride: 1, padding: 1).scalars(as: Double.self)
            #expect(padded.allSatisfy { $0.isNaN }, "\(values): \(padded)")
        }
    }

    /// 2×2 windows of stride 2 on rows wide enough for the kernel's four-windows-at-a-time path (output
    /// width 9: two groups of four, then four that overlap them; an odd input width so that rows start unaligned):
    /// values drawn from a few small integers give ties in many windows, and some NaNs; every maximum and
    /// the position its gradient goes to must be those of a plain loop (the first maximum, NaN largest).
    @Test(arguments: [DType.float32, .float64])
    func maxPoolingOfWideRowsTakesTheFirstMaximum(_ dtype: DType) throws {
        let (planes, height, width) = (3, 6, 19)
        var generator = RandomGenerator(seed: 9)
        var values = (0..<planes * height * width).map { _ in Double(generator.nextInt(below: 4)) }
        for index in [5, 20, 21, 60, 61, 80, 97, 200] { values[index] = .nan }
        let x = Tensor(values, shape: [1, planes, height, width], dtype: dtype).requiringGrad()
        let y = x.maxPool2d(kernelSize: 2)
        var expected = [Double](), gradient = [Double](repeating: 0, count: values.count)
        for plane in 0..<planes {
            for p in 0..<height / 2 {
                for q in 0..<width / 2 {
                    let corner = (plane * height + 2 * p) * width + 2 * q
                    var best = corner
                    for position in [corner + 1, corner + width, corner + width + 1] {
                        let (value, current) = (values[position], values[best])
                        if value > current || (value.isNaN && !current.isNaN) { best = position }
                    }
                    expected.append(values[best])
                    gradient[best] += Double(expected.count)
                }
            }
        }
        let result = y.scalars(as: Double.self)
        #expect(result.count == expected.count)
        for (index, (value, wanted)) in zip(result, expected).enumerated() {
            #expect(value == wanted || (value.isNaN && wanted.isNaN), "output \(index): \(value), expected \(wanted)")
        }
        // Weighting output i by i + 1 tells the windows' gradients apart.
        let weights = Tensor((1...expected.count).map(Double.init), shape: y.shape, dtype: dtype)
        try (y * weights).sum().backward()
        #expect(try #require(x.grad).scalars(as: Double.self) == gradient)
    }

    @Test func l2PoolingOfZerosHasZeroGradient() throws {
        let x = Tensor.zeros([1, 1, 2, 2], dtype: .float64).requiringGrad()
        try x.l2Pool2d(kernelSize: 2).sum().backward()
        expectValues(try #require(x.grad), [0, 0, 0, 0], shape: [1, 1, 2, 2])
    }

    @Test func recordsThePoolingAndItsWindow() {
        let y = uniform([1, 2, 6, 6], seed: 3).requiringGrad().maxPool2d(kernelSize: 3, stride: 2, padding: 1)
        #expect(y.operation == .pool(kind: .max, kernel: [3, 3], stride: [2, 2], padding: [1, 1], ceilMode: false, countIncludePad: true))
        #expect(y.operation?.name == "maxPool")
    }

    @Test func globalAveragePoolingAveragesEachPlane() throws {
        let x = uniform([2, 3, 4, 5], seed: 4)
        let y = x.globalAveragePool()
        let planes = x.scalars(as: Double.self)
        expectValues(y, (0..<6).map { plane in planes[plane * 20..<(plane + 1) * 20].reduce(0, +) / 20 }, shape: [2, 3], tolerance: 1e-12)
        try expectGradients(at: [x]) { $0[0].globalAveragePool() }
    }

    @Test func float32AgreesWithFloat64() {
        let x = uniform([2, 3, 9, 8], seed: 5)
        for kind in PoolingKind.allCases {
            let wide = x.pooled(kind, kernelSize: 3, stride: 2, padding: 1, caller: "test").scalars(as: Double.self)
            let narrow = x.converted(to: .float32).pooled(kind, kernelSize: 3, stride: 2, padding: 1, caller: "test")
            expectValues(narrow, wide, shape: [2, 3, 5, 4], tolerance: 1e-6)
        }
    }

    @Test func aWindowLargerThanThePaddedImageStopsWithTheFormula() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([1, 2, 3, 8]).maxPool2d(kernelSize: 4)
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("maxPool2d") && message.contains("[1, 2, 3, 8]") && message.contains("output height"), "\(message)")
    }

    @Test func paddingBeyondHalfTheWindowStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([1, 1, 8, 8]).averagePool2d(kernelSize: 2, padding: 2)
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("averagePool2d") && message.contains("half the kernel size"), "\(message)")
    }
}
