/// A grouped 2-d convolution and its gradients as matrix products over the column matrix (`Im2Col`):
/// group g multiplies its `outPerGroup` weight rows `[outPerGroup, rowsPerGroup]` with its
/// `rowsPerGroup` consecutive rows of the columns `[C · kH · kW, N · L]` (L = H_out · W_out), so the whole
/// batch is one GEMM per group. Results are "rows" `[out, N · L]`, one row per output channel; the
/// column matrices live in the shared `Workspace`.
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
        /// N · H_out · W_out, the columns of the column matrix.
        var columnCount: Int { geometry.batch * geometry.outputArea }
    }

    /// rows_g = b_g + w_g · columns_g, rows `[out, N · L]`.
    static func forward<T: KernelScalar>(
        _ images: UnsafePointer<T>, weight: UnsafePointer<T>, bias: UnsafePointer<T>?, _ layout: Layout, rows: UnsafeMutablePointer<T>
    ) {
        let n = layout.columnCount
        if let bias {
            for channel in 0..<layout.outChannels { (rows + channel * n).update(repeating: bias[channel], count: n) }
        }
        Workspace.shared.withBuffer(of: T.self, count: layout.groups * layout.rowsPerGroup * n) { columns in
            Im2Col.imageToColumns(images, layout.geometry, columns)
            for group in 0..<layout.groups {
                T.multiply(transposeA: false, transposeB: false, m: layout.outPerGroup, n: n, k: layout.rowsPerGroup,
                           a: weight + group * layout.outPerGroup * layout.rowsPerGroup, lda: layout.rowsPerGroup,
                           b: columns + group * layout.rowsPerGroup * n, ldb: n,
                           c: rows + group * layout.outPerGroup * n, ldc: n, accumulating: bias != nil)
            }
        }
    }

    /// ∂L/∂x = col2im(w_gᵀ · ∂L/∂rows_g), images `[N, C, H, W]` (overwritten).
    static func imageGradient<T: KernelScalar>(
        _ outputGradient: UnsafePointer<T>, weight: UnsafePointer<T>, _ layout: Layout, images: UnsafeMutablePointer<T>
    ) {
        let n = layout.columnCount
        Workspace.shared.withBuffer(of: T.self, count: layout.groups * layout.rowsPerGroup * n) { columns in
            for group in 0..<layout.groups {
                T.multiply(transposeA: true, transposeB: false, m: layout.rowsPerGroup, n: n, k: layout.outPerGroup,
                           a: weight + group * layout.outPerGroup * layout.rowsPerGroup, lda: layout.rowsPerGroup,
                           b: outputGradient + group * layout.outPerGroup * n, ldb: n,
                           c: columns + group * layout.rowsPerGroup * n, ldc: n, accumulating: false)
            }
            Im2Col.columnsToImage(columns, layout.geometry, images)
        }
    }

    /// ∂L/∂w_g = ∂L/∂rows_g · columns_gᵀ, `[out, (C / groups) · kH · kW]` (overwritten); the columns are
    /// unrolled again from the images rather than kept from the forward pass.
    static func weightGradient<T: KernelScalar>(
        _ outputGradient: UnsafePointer<T>, images: UnsafePointer<T>, _ layout: Layout, weight: UnsafeMutablePointer<T>
    ) {
        let n = layout.columnCount
        Workspace.shared.withBuffer(of: T.self, count: layout.groups * layout.rowsPerGroup * n) { columns in
            Im2Col.imageToColumns(images, layout.geometry, columns)
            for group in 0..<layout.groups {
                T.multiply(transposeA: false, transposeB: true, m: layout.outPerGroup, n: layout.rowsPerGroup, k: n,
                           a: outputGradient + group * layout.outPerGroup * n, lda: n,
                           b: columns + group * layout.rowsPerGroup * n, ldb: n,
                           c: weight + group * layout.outPerGroup * layout.rowsPerGroup, ldc: layout.rowsPerGroup, accumulating: false)
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
            Im2Col.imageToColumns(outputGradient, layout.geometry, columns)
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
}
