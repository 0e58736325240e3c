import Testing
@testable import Nabla

/// `upsampled(scale:mode:)` / `upsampled(size:mode:)`: nearest and bilinear values by their definitions and
/// against PyTorch's `F.interpolate` (a committed fixture), and gradients against finite differences.
@Suite struct UpsamplingTests {
    @Test func nearestRepeatsEveryPixel() {
        let x = double([1, 2, 3, 4], [1, 1, 2, 2])
        expectValues(x.upsampled(scale: [2, 3]), [1, 1, 1, 2, 2, 2,
                                                  1, 1, 1, 2, 2, 2,
                                                  3, 3, 3, 4, 4, 4,
                                                  3, 3, 3, 4, 4, 4], shape: [1, 1, 4, 6])
    }

    /// Output column o of a row [0, 1] doubled samples (o + ½)/2 - ½, clamped to the row: 0, ¼, ¾, 1.
    @Test func bilinearMixesNeighboursByTheirDistance() {
        let x = double([0, 1, 10, 11], [1, 1, 2, 2])
        expectValues(x.upsampled(scale: 2, mode: .bilinear), [0, 0.25, 0.75, 1,
                                                             2.5, 2.75, 3.25, 3.5,
                                                             7.5, 7.75, 8.25, 8.5,
                                                             10, 10.25, 10.75, 11], shape: [1, 1, 4, 4], tolerance: 1e-12)
    }

    @Test func aScaleFactorAndTheSizeItGivesAgree() {
        let x = uniform([2, 3, 5, 7], seed: 1)
        for mode in UpsamplingMode.allCases {
            expectValues(x.upsampled(scale: [2, 3], mode: mode), x.upsampled(size: [10, 21], mode: mode).scalars(as: Double.self),
                         shape: [2, 3, 10, 21], tolerance: 0)
        }
    }

    static let sizes: [SpatialSize] = [[10, 14], [15, 7], [7, 10], [3, 4], [5, 7]]

    @Test(arguments: UpsamplingMode.allCases)
    func gradientsMatchFiniteDifferences(_ mode: UpsamplingMode) throws {
        for (index, channels) in [1, 3].enumerated() {
            let x = uniform([2, channels, 5, 7], seed: 10 + UInt64(index))
            for size in Self.sizes {
                try expectGradients(at: [x]) { $0[0].upsampled(size: size, mode: mode) }
            }
            try expectGradients(at: [x]) { $0[0].upsampled(scale: [3, 2], mode: mode) }
        }
    }

    struct FixtureCase: Decodable {
        let mode: String, scale: [Int]?, size: [Int]?
    }

    @Test func valuesAndGradientsAreThoseOfPyTorch() throws {
        let fixture = try ImageOpsFixture()
        let cases = try fixture.cases("upsample", as: FixtureCase.self)
        #expect(cases.count == 8)
        for (index, setting) in cases.enumerated() {
            let mode = try #require(UpsamplingMode(rawValue: setting.mode))
            let x = try fixture.tensor("upsample", index, "input").requiringGrad()
            let y = if let scale = setting.scale {
                x.upsampled(scale: SpatialSize(height: scale[0], width: scale[1]), mode: mode)
            } else {
                x.upsampled(size: SpatialSize(height: setting.size![0], width: setting.size![1]), mode: mode)
            }
            let expected = try fixture.tensor("upsample", index, "output"), gradient = try fixture.tensor("upsample", index, "gradient")
            expectValues(y, expected.scalars(as: Double.self), shape: expected.shape, tolerance: 1e-12)
            try (y * fixture.tensor("upsample", index, "upstream")).sum().backward()
            expectValues(try #require(x.grad), gradient.scalars(as: Double.self), shape: gradient.shape, tolerance: 1e-12)
        }
    }

    @Test func float32AgreesWithFloat64() {
        let x = uniform([2, 3, 5, 7], seed: 3)
        for mode in UpsamplingMode.allCases {
            let expected = x.upsampled(size: [8, 11], mode: mode).scalars(as: Double.self)
            expectValues(x.converted(to: .float32).upsampled(size: [8, 11], mode: mode), expected, shape: [2, 3, 8, 11], tolerance: 1e-6)
        }
    }

    /// 64 planes of 32 × 32 outputs: the kernel runs on the thread pool; Σ y's gradient counts, at each
    /// pixel, the outputs that copied it (4 for a factor of 2).
    @Test func largeEnoughForThreadsGivesEveryPixelItsShare() throws {
        let x = uniform([4, 16, 16, 16], seed: 4).requiringGrad()
        let y = x.upsampled(scale: 2)
        let values = x.scalars(as: Double.self), output = y.scalars(as: Double.self)
        for (offset, value) in output.enumerated() {
            let index = multiIndex(offset, y.shape)
            #expect(value == values[((index[0] * 16 + index[1]) * 16 + index[2] / 2) * 16 + index[3] / 2])
        }
        try y.sum().backward()
        expectValues(try #require(x.grad), Array(repeating: 4, count: x.count), shape: x.shape, tolerance: 0)
    }

    @Test func isOneRecordedOperation() {
        let y = uniform([2, 3, 5, 7], seed: 5).requiringGrad().upsampled(scale: 2, mode: .bilinear)
        #expect(y.operation == .upsample(mode: .bilinear, size: [10, 14]))
        #expect(y.operation?.description == "upsample(mode: bilinear, size: [10, 14])")
    }

    @Test func badInputsStopWithAMessage() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([3, 5, 7]).upsampled(scale: 2)
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("upsampled: expects images [N, C, H, W], got [3, 5, 7]"), "\(message)")
        await #expect(processExitsWith: .failure) { _ = Tensor.zeros([1, 1, 2, 2]).upsampled(scale: [0, 2]) }
        await #expect(processExitsWith: .failure) { _ = Tensor.zeros([1, 1, 2, 2]).upsampled(size: [0, 2]) }
    }
}
