/// The unrolling that turns a convolution into one matrix product (im2col) and its adjoint (col2im).
///
/// The column matrix of the samples `samples` of a batch `[N, C, H, W]` has one row per (channel,
/// kernel row, kernel column), `C · kH · kW` rows, and one column per (sample, output row, output
/// column), `samples.count · H_out · W_out` columns: column (n, oh, ow) holds the input values under the
/// kernel placed at output (oh, ow) of sample n (zero where the kernel hangs over the padding). The
/// samples are folded into the columns, so a convolution of them is a single product `weight [out,
/// C·kH·kW] · columns` per group, and the rows of a group's channels are consecutive. Both directions
/// run on the calling thread: the convolution kernels split the batch into chunks of samples and run
/// the chunks in parallel.
enum Im2Col {
    /// Writes the column matrix of the samples `samples` of `image` into `columns`, which holds
    /// `channels · kernelArea · samples.count · outputArea` elements.
    static func imageToColumns<T: KernelScalar>(
        _ image: UnsafePointer<T>, _ geometry: WindowGeometry, samples: Range<Int>, _ columns: UnsafeMutablePointer<T>
    ) {
        let outputWidth = geometry.outputWidth, stride = geometry.strideWidth
        for row in 0..<geometry.channels * geometry.kernelArea {
            let walk = RowWalk(row: row, geometry: geometry, sampleCount: samples.count)
            let valid = walk.validColumns, validCount = valid.count
            for (position, n) in samples.enumerated() {
                let plane = image + (n * geometry.channels + walk.channel) * geometry.inputArea
                for oh in 0..<geometry.outputHeight {
                    let target = columns + walk.columnOffset(sample: position, outputRow: oh)
                    guard walk.validRows.contains(oh) else {
                        target.update(repeating: 0, count: outputWidth)
                        continue
                    }
                    target.update(repeating: 0, count: valid.lowerBound)
                    (target + valid.upperBound).update(repeating: 0, count: outputWidth - valid.upperBound)
                    // The pixel of output column `valid.lowerBound`, then every `stride`-th one.
                    let source = plane + walk.imageOffset(outputRow: oh) + valid.lowerBound * stride
                    let first = target + valid.lowerBound
                    if stride == 1 {
                        copyRow(source, first, count: validCount)
                    } else {
                        for o in 0..<validCount { first[o] = source[o * stride] }
                    }
                }
            }
        }
    }

    /// Adds every entry of the column matrix `columns` (of the samples `samples`, laid out as
    /// `imageToColumns` writes it) back to the image position it was read from, giving the gradient of
    /// `imageToColumns` with respect to those samples: their planes of `image` are overwritten, the
    /// other samples' planes are not touched.
    static func columnsToImage<T: KernelScalar>(
        _ columns: UnsafePointer<T>, _ geometry: WindowGeometry, samples: Range<Int>, _ image: UnsafeMutablePointer<T>
    ) {
        let planes = geometry.channels * geometry.inputArea
        (image + samples.lowerBound * planes).update(repeating: 0, count: samples.count * planes)
        let stride = geometry.strideWidth
        for row in 0..<geometry.channels * geometry.kernelArea {
            let walk = RowWalk(row: row, geometry: geometry, sampleCount: samples.count)
            let valid = walk.validColumns, validCount = valid.count
            for (position, n) in samples.enumerated() {
                let plane = image + (n * geometry.channels + walk.channel) * geometry.inputArea
                for oh in walk.validRows {
                    let source = columns + walk.columnOffset(sample: position, outputRow: oh) + valid.lowerBound
                    let target = plane + walk.imageOffset(outputRow: oh) + valid.lowerBound * stride
                    if stride == 1 {
                        for o in 0..<validCount { target[o] += source[o] }
                    } else {
                        for o in 0..<validCount { target[o * stride] += source[o] }
                    }
                }
            }
        }
    }

    /// Copies `count` elements, a few vectors at a time: a row of a small image is tens of elements, for
    /// which a `memmove` call cost more than the copy.
    @inline(__always)
    private static func copyRow<T: KernelScalar>(_ source: UnsafePointer<T>, _ target: UnsafeMutablePointer<T>, count: Int) {
        guard count >= 8 else {
            for o in 0..<count { target[o] = source[o] }
            return
        }
        let from = UnsafeRawPointer(source), to = UnsafeMutableRawPointer(target), size = MemoryLayout<T>.stride
        var o = 0
        while o + 8 <= count {
            to.storeBytes(of: from.loadUnaligned(fromByteOffset: o * size, as: SIMD8<T>.self), toByteOffset: o * size, as: SIMD8<T>.self)
            o += 8
        }
        if o < count {
            // The last eight elements, overlapping ones already copied.
            let last = (count - 8) * size
            to.storeBytes(of: from.loadUnaligned(fromByteOffset: last, as: SIMD8<T>.self), toByteOffset: last, as: SIMD8<T>.self)
        }
    }

    /// Where row `row` of the column matrix (channel c, kernel offset (i, j)) reads the image.
    private struct RowWalk {
        let channel: Int
        /// i·D - P: the image row of output row oh is oh·S + rowShift.
        let rowShift: Int
        /// j·D - P: the image column of output column ow is ow·S + columnShift.
        let columnShift: Int
        /// The output rows whose image row lies inside the image.
        let validRows: Range<Int>
        /// The output columns whose image column lies inside the image.
        let validColumns: Range<Int>
        let geometry: WindowGeometry
        /// The samples the column matrix holds.
        let sampleCount: Int

        @inline(__always)
        init(row: Int, geometry: WindowGeometry, sampleCount: Int) {
            self.geometry = geometry
            self.sampleCount = sampleCount
            channel = row / geometry.kernelArea
            let i = (row / geometry.kernelWidth) % geometry.kernelHeight, j = row % geometry.kernelWidth
            rowShift = i * geometry.dilationHeight - geometry.padTop
            columnShift = j * geometry.dilationWidth - geometry.padLeft
            validRows = WindowGeometry.validOutputs(offset: rowShift, stride: geometry.strideHeight,
                                                    inputSize: geometry.height, outputCount: geometry.outputHeight)
            validColumns = WindowGeometry.validOutputs(offset: columnShift, stride: geometry.strideWidth,
                                                       inputSize: geometry.width, outputCount: geometry.outputWidth)
            rowIndex = row
        }

        private let rowIndex: Int

        /// The column-matrix offset of output (oh, 0) of the `sample`-th sample held, in this row.
        @inline(__always)
        func columnOffset(sample: Int, outputRow: Int) -> Int {
            (rowIndex * sampleCount + sample) * geometry.outputArea + outputRow * geometry.outputWidth
        }

        /// The offset, within its plane, of the pixel that output (oh, 0) reads (it may lie outside the
        /// row when output column 0 reads padding; only valid columns are read through it).
        @inline(__always)
        func imageOffset(outputRow: Int) -> Int {
            (outputRow * geometry.strideHeight + rowShift) * geometry.width + columnShift
        }
    }
}
