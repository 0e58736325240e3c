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
        let rowCount = geometry.channels * geometry.kernelArea
        ParallelLoop.run(count: rowCount, workPerIteration: geometry.batch * geometry.outputArea) { row in
            walkRow(row, geometry) { imageOffset, columnOffset, outputs, stride in
                let source = image + imageOffset, target = columns + columnOffset
                for o in outputs { target[o] = source[o * stride] }
            } zeroing: { columnOffset, count in
                (columns + columnOffset).update(repeating: 0, count: count)
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
            for row in channel * geometry.kernelArea..<(channel + 1) * geometry.kernelArea {
                walkRow(row, geometry) { imageOffset, columnOffset, outputs, stride in
                    let target = image + imageOffset, source = columns + columnOffset
                    for o in outputs { target[o * stride] += source[o] }
                } zeroing: { _, _ in }
            }
        }
    }

    /// Visits row `row` of the column matrix: for each sample and output row, calls `copy` with the
    /// image offset of output column 0's pixel (it may lie outside the image; only `outputs` are valid),
    /// the column offset of output column 0, the valid output columns and the column stride; calls
    /// `zeroing` with the column offset and length of every stretch that reads padding.
    @inline(__always)
    private static func walkRow(
        _ row: Int, _ geometry: WindowGeometry,
        copy: (_ imageOffset: Int, _ columnOffset: Int, _ outputs: Range<Int>, _ stride: Int) -> Void,
        zeroing: (_ columnOffset: Int, _ count: Int) -> Void
    ) {
        let channel = row / geometry.kernelArea
        let i = (row / geometry.kernelWidth) % geometry.kernelHeight, j = row % geometry.kernelWidth
        let rowOffset = i * geometry.dilationHeight - geometry.padTop
        let columnShift = j * geometry.dilationWidth - geometry.padLeft
        let outputWidth = geometry.outputWidth
        let validColumns = WindowGeometry.validOutputs(offset: columnShift, stride: geometry.strideWidth,
                                                       inputSize: geometry.width, outputCount: outputWidth)
        let validRows = WindowGeometry.validOutputs(offset: rowOffset, stride: geometry.strideHeight,
                                                    inputSize: geometry.height, outputCount: geometry.outputHeight)
        let rowStart = row * geometry.batch * geometry.outputArea
        for n in 0..<geometry.batch {
            let plane = (n * geometry.channels + channel) * geometry.inputArea
            for oh in 0..<geometry.outputHeight {
                let columnOffset = rowStart + (n * geometry.outputHeight + oh) * outputWidth
                guard validRows.contains(oh) else { zeroing(columnOffset, outputWidth); continue }
                let h = oh * geometry.strideHeight + rowOffset
                if validColumns.lowerBound > 0 { zeroing(columnOffset, validColumns.lowerBound) }
                if validColumns.upperBound < outputWidth {
                    zeroing(columnOffset + validColumns.upperBound, outputWidth - validColumns.upperBound)
                }
                // Offset of output column 0's pixel: h·W + columnShift (possibly before the row starts).
                copy(plane + h * geometry.width + columnShift, columnOffset, validColumns, geometry.strideWidth)
            }
        }
    }
}
