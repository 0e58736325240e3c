import Testing
@testable import Nabla

/// `padded(_:mode:)`: reflection and replication by their definitions and against PyTorch's `F.pad`
/// (a committed fixture), gradients against finite differences, and the limits of each mode.
@Suite struct PaddingTests {
    @Test func reflectMirrorsAndReplicateRepeatsTheEdge() {
        let x = double([1, 2, 3], [1, 3])
        expectValues(x.padded([(0, 0), (2, 2)], mode: .reflect), [3, 2, 1, 2, 3, 2, 1], shape: [1, 7])
        expectValues(x.padded([(0, 0), (2, 2)], mode: .replicate), [1, 1, 1, 2, 3, 3, 3], shape: [1, 7])
        expectValues(x.padded([(0, 0), (2, 2)], mode: .zeros), [0, 0, 1, 2, 3, 0, 0], shape: [1, 7])
        expectValues(double([1, 2, 3], [3]).padded([(1, 2)], mode: .reflect), [2, 1, 2, 3, 2, 1], shape: [6])
        let image = double([1, 2, 3, 4], [2, 2])
        expectValues(image.padded([(1, 0), (0, 1)], mode: .reflect), [3, 4, 3, 1, 2, 1, 3, 4, 3], shape: [3, 3])
    }

    @Test func zerosIsConstantPadding() {
        let x = uniform([2, 3, 4, 5], seed: 1)
        let padding = [(0, 0), (0, 0), (1, 2), (3, 0)]
        #expect(x.padded(padding, mode: .zeros).scalars(as: Double.self) == x.padded(padding, value: 0).scalars(as: Double.self))
    }

    static let paddings: [[(before: Int, after: Int)]] = [
        [(0, 0), (0, 0), (1, 2), (3, 1)], [(0, 0), (0, 0), (4, 4), (0, 0)], [(0, 0), (0, 0), (0, 0), (2, 6)],
    ]

    @Test(arguments: [PaddingMode.reflect, .replicate])
    func gradientsMatchFiniteDifferences(_ mode: PaddingMode) throws {
        for (index, channels) in [1, 2, 3].enumerated() {
            let x = uniform([2, channels, 5, 7], seed: 20 + UInt64(index))
            for padding in Self.paddings {
                try expectGradients(at: [x]) { $0[0].padded(padding, mode: mode) }
            }
        }
        try expectGradients(at: [uniform([3, 5, 7], seed: 30)]) { $0[0].padded([(0, 0), (2, 1), (1, 3)], mode: mode) }
        try expectGradients(at: [uniform([5], seed: 31)]) { $0[0].padded([(3, 4)], mode: mode) }
    }

    /// Rows wide enough to be copied in blocks (the kernel's copy runs) against the definition, element by element.
    @Test(arguments: [PaddingMode.reflect, .replicate])
    func wideImagesMatchTheDefinition(_ mode: PaddingMode) throws {
        let x = uniform([2, 3, 5, 40], seed: 40)
        let y = x.padded([(0, 0), (0, 0), (2, 1), (3, 4)], mode: mode)
        func source(_ position: Int, _ size: Int) -> Int {
            if mode == .replicate { return Swift.min(Swift.max(position, 0), size - 1) }
            return position < 0 ? -position : (position >= size ? 2 * (size - 1) - position : position)
        }
        let values = x.scalars(as: Double.self)
        let expected = (0..<(2 * 3 * 8 * 47)).map { offset -> Double in
            let index = multiIndex(offset, [2, 3, 8, 47])
            return values[((index[0] * 3 + index[1]) * 5 + source(index[2] - 2, 5)) * 40 + source(index[3] - 3, 40)]
        }
        expectValues(y, expected, shape: [2, 3, 8, 47], tolerance: 0)
        try expectGradients(at: [uniform([2, 2, 3, 24], seed: 41)]) { $0[0].padded([(0, 0), (0, 0), (1, 2), (2, 1)], mode: mode) }
    }

    struct FixtureCase: Decodable {
        let mode: String, left: Int, right: Int, top: Int, bottom: Int
    }

    @Test func valuesAndGradientsAreThoseOfPyTorch() throws {
        let fixture = try ImageOpsFixture()
        let cases = try fixture.cases("pad", as: FixtureCase.self)
        #expect(cases.count == 5)
        for (index, setting) in cases.enumerated() {
            let mode = try #require(PaddingMode(rawValue: setting.mode))
            let x = try fixture.tensor("pad", index, "input").requiringGrad()
            let padding = Array(repeating: (before: 0, after: 0), count: x.rank - 2) + [(setting.top, setting.bottom), (setting.left, setting.right)]
            let y = x.padded(padding, mode: mode)
            let expected = try fixture.tensor("pad", index, "output"), gradient = try fixture.tensor("pad", index, "gradient")
            expectValues(y, expected.scalars(as: Double.self), shape: expected.shape, tolerance: 0)
            try (y * fixture.tensor("pad", index, "upstream")).sum().backward()
            expectValues(try #require(x.grad), gradient.scalars(as: Double.self), shape: gradient.shape, tolerance: 1e-12)
        }
    }

    @Test func isOneRecordedOperation() {
        let y = uniform([1, 2, 3, 3], seed: 2).requiringGrad().padded([(0, 0), (0, 0), (1, 1), (2, 0)], mode: .reflect)
        #expect(y.operation == .padBorder(mode: .reflect, padding: [0, 0, 0, 0, 1, 1, 2, 0]))
        #expect(y.operation?.name == "reflectPad")
    }

    @Test func reflectingFurtherThanTheImageStopsNamingTheAxis() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([1, 1, 3, 4]).padded([(0, 0), (0, 0), (3, 0), (0, 0)], mode: .reflect)
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("reflect padding must be smaller than the axis it mirrors, got (3, 0) for axis 2 of size 3 in [1, 1, 3, 4]"),
                "\(message)")
    }

    @Test func paddingTheLeadingAxesStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3, 4, 4]).padded([(0, 0), (1, 1), (1, 1), (1, 1)], mode: .replicate)
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("replicate padding applies to the last two axes only"), "\(message)")
        await #expect(processExitsWith: .failure) { _ = Tensor.zeros([2, 0]).padded([(0, 0), (1, 1)], mode: .replicate) }
    }
}
