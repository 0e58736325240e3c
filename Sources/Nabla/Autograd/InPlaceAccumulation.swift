/// The in-place additions that gather gradients during `backward()`. They write into the tensor's
/// storage without copying it first: the engine calls them only on a gradient that nothing else holds.
extension Tensor {
    /// `self += other`, elementwise over equal shapes and element types.
    mutating func addInPlace(_ other: Tensor) {
        precondition(other.shape == shape && other.dtype == dtype, "internal: addInPlace of \(other.shape) into \(shape)")
        switch dtype {
        case .float32: Tensor.addKernel(other.storage.pointer(as: Float.self), into: storage.pointer(as: Float.self), count)
        case .float64: Tensor.addKernel(other.storage.pointer(as: Double.self), into: storage.pointer(as: Double.self), count)
        }
    }

    /// Adds `block` (contiguous, row-major) at `offset + Σ indexᵢ·stridesᵢ` of this tensor's storage.
    mutating func addInPlace(_ block: Tensor, offset: Int, strides: [Int]) {
        precondition(block.dtype == dtype && block.rank == strides.count, "internal: addInPlace of a block \(block.shape) with strides \(strides)")
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
        switch dtype {
        case .float32:
            let source = values.storage.pointer(as: Float.self), target = storage.pointer(as: Float.self)
            for (r, row) in rows.enumerated() { Tensor.addKernel(source + r * rowLength, into: target + row * rowLength, rowLength) }
        case .float64:
            let source = values.storage.pointer(as: Double.self), target = storage.pointer(as: Double.self)
            for (r, row) in rows.enumerated() { Tensor.addKernel(source + r * rowLength, into: target + row * rowLength, rowLength) }
        }
    }

    @inline(__always)
    private static func addKernel<T: TensorScalar>(_ source: UnsafePointer<T>, into target: UnsafeMutablePointer<T>, _ count: Int) {
        ElementwiseKernels.binary(.add, target, 1, source, 1, target, count)
    }
}
