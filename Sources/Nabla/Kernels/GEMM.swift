import CNablaKernels

/// General matrix multiplication on row-major buffers: `C = alpha * op(A) * op(B) + beta * C`.
///
/// The work is done by the packed, cache-blocked kernels of the `CNablaKernels` C target (see
/// `gemm_driver_template.h` there for the blocking scheme and `gemm_kernels_float.c` for the
/// register tiles). Products with at least `minimumWorkPerThread` multiply-adds per thread are
/// split into independent slabs of `C` (column slabs, or row slabs when `C` is narrow) run on a
/// persistent worker pool; smaller ones run inline on the calling thread without allocating.
///
/// When `beta == 0`, `C` is not read, so it may hold garbage or NaN.
public enum GEMM {
    /// Single precision. `op(A)` is `m x k`, `op(B)` is `k x n`, `C` is `m x n`; leading dimensions are row strides.
    public static func multiply(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                 a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, threads: defaultThreadCount)
    }

    /// Double precision, same contract as the single-precision version.
    public static func multiply(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Double = 1, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
        beta: Double = 0, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                 a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, threads: defaultThreadCount)
    }

    /// Single precision with an explicit upper bound on the number of threads (1 = calling thread only).
    public static func multiply(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int, threads: Int
    ) {
        multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                 a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, threads: threads,
                 variant: .automatic)
    }

    /// Double precision with an explicit upper bound on the number of threads (1 = calling thread only).
    public static func multiply(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Double = 1, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
        beta: Double = 0, c: UnsafeMutablePointer<Double>, ldc: Int, threads: Int
    ) {
        multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                 a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, threads: threads,
                 variant: .automatic)
    }

    /// Number of threads used by default: every core the process may use (`CPU.usableCores`).
    public static let defaultThreadCount = CPU.usableCores

    /// Single precision on a forced kernel variant (for tests and benchmarks).
    static func multiply(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, threads: Int, variant: KernelVariant
    ) {
        nabla_sgemm(variant.isa, Int32(clamping: threads), transposeA ? 1 : 0, transposeB ? 1 : 0,
                    Int64(m), Int64(n), Int64(k), alpha, a, Int64(lda), b, Int64(ldb), beta, c, Int64(ldc))
    }

    /// Double precision on a forced kernel variant (for tests and benchmarks).
    static func multiply(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int, threads: Int, variant: KernelVariant
    ) {
        nabla_dgemm(variant.isa, Int32(clamping: threads), transposeA ? 1 : 0, transposeB ? 1 : 0,
                    Int64(m), Int64(n), Int64(k), alpha, a, Int64(lda), b, Int64(ldb), beta, c, Int64(ldc))
    }

    /// Products with at least this many multiply-adds per thread are split among threads (the C
    /// driver's `NABLA_GEMM_MIN_WORK_PER_THREAD`).
    static let minimumWorkPerThread = Int(NABLA_GEMM_MIN_WORK_PER_THREAD)
}

/// Products with a pre-packed B: a matrix multiplied many times, such as a recurrent weight used at
/// every time step, is copied once into the layout the micro-kernels read (`nabla_sgemm_pack_b`), and
/// each product then skips the packing that `multiply` repeats on every call.
extension GEMM {
    /// The elements a packed op(B) of `k × n` occupies.
    static func packedCount(_: Float.Type, k: Int, n: Int) -> Int { Int(nabla_sgemm_packed_b_size(NABLA_ISA_AUTO, Int64(k), Int64(n))) }
    static func packedCount(_: Double.Type, k: Int, n: Int) -> Int { Int(nabla_dgemm_packed_b_size(NABLA_ISA_AUTO, Int64(k), Int64(n))) }

    /// Packs op(B) (`k × n`; B is `n × k` when `transposeB`) into `packed`, which holds `packedCount` elements.
    static func pack(transposeB: Bool, k: Int, n: Int, b: UnsafePointer<Float>, ldb: Int, into packed: UnsafeMutablePointer<Float>) {
        nabla_sgemm_pack_b(NABLA_ISA_AUTO, transposeB ? 1 : 0, Int64(k), Int64(n), b, Int64(ldb), packed)
    }

    static func pack(transposeB: Bool, k: Int, n: Int, b: UnsafePointer<Double>, ldb: Int, into packed: UnsafeMutablePointer<Double>) {
        nabla_dgemm_pack_b(NABLA_ISA_AUTO, transposeB ? 1 : 0, Int64(k), Int64(n), b, Int64(ldb), packed)
    }

    /// `C = A · op(B) + beta · C` with op(B) packed by `pack` for the same `k` and `n`; A is `m × k`, not transposed.
    static func multiply(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, packedB: UnsafePointer<Float>, beta: Float,
                         c: UnsafeMutablePointer<Float>, ldc: Int) {
        nabla_sgemm_packed(NABLA_ISA_AUTO, Int32(clamping: defaultThreadCount), Int64(m), Int64(n), Int64(k), 1, a, Int64(lda), packedB, beta, c, Int64(ldc))
    }

    static func multiply(m: Int, n: Int, k: Int, a: UnsafePointer<Double>, lda: Int, packedB: UnsafePointer<Double>, beta: Double,
                         c: UnsafeMutablePointer<Double>, ldc: Int) {
        nabla_dgemm_packed(NABLA_ISA_AUTO, Int32(clamping: defaultThreadCount), Int64(m), Int64(n), Int64(k), 1, a, Int64(lda), packedB, beta, c, Int64(ldc))
    }

    /// The width of one packed micro-panel of an op(B) `n` columns wide: `multiply(columns:)` takes column
    /// ranges that start at a multiple of it.
    static func packedColumnStep(_: Float.Type, n: Int) -> Int { Int(nabla_sgemm_packed_column_step(NABLA_ISA_AUTO, Int64(n))) }
    static func packedColumnStep(_: Double.Type, n: Int) -> Int { Int(nabla_dgemm_packed_column_step(NABLA_ISA_AUTO, Int64(n))) }

    /// The columns `columns` of `multiply(m:n:k:a:lda:packedB:beta:c:ldc:)`, on the calling thread, for a caller
    /// that shares a product out among its own threads.
    static func multiply(m: Int, columns: Range<Int>, of n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, packedB: UnsafePointer<Float>,
                         beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        nabla_sgemm_packed_columns(NABLA_ISA_AUTO, Int64(m), Int64(n), Int64(columns.lowerBound), Int64(columns.count), Int64(k), 1, a,
                                   Int64(lda), packedB, beta, c, Int64(ldc))
    }

    static func multiply(m: Int, columns: Range<Int>, of n: Int, k: Int, a: UnsafePointer<Double>, lda: Int, packedB: UnsafePointer<Double>,
                         beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int) {
        nabla_dgemm_packed_columns(NABLA_ISA_AUTO, Int64(m), Int64(n), Int64(columns.lowerBound), Int64(columns.count), Int64(k), 1, a,
                                   Int64(lda), packedB, beta, c, Int64(ldc))
    }
}
