/// The in-place additions that gather gradients during `backward()`. Like every write to a tensor they
/// copy the storage first if another tensor shares it (copy-on-write), so called on a tensor stored
/// in place (a graph node's gradient slot) they add without allocating whenever nothing else holds it.
extension Tensor {
    /// `self += other`, elementwise over equal shapes and element types.
    mutating func addInPlace(_ other: Tensor) {
        precondition(other.shape == shape && other.dtype == dtype, "internal: addInPlace of \(other.shape) into \(shape)")
        makeStorageUnique()
        TensorStorage.backend.add(other.storage, into: storage)
    }

    /// Adds `block` (contiguous, row-major) at `offset + Σ indexᵢ·stridesᵢ` of this tensor's storage.
    mutating func addInPlace(_ block: Tensor, offset: Int, strides: [Int]) {
        precondition(block.dtype == dtype && block.rank == strides.count, "internal: addInPlace of a block \(block.shape) with strides \(strides)")
        makeStorageUnique()
        TensorStorage.backend.scatter(block.storage, shape: block.shape, into: storage, offset: offset, strides: strides, accumulate: true)
    }

    /// Adds row r of `values` (rows of `rowLength` scalars) to row `rows[r]` of this tensor's storage.
    mutating func addRowsInPlace(_ values: Tensor, rows: [Int], rowLength: Int) {
        precondition(values.dtype == dtype && values.count == rows.count * rowLength, "internal: addRowsInPlace of \(values.shape) for \(rows.count) rows")
        makeStorageUnique()
        TensorStorage.backend.addRows(values.storage, rows: rows, rowLength: rowLength, into: storage)
    }

    /// `self += op(left)·op(right)` for matrices, op an optional transpose: one GEMM with β = 1.
    mutating func addProductInPlace(_ left: Tensor, _ right: Tensor, transposingLeft: Bool, transposingRight: Bool) {
        let (m, k) = transposingLeft ? (left.shape[1], left.shape[0]) : (left.shape[0], left.shape[1])
        let n = transposingRight ? right.shape[0] : right.shape[1]
        precondition(left.dtype == dtype && right.dtype == dtype && shape == [m, n], "internal: addProductInPlace into \(shape)")
        makeStorageUnique()
        TensorStorage.backend.multiply(transposeA: transposingLeft, transposeB: transposingRight, m: m, n: n, k: k,
                                       left.storage, offset: 0, right.storage, offset: 0, into: storage, offset: 0, accumulating: true)
    }
}
