/// The in-place additions that gather gradients during `backward()`. They write into the tensor's
/// storage without copying it first: the engine calls them only on a gradient that nothing else holds.
extension Tensor {
    /// `self += other`, elementwise over equal shapes and element types.
    mutating func addInPlace(_ other: Tensor) {
        precondition(other.shape == shape && other.dtype == dtype, "internal: addInPlace of \(other.shape) into \(shape)")
        TensorStorage.backend.add(other.storage, into: storage)
    }

    /// Adds `block` (contiguous, row-major) at `offset + Σ indexᵢ·stridesᵢ` of this tensor's storage.
    mutating func addInPlace(_ block: Tensor, offset: Int, strides: [Int]) {
        precondition(block.dtype == dtype && block.rank == strides.count, "internal: addInPlace of a block \(block.shape) with strides \(strides)")
        TensorStorage.backend.scatter(block.storage, shape: block.shape, into: storage, offset: offset, strides: strides, accumulate: true)
    }

    /// Adds row r of `values` (rows of `rowLength` scalars) to row `rows[r]` of this tensor's storage.
    mutating func addRowsInPlace(_ values: Tensor, rows: [Int], rowLength: Int) {
        precondition(values.dtype == dtype && values.count == rows.count * rowLength, "internal: addRowsInPlace of \(values.shape) for \(rows.count) rows")
        TensorStorage.backend.addRows(values.storage, rows: rows, rowLength: rowLength, into: storage)
    }
}
