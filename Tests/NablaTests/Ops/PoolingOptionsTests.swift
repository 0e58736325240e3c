import Foundation
import Testing
@testable import Nabla

/// Pooling's `ceilMode` and average pooling's `countIncludePad`: output sizes and values against PyTorch
/// (a committed fixture made by Tests/Fixtures/make_pooling_fixtures.py), gradients against finite
/// differences, and the layers that carry the options.
@Suite struct PoolingOptionsTests {
    /// `Tests/Fixtures/pooling/pooling.safetensors`, found from this source file's path.
    static let fixture = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/pooling/pooling.safetensors")

    /// One case of the fixture: PyTorch's settings, decoded from the metadata's JSON.
    struct FixtureCase: Decodable {
        let kind: String, kernel: [Int], stride: [Int], padding: [Int], ceilMode: Bool, countIncludePad: Bool
    }

    @Test func outputLengthsAreThoseOfPyTorch() throws {
        let (_, metadata) = try SafeTensors.read(from: Self.fixture)
        let rows = try JSONDecoder().decode([[Int]].self, from: Data(try #require(metadata["sizes"]).utf8))
        #expect(rows.count > 300)
        var roundedUpDiffers = 0
        for row in rows {
            let (size, kernel, stride, padding) = (row[0], row[1], row[2], row[3])
            let x = Tensor.zeros([1, 1, 1, size], dtype: .float64)
            for (ceilMode, expected) in [(false, row[4]), (true, row[5])] {
                let y = x.maxPool2d(kernelSize: [1, kernel], stride: [1, stride], padding: [0, padding], ceilMode: ceilMode)
                #expect(y.shape[3] == expected, "size \(size), kernel \(kernel), stride \(stride), padding \(padding), ceilMode \(ceilMode)")
            }
            if row[4] != row[5] { roundedUpDiffers += 1 }
        }
        // The table exercises both rounding up and the window PyTorch drops (ceil gives the floor length).
        #expect(roundedUpDiffers > 50)
        #expect(rows.contains { $0[2] > 1 && ($0[0] + 2 * $0[3] - $0[1]) % $0[2] != 0 && $0[4] == $0[5] })
    }

    @Test func valuesAndGradientsAreThoseOfPyTorch() throws {
        let (tensors, metadata) = try SafeTensors.read(from: Self.fixture)
        let cases = try JSONDecoder().decode([FixtureCase].self, from: Data(try #require(metadata["cases"]).utf8))
        #expect(cases.count == 9)
        for (index, setting) in cases.enumerated() {
            func tensor(_ name: String) throws -> Tensor { try #require(tensors["case\(index).\(name)"]) }
            let x = try tensor("input").requiringGrad()
            let kernel = SpatialSize(height: setting.kernel[0], width: setting.kernel[1])
            let stride = SpatialSize(height: setting.stride[0], width: setting.stride[1])
            let padding = SpatialSize(height: setting.padding[0], width: setting.padding[1])
            let y = setting.kind == "max"
                ? x.maxPool2d(kernelSize: kernel, stride: stride, padding: padding, ceilMode: setting.ceilMode)
                : x.averagePool2d(kernelSize: kernel, stride: stride, padding: padding, ceilMode: setting.ceilMode,
                                  countIncludePad: setting.countIncludePad)
            let expected = try tensor("output"), gradient = try tensor("gradient")
            expectValues(y, expected.scalars(as: Double.self), shape: expected.shape, tolerance: 1e-12)
            try (y * tensor("upstream")).sum().backward()
            expectValues(try #require(x.grad), gradient.scalars(as: Double.self), shape: gradient.shape, tolerance: 1e-12)
        }
    }

    static let settings: [(kernel: SpatialSize, stride: SpatialSize, padding: SpatialSize)] = [
        (3, 2, 1), ([3, 2], [2, 3], [1, 0]), (2, 2, 1), (3, 3, 0),
    ]

    @Test(arguments: PoolingKind.allCases)
    func roundingUpHasGradientsMatchingFiniteDifferences(_ kind: PoolingKind) throws {
        let x = uniform([2, 2, 6, 7], seed: 11)
        for setting in Self.settings {
            try expectGradients(at: [x]) {
                $0[0].pooled(kind, kernelSize: setting.kernel, stride: setting.stride, padding: setting.padding, ceilMode: true, caller: "test")
            }
        }
    }

    @Test(arguments: [false, true])
    func averagingRealPixelsOnlyHasGradientsMatchingFiniteDifferences(_ ceilMode: Bool) throws {
        let x = uniform([2, 2, 6, 7], seed: 12)
        for setting in Self.settings {
            try expectGradients(at: [x]) {
                $0[0].averagePool2d(kernelSize: setting.kernel, stride: setting.stride, padding: setting.padding, ceilMode: ceilMode,
                                    countIncludePad: false)
            }
        }
    }

    @Test func averagingRealPixelsOnlyDividesByTheirCount() {
        // A 3×3 ramp, windows 2×2 with stride 2 and padding 1: the first window holds one pixel, the next
        // two hold two each, the last four.
        let x = double([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1, 3, 3])
        expectValues(x.averagePool2d(kernelSize: 2, padding: 1, countIncludePad: false), [1, 2.5, 5.5, 7], shape: [1, 1, 2, 2])
        expectValues(x.averagePool2d(kernelSize: 2, padding: 1), [0.25, 1.25, 2.75, 7], shape: [1, 1, 2, 2])
    }

    @Test func roundingUpKeepsTheLastRowsAndColumns() {
        let x = double((1...25).map(Double.init), [1, 1, 5, 5])
        expectValues(x.maxPool2d(kernelSize: 2), [7, 9, 17, 19], shape: [1, 1, 2, 2])
        expectValues(x.maxPool2d(kernelSize: 2, ceilMode: true), [7, 9, 10, 17, 19, 20, 22, 24, 25], shape: [1, 1, 3, 3])
        // The last windows hold 2, 2 and 1 real pixels, and no padding: each is their mean.
        expectValues(x.averagePool2d(kernelSize: 2, ceilMode: true), [4, 6, 7.5, 14, 16, 17.5, 21.5, 23.5, 25], shape: [1, 1, 3, 3])
    }

    @Test func recordsTheOptions() {
        let x = uniform([1, 1, 5, 5], seed: 13).requiringGrad()
        #expect(x.averagePool2d(kernelSize: 2, ceilMode: true, countIncludePad: false).operation
                == .pool(kind: .average, kernel: [2, 2], stride: [2, 2], padding: [0, 0], ceilMode: true, countIncludePad: false))
        #expect(x.maxPool2d(kernelSize: 2).operation
                == .pool(kind: .max, kernel: [2, 2], stride: [2, 2], padding: [0, 0], ceilMode: false, countIncludePad: true))
    }

    @Test func layersCarryTheOptions() {
        let x = uniform([2, 3, 7, 7], seed: 14)
        let pool = AvgPool2d(kernelSize: 3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false)
        #expect(pool.ceilMode && !pool.countIncludePad)
        expectValues(pool(x), x.averagePool2d(kernelSize: 3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false).scalars(as: Double.self),
                     shape: [2, 3, 4, 4], tolerance: 0)
        #expect(MaxPool2d(kernelSize: 2, ceilMode: true)(x).shape == [2, 3, 4, 4])
        #expect(L2Pool2d(kernelSize: 2, ceilMode: true)(x).shape == [2, 3, 4, 4])
        #expect(MaxPool2d(kernelSize: 2)(x).shape == [2, 3, 3, 3])
        #expect(AvgPool2d(kernelSize: 2).countIncludePad && !AvgPool2d(kernelSize: 2).ceilMode)
        #expect("\(pool)" == "AvgPool2d(kernelSize: 3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false)")
        #expect("\(MaxPool2d(kernelSize: 2, ceilMode: true))" == "MaxPool2d(kernelSize: 2, ceilMode: true)")
    }
}
