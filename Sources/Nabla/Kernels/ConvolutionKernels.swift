/// A grouped 2-d convolution and its gradients as matrix products over the column matrix (`Im2Col`):
/// group g multiplies its `outPerGroup` weight rows `[outPerGroup, rowsPerGroup]` with its
/// `rowsPerGroup` consecutive rows of the columns `[C · kH · kW, N · L]` (L = H_out · W_out). Results
/// are "rows" `[out, N · L]`, one row per output channel.
///
/// The batch is cut into chunks of a few samples, and each chunk is unrolled and multiplied on one
/// thread of the pool while its columns are still in cache: the chunks of a batch keep both cores busy
/// and balance themselves when a core is shared, and the column matrix in memory is one chunk's per
/// thread (from the shared `Workspace`), not the whole batch's.
enum ConvolutionKernels {
    /// The sizes of a grouped convolution.
    struct Layout {
        let geometry: WindowGeometry
        let outChannels: Int
        let groups: Int

        /// Output channels per group.
        var outPerGroup: Int { outChannels / groups }
        /// Column-matrix rows per group: (C / groups) · kH · kW, the length of one kernel.
        var rowsPerGroup: Int { geometry.channels / groups * geometry.kernelArea }
        /// N · H_out · W_out, the columns of the whole batch's column matrix.
        var columnCount: Int { geometry.batch * geometry.outputArea }
        /// Multiply-adds of the forward product, out · rowsPerGroup · N · L (each gradient costs as much).
        var multiplyAdds: Int { outChannels * rowsPerGroup * columnCount }

        /// Samples per chunk: at least four chunks per thread when the batch is large enough to be worth
        /// splitting, and a chunk's columns at most `chunkElements`; fixed when the layout is made, so that
        /// every pass over the chunks agrees on them while the pool is resized.
        let samplesPerChunk: Int

        init(geometry: WindowGeometry, outChannels: Int, groups: Int) {
            self.geometry = geometry
            self.outChannels = outChannels
            self.groups = groups
            let threads = ThreadPool.workerCount + 1
            let rowsPerGroup = geometry.channels / groups * geometry.kernelArea
            if threads > 1 && outChannels * rowsPerGroup * geometry.batch * geometry.outputArea >= GEMM.minimumWorkPerThread {
                let perSample = groups * rowsPerGroup * geometry.outputArea
                let balanced = (geometry.batch + 4 * threads - 1) / (4 * threads)
                samplesPerChunk = Swift.max(1, Swift.min(balanced, ConvolutionKernels.chunkElements / perSample))
            } else {
                samplesPerChunk = Swift.max(geometry.batch, 1)
            }
        }

        /// The chunks `samplesPerChunk` cuts the batch into (one, empty, for an empty batch).
        var chunkCount: Int { Swift.max(1, (geometry.batch + samplesPerChunk - 1) / samplesPerChunk) }
    }

    /// The most column-matrix elements one chunk unrolls (4 MB of `Float`), unless a single sample needs more.
    static let chunkElements = 1 << 20

    /// rows_g = b_g + w_g · columns_g, rows `[out, N · L]`.
    static func forward<T: KernelScalar>(
        _ images: UnsafePointer<T>, weight: UnsafePointer<T>, bias: UnsafePointer<T>?, _ layout: Layout, rows: UnsafeMutablePointer<T>
    ) {
        let n = layout.columnCount, area = layout.geometry.outputArea
        forEachChunk(layout) { _, samples, columns in
            let width = samples.count * area, start = samples.lowerBound * area
            if let bias {
                for channel in 0..<layout.outChannels { (rows + channel * n + start).update(repeating: bias[channel], count: width) }
            }
            Im2Col.imageToColumns(images, layout.geometry, samples: samples, columns)
            for group in 0..<layout.groups {
                T.multiply(transposeA: false, transposeB: false, m: layout.outPerGroup, n: width, k: layout.rowsPerGroup,
                           a: weight + group * layout.outPerGroup * layout.rowsPerGroup, lda: layout.rowsPerGroup,
                           b: columns + group * layout.rowsPerGroup * width, ldb: width,
                           c: rows + group * layout.outPerGroup * n + start, ldc: n, accumulating: bias != nil)
            }
        }
    }

    /// ∂L/∂x = col2im(w_gᵀ · ∂L/∂rows_g), images `[N, C, H, W]` (overwritten).
    static func imageGradient<T: KernelScalar>(
        _ outputGradient: UnsafePointer<T>, weight: UnsafePointer<T>, _ layout: Layout, images: UnsafeMutablePointer<T>
    ) {
        let n = layout.columnCount, area = layout.geometry.outputArea
        forEachChunk(layout) { _, samples, columns in
            let width = samples.count * area, start = samples.lowerBound * area
            for group in 0..<layout.groups {
                T.multiply(transposeA: true, transposeB: false, m: layout.rowsPerGroup, n: width, k: layout.outPerGroup,
                           a: weight + group * layout.outPerGroup * layout.rowsPerGroup, lda: layout.rowsPerGroup,
                           b: outputGradient + group * layout.outPerGroup * n + start, ldb: n,
                           c: columns + group * layout.rowsPerGroup * width, ldc: width, accumulating: false)
            }
            Im2Col.columnsToImage(columns, layout.geometry, samples: samples, images)
        }
    }

    /// ∂L/∂w_g = ∂L/∂rows_g · columns_gᵀ, `[out, (C / groups) · kH · kW]` (overwritten); the columns are
    /// unrolled again from the images rather than kept from the forward pass. Each chunk computes its
    /// share transposed, columns_g · (∂L/∂rows_g)ᵀ `[rowsPerGroup, outPerGroup]`, so that the product
    /// packs the narrow gradient rather than the tall columns; the shares are summed and transposed at the end.
    static func weightGradient<T: KernelScalar>(
        _ outputGradient: UnsafePointer<T>, images: UnsafePointer<T>, _ layout: Layout, weight: UnsafeMutablePointer<T>
    ) {
        let n = layout.columnCount, area = layout.geometry.outputArea
        let chunkCount = layout.chunkCount
        let shareCount = layout.outChannels * layout.rowsPerGroup, groupShare = layout.outPerGroup * layout.rowsPerGroup
        Workspace.shared.withBuffer(of: T.self, count: chunkCount * shareCount) { shares in
            forEachChunk(layout) { chunk, samples, columns in
                let width = samples.count * area, start = samples.lowerBound * area
                let share = shares + chunk * shareCount
                Im2Col.imageToColumns(images, layout.geometry, samples: samples, columns)
                for group in 0..<layout.groups {
                    T.multiply(transposeA: false, transposeB: true, m: layout.rowsPerGroup, n: layout.outPerGroup, k: width,
                               a: columns + group * layout.rowsPerGroup * width, lda: width,
                               b: outputGradient + group * layout.outPerGroup * n + start, ldb: n,
                               c: share + group * groupShare, ldc: layout.outPerGroup, accumulating: false)
                }
            }
            for index in 1..<chunkCount {
                let share = shares + index * shareCount
                for element in 0..<shareCount { shares[element] += share[element] }
            }
            // shares[g][r][o] → weight[g · outPerGroup + o][r].
            for group in 0..<layout.groups {
                let source = shares + group * groupShare, target = weight + group * groupShare
                for r in 0..<layout.rowsPerGroup {
                    for o in 0..<layout.outPerGroup { target[o * layout.rowsPerGroup + r] = source[r * layout.outPerGroup + o] }
                }
            }
        }
    }

    /// The gradients of a transposed convolution, whose forward pass is `imageGradient` with the input as
    /// its rows: one column matrix of ∂L/∂y (the images of the convolution it transposes) serves both
    /// ∂L/∂x_g = w_g · columns_g (rows `[out, N · L]`, into `inputRowsGradient`, needing `weight`) and
    /// ∂L/∂w_g = x_rows_g · columns_gᵀ (into `weightGradient`, needing `inputRows`). Either result may be
    /// skipped (`nil`); each one asked for is overwritten.
    static func transposedGradients<T: KernelScalar>(
        _ outputGradient: UnsafePointer<T>, inputRows: UnsafePointer<T>?, weight: UnsafePointer<T>?, _ layout: Layout,
        inputRowsGradient: UnsafeMutablePointer<T>?, weightGradient: UnsafeMutablePointer<T>?
    ) {
        let n = layout.columnCount
        Workspace.shared.withBuffer(of: T.self, count: layout.groups * layout.rowsPerGroup * n) { columns in
            Im2Col.imageToColumns(outputGradient, layout.geometry, samples: 0..<layout.geometry.batch, columns)
            for group in 0..<layout.groups {
                let groupColumns = columns + group * layout.rowsPerGroup * n
                let groupWeight = group * layout.outPerGroup * layout.rowsPerGroup, groupRows = group * layout.outPerGroup * n
                if let inputRowsGradient, let weight {
                    T.multiply(transposeA: false, transposeB: false, m: layout.outPerGroup, n: n, k: layout.rowsPerGroup,
                               a: weight + groupWeight, lda: layout.rowsPerGroup, b: groupColumns, ldb: n,
                               c: inputRowsGradient + groupRows, ldc: n, accumulating: false)
                }
                if let weightGradient, let inputRows {
                    T.multiply(transposeA: false, transposeB: true, m: layout.outPerGroup, n: layout.rowsPerGroup, k: n,
                               a: inputRows + groupRows, lda: n, b: groupColumns, ldb: n,
                               c: weightGradient + groupWeight, ldc: layout.rowsPerGroup, accumulating: false)
                }
            }
        }
    }

    /// Calls `body(chunk, samples, columns)` for the chunks of `layout.samplesPerChunk` consecutive
    /// samples, in parallel when there is more than one, with a column buffer of the chunk's size that is
    /// the call's alone.
    private static func forEachChunk<T: KernelScalar>(_ layout: Layout, _ body: (Int, Range<Int>, UnsafeMutablePointer<T>) -> Void) {
        let batch = layout.geometry.batch, chunk = layout.samplesPerChunk, chunkCount = layout.chunkCount
        let rows = layout.groups * layout.rowsPerGroup, area = layout.geometry.outputArea
        ParallelLoop.run(count: chunkCount, workPerIteration: layout.multiplyAdds / chunkCount) { index in
            let samples = Swift.min(batch, index * chunk)..<Swift.min(batch, (index + 1) * chunk)
            Workspace.shared.withBuffer(of: T.self, count: rows * samples.count * area) { body(index, samples, $0) }
        }
    }
}
