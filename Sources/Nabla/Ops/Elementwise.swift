/// The plumbing shared by elementwise operations: running a kernel for the tensor's element type over
/// broadcast shapes, and summing a gradient back to the shape of a broadcast input.
extension Tensor {
    /// `op(a, b)` elementwise with NumPy broadcasting, not recorded for autograd. Inlined into each
    /// operator, so that `op` and its name are constants there.
    @inline(__always)
    static func applyBinary(_ op: BinaryOperation, _ a: Tensor, _ b: Tensor) -> Tensor {
        require(a.dtype == b.dtype,
                "\(op.rawValue): element types \(a.dtype) and \(b.dtype) differ; convert one with converted(to:)")
        a.dtype.requireFloatingPoint(op.rawValue)
        let shape = Shape.broadcast(a.shape, b.shape, operation: op.rawValue)
        let out = TensorStorage.backend.binary(op, a.storage, shape: a.shape, b.storage, shape: b.shape, resultShape: shape)
        return Tensor(storage: out, shape: shape)
    }

    /// `op(x)` elementwise, not recorded for autograd.
    static func applyUnary(_ op: UnaryOperation, _ x: Tensor) -> Tensor {
        x.dtype.requireFloatingPoint(op.rawValue)
        return Tensor(storage: TensorStorage.backend.unary(op, x.storage), shape: x.shape)
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
