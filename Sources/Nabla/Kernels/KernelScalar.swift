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

    /// One fused optimiser step over `count` weights (`OptimizerKernels.apply`).
    static func apply(
        _ update: OptimizerKernels.Update, weights: UnsafeMutablePointer<Self>, gradient: UnsafePointer<Self>,
        first: UnsafeMutablePointer<Self>?, second: UnsafeMutablePointer<Self>?, count: Int
    )
}

extension Float: KernelScalar {
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
}

extension Double: KernelScalar {
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
}
