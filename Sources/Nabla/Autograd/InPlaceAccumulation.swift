/// The in-place additions that gather gradients during `backward()`. Like every write to a tensor they
/// copy the storage first if another tensor shares it (copy-on-write), so called on a tensor stored
/// in place (a graph node's gradient slot) they add without allocating whenever nothing else holds it.
extension Tensor {
    /// `self += other`, elementwise over equal shapes and element types.
    mutating func addInPlace(_ other: Tensor) {
        precondition(other.shape == shape && other.dtype == dtype, "internal: addInPlace of \(other.shape) into \(shape)")
        makeStorageUnique()
        switch dtype {
        case .float32: Tensor.addKernel(other.storage.pointer(as: Float.self), into: storage.pointer(as: Float.self), count)
        case .float64: Tensor.addKernel(other.storage.pointer(as: Double.self), into: storage.pointer(as: Double.self), count)
        }
    }

    /// Adds `block` (contiguous, row-major) at `offset + Σ indexᵢ·stridesᵢ` of this tensor's storage.
    mutating func addInPlace(_ block: Tensor, offset: Int, strides: [Int]) {
        precondition(block.dtype == dtype && block.rank == strides.count, "internal: addInPlace of a block \(block.shape) with strides \(strides)")
        makeStorageUnique()
        switch dtype {
        case .float32:
            StridedCopy.scatter(from: block.storage.pointer(as: Float.self), shape: block.shape,
                                to: storage.pointer(as: Float.self), offset: offset, strides: strides, accumulate: true)
        case .float64:
            StridedCopy.scatter(from: block.storage.pointer(as: Double.self), shape: block.shape,
                                to: storage.pointer(as: Double.self), offset: offset, strides: strides, accumulate: true)
        }
    }

    /// Adds row r of `values` (rows of `rowLength` scalars) to row `rows[r]` of this tensor's storage.
    mutating func addRowsInPlace(_ values: Tensor, rows: [Int], rowLength: Int) {
        precondition(values.dtype == dtype && values.count == rows.count * rowLength, "internal: addRowsInPlace of \(values.shape) for \(rows.count) rows")
        makeStorageUnique()
        switch dtype {
        case .float32:
            let source = values.storage.pointer(as: Float.self), target = storage.pointer(as: Float.self)
            for (r, row) in rows.enumerated() { Tensor.addKernel(source + r * rowLength, into: target + row * rowLength, rowLength) }
        case .float64:
            let source = values.storage.pointer(as: Double.self), target = storage.pointer(as: Double.self)
            for (r, row) in rows.enumerated() { Tensor.addKernel(source + r * rowLength, into: target + row * rowLength, rowLength) }
        }
    }

    /// `self += op(left)·op(right)` for matrices, op an optional transpose: one GEMM with β = 1.
    mutating func addProductInPlace(_ left: Tensor, _ right: Tensor, transposingLeft: Bool, transposingRight: Bool) {
        let (m, k) = transposingLeft ? (left.shape[1], left.shape[0]) : (left.shape[0], left.shape[1])
        let n = transposingRight ? right.shape[0] : right.shape[1]
        precondition(left.dtype == dtype && right.dtype == dtype && shape == [m, n], "internal: addProductInPlace into \(shape)")
        makeStorageUnique()
        switch dtype {
        case .float32:
            GEMM.multiply(transposeA: transposingLeft, transposeB: transposingRight, m: m, n: n, k: k,
                          a: left.storage.pointer(as: Float.self), lda: left.shape[1],
                          b: right.storage.pointer(as: Float.self), ldb: right.shape[1],
                          beta: 1, c: storage.pointer(as: Float.self), ldc: n)
        case .float64:
            GEMM.multiply(transposeA: transposingLeft, transposeB: transposingRight, m: m, n: n, k: k,
                          a: left.storage.pointer(as: Double.self), lda: left.shape[1],
                          b: right.storage.pointer(as: Double.self), ldb: right.shape[1],
                          beta: 1, c: storage.pointer(as: Double.self), ldc: n)
        }
    }

    @inline(__always)
    private static func addKernel<T: TensorScalar>(_ source: UnsafePointer<T>, into target: UnsafeMutablePointer<T>, _ count: Int) {
        ElementwiseKernels.binary(.add, target, 1, source, 1, target, count)
    }
}
