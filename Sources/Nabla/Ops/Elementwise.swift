/// The plumbing shared by elementwise operations: running a kernel for the tensor's element type over
/// broadcast shapes, and summing a gradient back to the shape of a broadcast input.
extension Tensor {
    /// `op(a, b)` elementwise with NumPy broadcasting, not recorded for autograd.
    static func applyBinary(_ op: BinaryOperation, _ a: Tensor, _ b: Tensor) -> Tensor {
        require(a.dtype == b.dtype,
                "\(op.rawValue): element types \(a.dtype) and \(b.dtype) differ; convert one with converted(to:)")
        let shape = Shape.broadcast(a.shape, b.shape, operation: op.rawValue)
        let out = TensorStorage(dtype: a.dtype, count: Shape.count(shape))
        switch a.dtype {
        case .float32: broadcastLoop(op, a, b, shape, out.pointer(as: Float.self))
        case .float64: broadcastLoop(op, a, b, shape, out.pointer(as: Double.self))
        }
        return Tensor(storage: out, shape: shape)
    }

    private static func broadcastLoop<T: TensorScalar>(
        _ op: BinaryOperation, _ a: Tensor, _ b: Tensor, _ shape: [Int], _ out: UnsafeMutablePointer<T>
    ) {
        let x = a.storage.pointer(as: T.self), y = b.storage.pointer(as: T.self)
        let count = Shape.count(shape)
        if a.shape == b.shape { return ElementwiseKernels.binary(op, x, 1, y, 1, out, count) }
        if a.count == 1 && b.count == count { return ElementwiseKernels.binary(op, x, 0, y, 1, out, count) }
        if b.count == 1 && a.count == count { return ElementwiseKernels.binary(op, x, 1, y, 0, out, count) }
        // General case: walk the output row by row (last dimension), with per-input strides (0 where broadcast).
        let aStrides = Shape.broadcastStrides(a.shape, to: shape), bStrides = Shape.broadcastStrides(b.shape, to: shape)
        let rank = shape.count, inner = shape[rank - 1]
        if count == 0 { return }
        var written = 0
        StridedWalk.forEachRow(shape: shape, strides: [aStrides, bStrides], start: [0, 0]) { offsets in
            ElementwiseKernels.binary(op, x + offsets[0], aStrides[rank - 1], y + offsets[1], bStrides[rank - 1], out + written, inner)
            written += inner
        }
    }

    /// `op(x)` elementwise, not recorded for autograd.
    static func applyUnary(_ op: UnaryOperation, _ x: Tensor) -> Tensor {
        let out = TensorStorage(dtype: x.dtype, count: x.count)
        switch x.dtype {
        case .float32: ElementwiseKernels.unary(op, x.storage.pointer(as: Float.self), out.pointer(as: Float.self), x.count)
        case .float64: ElementwiseKernels.unary(op, x.storage.pointer(as: Double.self), out.pointer(as: Double.self), x.count)
        }
        return Tensor(storage: out, shape: x.shape)
    }

    /// Sums `gradient` (of a broadcast result) back to `shape`, the shape of the input that was broadcast:
    /// over leading dimensions the input lacked and over dimensions where it had size 1.
    static func unbroadcast(_ gradient: Tensor, to shape: [Int]) -> Tensor {
        if gradient.shape == shape { return gradient }
        let extra = gradient.rank - shape.count
        var axes = Array(0..<extra)
        for (axis, size) in shape.enumerated() where size == 1 && gradient.shape[axis + extra] != 1 {
            axes.append(axis + extra)
        }
        return gradient.sum(alongAxes: axes).reshaped(shape)
    }

    /// A one-element tensor of `value` with this tensor's element type (for scalar operands).
    func scalarLike(_ value: Double) -> Tensor { Tensor(value, dtype: dtype) }
}
