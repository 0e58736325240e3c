/// The unrolling that turns a convolution into one matrix product (im2col) and its adjoint (col2im).
///
/// The column matrix of a batch `[N, C, H, W]` has one row per (channel, kernel row, kernel column),
/// `C · kH · kW` rows, and one column per (sample, output row, output column), `N · H_out · W_out`
/// columns: column (n, oh, ow) holds the input values under the kernel placed at output (oh, ow) of
/// sample n (zero where the kernel hangs over the padding). The whole batch is folded into the columns,
/// so a convolution is a single product `weight [out, C·kH·kW] · columns` per group, and the rows of a
/// group's channels are consecutive.
enum Im2Col {
    /// Writes the column matrix of `image` (`geometry.batch` samples) into `columns`, which holds
    /// `channels · kernelArea · batch · outputArea` elements. Rows are independent, so they are filled in
    /// parallel on the thread pool.
    static func imageToColumns<T: KernelScalar>(_ image: UnsafePointer<T>, _ geometry: WindowGeometry, _ columns: UnsafeMutablePointer<T>) {
        ParallelLoop.run(count: geometry.channels * geometry.kernelArea, workPerIteration: geometry.batch * geometry.outputArea) { row in
            let walk = RowWalk(row: row, geometry: geometry)
            let outputWidth = geometry.outputWidth, stride = geometry.strideWidth
            let valid = walk.validColumns, validCount = valid.count
            for n in 0..<geometry.batch {
                let plane = image + (n * geometry.channels + walk.channel) * geometry.inputArea
                for oh in 0..<geometry.outputHeight {
                    let target = columns + walk.columnOffset(sample: n, outputRow: oh)
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
                        first.update(from: source, count: validCount)
                    } else {
                        for o in 0..<validCount { first[o] = source[o * stride] }
                    }
                }
            }
        }
    }

    /// Adds every entry of the column matrix `columns` back to the image position it was read from,
    /// giving the gradient of `imageToColumns` with respect to the image: `image` (`batch · channels ·
    /// inputArea` elements) is overwritten. Rows of one channel write to the same plane, so the work is
    /// split by channel.
    static func columnsToImage<T: KernelScalar>(_ columns: UnsafePointer<T>, _ geometry: WindowGeometry, _ image: UnsafeMutablePointer<T>) {
        image.update(repeating: 0, count: geometry.batch * geometry.channels * geometry.inputArea)
        ParallelLoop.run(count: geometry.channels, workPerIteration: geometry.kernelArea * geometry.batch * geometry.outputArea) { channel in
            let stride = geometry.strideWidth
            for row in channel * geometry.kernelArea..<(channel + 1) * geometry.kernelArea {
                let walk = RowWalk(row: row, geometry: geometry)
                let valid = walk.validColumns, validCount = valid.count
                for n in 0..<geometry.batch {
                    let plane = image + (n * geometry.channels + channel) * geometry.inputArea
                    for oh in walk.validRows {
                        let source = columns + walk.columnOffset(sample: n, outputRow: oh) + valid.lowerBound
                        let target = plane + walk.imageOffset(outputRow: oh) + valid.lowerBound * stride
                        for o in 0..<validCount { target[o * stride] += source[o] }
                    }
                }
            }
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

        @inline(__always)
        init(row: Int, geometry: WindowGeometry) {
            self.geometry = geometry
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

        /// The column-matrix offset of output (oh, 0) of sample n in this row.
        @inline(__always)
        func columnOffset(sample: Int, outputRow: Int) -> Int {
            (rowIndex * geometry.batch + sample) * geometry.outputArea + outputRow * geometry.outputWidth
        }

        /// The offset, within its plane, of the pixel that output (oh, 0) reads (it may lie outside the
        /// row when output column 0 reads padding; only valid columns are read through it).
        @inline(__always)
        func imageOffset(outputRow: Int) -> Int {
            (outputRow * geometry.strideHeight + rowShift) * geometry.width + columnShift
        }
    }
}
