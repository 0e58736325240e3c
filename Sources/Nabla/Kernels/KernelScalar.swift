import CNablaKernels

/// The element types the C kernels are compiled for (`Float` and `Double`), each with its own entry
/// points into them: code generic over `KernelScalar` calls `T.multiply(...)` and the compiler picks
/// `nabla_sgemm` or `nabla_dgemm`, so a caller never writes the float/double pair itself.
protocol KernelScalar: TensorScalar, KernelElement, RecurrentRowKernels {
    /// `C = op(A) · op(B)`, or `C += op(A) · op(B)` when `accumulating`, on row-major buffers (`GEMM.multiply`).
    static func multiply(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int, c: UnsafeMutablePointer<Self>, ldc: Int,
        accumulating: Bool
    )

    /// The elements op(B) of `k × n` occupies packed for `multiply(packedB:)` (`GEMM.packedCount`).
    static func packedCount(k: Int, n: Int) -> Int

    /// Packs op(B) once for many products (`GEMM.pack`).
    static func pack(transposeB: Bool, k: Int, n: Int, b: UnsafePointer<Self>, ldb: Int, into packed: UnsafeMutablePointer<Self>)

    /// `C = A · op(B)`, or `C += A · op(B)` when `accumulating`, with op(B) packed by `pack` (`GEMM.multiply(packedB:)`).
    static func multiply(
        m: Int, n: Int, k: Int, a: UnsafePointer<Self>, lda: Int, packedB: UnsafePointer<Self>, c: UnsafeMutablePointer<Self>, ldc: Int,
        accumulating: Bool
    )

    /// The packed micro-panel width for `multiply(columns:)` (`GEMM.packedColumnStep`).
    static func packedColumnStep(n: Int) -> Int

    /// Columns `columns` of `multiply(packedB:)` on the calling thread (`GEMM.multiply(columns:)`).
    static func multiply(
        m: Int, columns: Range<Int>, of n: Int, k: Int, a: UnsafePointer<Self>, lda: Int, packedB: UnsafePointer<Self>,
        c: UnsafeMutablePointer<Self>, ldc: Int, accumulating: Bool
    )

    /// The column matrix of some samples of a batch of images (`Im2Col.imageToColumns`, `nabla_im2col_*`).
    static func imageToColumns(
        _ image: UnsafePointer<Self>, _ geometry: nabla_window_geometry, firstSample: Int, sampleCount: Int, _ columns: UnsafeMutablePointer<Self>
    )

    /// Its adjoint, into those samples' planes (`Im2Col.columnsToImage`, `nabla_col2im_*`).
    static func columnsToImage(
        _ columns: UnsafePointer<Self>, _ geometry: nabla_window_geometry, firstSample: Int, sampleCount: Int, _ image: UnsafeMutablePointer<Self>
    )

    /// Max pooling of one plane whose windows lie inside it (`nabla_max_pool_plane_*`): each window's
    /// largest value and its position in the plane.
    static func maxPoolPlane(
        _ plane: UnsafePointer<Self>, _ geometry: WindowGeometry, output: UnsafeMutablePointer<Self>, positions: UnsafeMutablePointer<Int64>
    )

    /// A normalisation of the groups `groups` (`NormalizationKernels.forward`) by the kernel `variant`.
    static func normalizeForward(
        _ layout: NormalizationKernels.Layout, groups: Range<Int>, input: UnsafePointer<Self>, scale: UnsafePointer<Self>?,
        shift: UnsafePointer<Self>?, epsilon: Double, output: UnsafeMutablePointer<Self>, normalized: UnsafeMutablePointer<Self>,
        mean: UnsafeMutablePointer<Self>, variance: UnsafeMutablePointer<Self>, inverseDeviation: UnsafeMutablePointer<Self>,
        variant: KernelVariant
    )

    /// The gradients of a normalisation for the groups `groups` (`NormalizationKernels.backward`).
    static func normalizeBackward(
        _ layout: NormalizationKernels.Layout, groups: Range<Int>, gradient: UnsafePointer<Self>, normalized: UnsafePointer<Self>,
        inverseDeviation: UnsafePointer<Self>, scale: UnsafePointer<Self>?, inputGradient: UnsafeMutablePointer<Self>,
        scaleGradient: UnsafeMutablePointer<Self>?, shiftGradient: UnsafeMutablePointer<Self>?
    )

    /// One fused optimiser step over `count` weights (`OptimizerKernels.apply`).
    static func apply(
        _ update: OptimizerKernels.Update, weights: UnsafeMutablePointer<Self>, gradient: UnsafePointer<Self>,
        first: UnsafeMutablePointer<Self>?, second: UnsafeMutablePointer<Self>?, count: Int
    )
}

extension Float: KernelScalar {
    static func packedCount(k: Int, n: Int) -> Int { GEMM.packedCount(Float.self, k: k, n: n) }

    static func packedColumnStep(n: Int) -> Int { GEMM.packedColumnStep(Float.self, n: n) }

    static func multiply(
        m: Int, columns: Range<Int>, of n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, packedB: UnsafePointer<Float>,
        c: UnsafeMutablePointer<Float>, ldc: Int, accumulating: Bool
    ) {
        GEMM.multiply(m: m, columns: columns, of: n, k: k, a: a, lda: lda, packedB: packedB, beta: accumulating ? 1 : 0, c: c, ldc: ldc)
    }

    static func pack(transposeB: Bool, k: Int, n: Int, b: UnsafePointer<Float>, ldb: Int, into packed: UnsafeMutablePointer<Float>) {
        GEMM.pack(transposeB: transposeB, k: k, n: n, b: b, ldb: ldb, into: packed)
    }

    static func multiply(
        m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, packedB: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, ldc: Int,
        accumulating: Bool
    ) {
        GEMM.multiply(m: m, n: n, k: k, a: a, lda: lda, packedB: packedB, beta: accumulating ? 1 : 0, c: c, ldc: ldc)
    }

    static func multiply(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int,
        accumulating: Bool
    ) {
        GEMM.multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb,
                      beta: accumulating ? 1 : 0, c: c, ldc: ldc)
    }

    static func apply(
        _ update: OptimizerKernels.Update, weights: UnsafeMutablePointer<Float>, gradient: UnsafePointer<Float>,
        first: UnsafeMutablePointer<Float>?, second: UnsafeMutablePointer<Float>?, count: Int
    ) {
        OptimizerKernels.apply(update, weights: weights, gradient: gradient, first: first, second: second, count: count)
    }

    static func imageToColumns(
        _ image: UnsafePointer<Float>, _ geometry: nabla_window_geometry, firstSample: Int, sampleCount: Int, _ columns: UnsafeMutablePointer<Float>
    ) {
        nabla_im2col_f32(image, geometry, Int64(firstSample), Int64(sampleCount), columns)
    }

    static func columnsToImage(
        _ columns: UnsafePointer<Float>, _ geometry: nabla_window_geometry, firstSample: Int, sampleCount: Int, _ image: UnsafeMutablePointer<Float>
    ) {
        nabla_col2im_f32(columns, geometry, Int64(firstSample), Int64(sampleCount), image)
    }

    static func maxPoolPlane(
        _ plane: UnsafePointer<Float>, _ geometry: WindowGeometry, output: UnsafeMutablePointer<Float>, positions: UnsafeMutablePointer<Int64>
    ) {
        nabla_max_pool_plane_f32(plane, Int64(geometry.width), Int64(geometry.outputHeight), Int64(geometry.outputWidth),
                                 Int64(geometry.kernelHeight), Int64(geometry.kernelWidth), Int64(geometry.strideHeight),
                                 Int64(geometry.strideWidth), output, positions)
    }

    static func normalizeForward(
        _ layout: NormalizationKernels.Layout, groups: Range<Int>, input: UnsafePointer<Float>, scale: UnsafePointer<Float>?,
        shift: UnsafePointer<Float>?, epsilon: Double, output: UnsafeMutablePointer<Float>, normalized: UnsafeMutablePointer<Float>,
        mean: UnsafeMutablePointer<Float>, variance: UnsafeMutablePointer<Float>, inverseDeviation: UnsafeMutablePointer<Float>,
        variant: KernelVariant
    ) {
        NormalizationKernels.forward(layout, groups: groups, input: input, scale: scale, shift: shift, epsilon: Float(epsilon), output: output,
                                     normalized: normalized, mean: mean, variance: variance, inverseDeviation: inverseDeviation, variant: variant)
    }

    static func normalizeBackward(
        _ layout: NormalizationKernels.Layout, groups: Range<Int>, gradient: UnsafePointer<Float>, normalized: UnsafePointer<Float>,
        inverseDeviation: UnsafePointer<Float>, scale: UnsafePointer<Float>?, inputGradient: UnsafeMutablePointer<Float>,
        scaleGradient: UnsafeMutablePointer<Float>?, shiftGradient: UnsafeMutablePointer<Float>?
    ) {
        NormalizationKernels.backward(layout, groups: groups, gradient: gradient, normalized: normalized, inverseDeviation: inverseDeviation, scale: scale,
                                      inputGradient: inputGradient, scaleGradient: scaleGradient, shiftGradient: shiftGradient)
    }
}

extension Double: KernelScalar {
    static func packedCount(k: Int, n: Int) -> Int { GEMM.packedCount(Double.self, k: k, n: n) }

    static func packedColumnStep(n: Int) -> Int { GEMM.packedColumnStep(Double.self, n: n) }

    static func multiply(
        m: Int, columns: Range<Int>, of n: Int, k: Int, a: UnsafePointer<Double>, lda: Int, packedB: UnsafePointer<Double>,
        c: UnsafeMutablePointer<Double>, ldc: Int, accumulating: Bool
    ) {
        GEMM.multiply(m: m, columns: columns, of: n, k: k, a: a, lda: lda, packedB: packedB, beta: accumulating ? 1 : 0, c: c, ldc: ldc)
    }

    static func pack(transposeB: Bool, k: Int, n: Int, b: UnsafePointer<Double>, ldb: Int, into packed: UnsafeMutablePointer<Double>) {
        GEMM.pack(transposeB: transposeB, k: k, n: n, b: b, ldb: ldb, into: packed)
    }

    static func multiply(
        m: Int, n: Int, k: Int, a: UnsafePointer<Double>, lda: Int, packedB: UnsafePointer<Double>, c: UnsafeMutablePointer<Double>, ldc: Int,
        accumulating: Bool
    ) {
        GEMM.multiply(m: m, n: n, k: k, a: a, lda: lda, packedB: packedB, beta: accumulating ? 1 : 0, c: c, ldc: ldc)
    }

    static func multiply(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int, c: UnsafeMutablePointer<Double>, ldc: Int,
        accumulating: Bool
    ) {
        GEMM.multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb,
                      beta: accumulating ? 1 : 0, c: c, ldc: ldc)
    }

    static func apply(
        _ update: OptimizerKernels.Update, weights: UnsafeMutablePointer<Double>, gradient: UnsafePointer<Double>,
        first: UnsafeMutablePointer<Double>?, second: UnsafeMutablePointer<Double>?, count: Int
    ) {
        OptimizerKernels.apply(update, weights: weights, gradient: gradient, first: first, second: second, count: count)
    }

    static func imageToColumns(
        _ image: UnsafePointer<Double>, _ geometry: nabla_window_geometry, firstSample: Int, sampleCount: Int, _ columns: UnsafeMutablePointer<Double>
    ) {
        nabla_im2col_f64(image, geometry, Int64(firstSample), Int64(sampleCount), columns)
    }

    static func columnsToImage(
        _ columns: UnsafePointer<Double>, _ geometry: nabla_window_geometry, firstSample: Int, sampleCount: Int, _ image: UnsafeMutablePointer<Double>
    ) {
        nabla_col2im_f64(columns, geometry, Int64(firstSample), Int64(sampleCount), image)
    }

    static func maxPoolPlane(
        _ plane: UnsafePointer<Double>, _ geometry: WindowGeometry, output: UnsafeMutablePointer<Double>, positions: UnsafeMutablePointer<Int64>
    ) {
        nabla_max_pool_plane_f64(plane, Int64(geometry.width), Int64(geometry.outputHeight), Int64(geometry.outputWidth),
                                 Int64(geometry.kernelHeight), Int64(geometry.kernelWidth), Int64(geometry.strideHeight),
                                 Int64(geometry.strideWidth), output, positions)
    }

    static func normalizeForward(
        _ layout: NormalizationKernels.Layout, groups: Range<Int>, input: UnsafePointer<Double>, scale: UnsafePointer<Double>?,
        shift: UnsafePointer<Double>?, epsilon: Double, output: UnsafeMutablePointer<Double>, normalized: UnsafeMutablePointer<Double>,
        mean: UnsafeMutablePointer<Double>, variance: UnsafeMutablePointer<Double>, inverseDeviation: UnsafeMutablePointer<Double>,
        variant: KernelVariant
    ) {
        NormalizationKernels.forward(layout, groups: groups, input: input, scale: scale, shift: shift, epsilon: epsilon, output: output,
                                     normalized: normalized, mean: mean, variance: variance, inverseDeviation: inverseDeviation, variant: variant)
    }

    static func normalizeBackward(
        _ layout: NormalizationKernels.Layout, groups: Range<Int>, gradient: UnsafePointer<Double>, normalized: UnsafePointer<Double>,
        inverseDeviation: UnsafePointer<Double>, scale: UnsafePointer<Double>?, inputGradient: UnsafeMutablePointer<Double>,
        scaleGradient: UnsafeMutablePointer<Double>?, shiftGradient: UnsafeMutablePointer<Double>?
    ) {
        NormalizationKernels.backward(layout, groups: groups, gradient: gradient, normalized: normalized, inverseDeviation: inverseDeviation, scale: scale,
                                      inputGradient: inputGradient, scaleGradient: scaleGradient, shiftGradient: shiftGradient)
    }
}
