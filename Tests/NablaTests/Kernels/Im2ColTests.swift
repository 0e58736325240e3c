import Testing
@testable import Nabla

/// The im2col unrolling and its adjoint col2im, on `float64` buffers.
@Suite struct Im2ColTests {
    /// `Im2Col.imageToColumns` of the samples `samples` (all by default) of a flat `float64` image.
    static func columns(_ image: Tensor, _ g: WindowGeometry, samples: Range<Int>? = nil) -> Tensor {
        let samples = samples ?? 0..<g.batch
        let count = g.channels * g.kernelArea * samples.count * g.outputArea, out = TensorStorage(dtype: .float64, count: count)
        Im2Col.imageToColumns(UnsafePointer(image.storage.pointer(as: Double.self)), g, samples: samples, out.pointer(as: Double.self))
        return Tensor(storage: out, shape: [count])
    }

    /// `Im2Col.columnsToImage` of a flat `float64` column matrix of the samples `samples` (all by
    /// default), into a copy of `image` (zeros by default).
    static func image(_ columns: Tensor, _ g: WindowGeometry, samples: Range<Int>? = nil, into image: Tensor? = nil) -> Tensor {
        let count = g.batch * g.channels * g.inputArea
        let out = TensorStorage(dtype: .float64, count: count)
        let initial = image?.scalars(as: Double.self) ?? [Double](repeating: 0, count: count)
        out.pointer(as: Double.self).update(from: initial, count: count)
        Im2Col.columnsToImage(UnsafePointer(columns.storage.pointer(as: Double.self)), g, samples: samples ?? 0..<g.batch,
                              out.pointer(as: Double.self))
        return Tensor(storage: out, shape: [count])
    }

    static func geometry(batch: Int = 2, channels: Int = 2, height: Int = 5, width: Int = 4, kernel: (Int, Int) = (3, 2),
                         stride: (Int, Int) = (1, 1), dilation: (Int, Int) = (1, 1), pad: (Int, Int) = (1, 1)) -> WindowGeometry {
        WindowGeometry(batch: batch, channels: channels, height: height, width: width, kernelHeight: kernel.0, kernelWidth: kernel.1,
                       strideHeight: stride.0, strideWidth: stride.1, dilationHeight: dilation.0, dilationWidth: dilation.1,
                       padTop: pad.0, padLeft: pad.1,
                       outputHeight: (height + 2 * pad.0 - dilation.0 * (kernel.0 - 1) - 1) / stride.0 + 1,
                       outputWidth: (width + 2 * pad.1 - dilation.1 * (kernel.1 - 1) - 1) / stride.1 + 1)
    }

    @Test func columnsHoldTheWindowsWithZerosInThePadding() {
        // One 3x3 image 1…9, a 2x2 kernel, padding 1: column (oh, ow) holds the window at (oh - 1, ow - 1).
        let g = Self.geometry(batch: 1, channels: 1, height: 3, width: 3, kernel: (2, 2), pad: (1, 1))
        let columns = Self.columns(double((1...9).map(Double.init), [9]), g).scalars(as: Double.self)
        // Row (i, j) = (0, 0): pixel (oh - 1, ow - 1) of the 4x4 output grid.
        #expect(Array(columns[0..<16]) == [0, 0, 0, 0, 0, 1, 2, 3, 0, 4, 5, 6, 0, 7, 8, 9])
        // Row (1, 1): pixel (oh, ow).
        #expect(Array(columns[48..<64]) == [1, 2, 3, 0, 4, 5, 6, 0, 7, 8, 9, 0, 0, 0, 0, 0])
    }

    /// col2im is the adjoint of im2col: ⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩ for any x and c.
    @Test(arguments: [geometry(), geometry(stride: (2, 2)), geometry(height: 7, width: 6, dilation: (2, 2), pad: (2, 0)),
                      geometry(batch: 3, channels: 1, kernel: (1, 1), pad: (0, 0)), geometry(kernel: (5, 4), stride: (2, 3), pad: (2, 1))])
    func columnsToImageIsTheAdjoint(_ g: WindowGeometry) {
        let imageCount = g.batch * g.channels * g.inputArea, columnCount = g.channels * g.kernelArea * g.batch * g.outputArea
        let x = uniform([imageCount], seed: 1), c = uniform([columnCount], seed: 2)
        let columns = Self.columns(x, g), image = Self.image(c, g)
        let left = (columns * c).sum().item, right = (x * image).sum().item
        #expect(Swift.abs(left - right) <= 1e-12 * Swift.max(1, Swift.abs(left)), "\(left) vs \(right)")
    }

    /// The columns of some samples are those samples' part of every row of the whole batch's columns,
    /// and col2im of them writes those samples' planes only.
    @Test func aRangeOfSamplesIsItsPartOfTheBatch() {
        let g = Self.geometry(batch: 4, kernel: (3, 3), stride: (2, 1), pad: (1, 2))
        let imageCount = g.batch * g.channels * g.inputArea, rows = g.channels * g.kernelArea
        let x = uniform([imageCount], seed: 3)
        let whole = Self.columns(x, g).scalars(as: Double.self), part = Self.columns(x, g, samples: 1..<3).scalars(as: Double.self)
        var expected = [Double]()
        for row in 0..<rows { expected += whole[(row * 4 + 1) * g.outputArea..<(row * 4 + 3) * g.outputArea] }
        #expect(part == expected)

        let before = uniform([imageCount], seed: 4), c = uniform([part.count], seed: 5)
        let after = Self.image(c, g, samples: 1..<3, into: before).scalars(as: Double.self)
        let plane = g.channels * g.inputArea
        #expect(Array(after[..<plane]) == Array(before.scalars(as: Double.self)[..<plane]))
        #expect(Array(after[(3 * plane)...]) == Array(before.scalars(as: Double.self)[(3 * plane)...]))
        // The written samples hold col2im of their columns: the adjoint of their im2col.
        let inner = uniform([2 * plane], seed: 6)
        var padded = [Double](repeating: 0, count: imageCount)
        padded.replaceSubrange(plane..<(3 * plane), with: inner.scalars(as: Double.self))
        let left = (Self.columns(double(padded, [imageCount]), g, samples: 1..<3) * c).sum().item
        let right = zip(inner.scalars(as: Double.self), after[plane..<(3 * plane)]).reduce(0) { $0 + $1.0 * $1.1 }
        #expect(Swift.abs(left - right) <= 1e-12 * Swift.max(1, Swift.abs(left)), "\(left) vs \(right)")
    }
}
