/// The key under which nodes of an `Autobatch` graph run together: two nodes with equal signatures do the
/// same computation on operands of the same shapes with the same shared tensors, so that stacking their
/// per-example operands along a new first axis and running the operation once gives both results.
struct BatchSignature: Hashable {
    /// The operation with its attributes.
    let operation: BatchedOperation
    /// Shape and element type of each per-example operand, in order.
    let operandShapes: [[Int]]
    let operandTypes: [DType]
    /// Which tensors are shared by all examples (a weight, a bias, a table), in order.
    let sharedTensors: [SharedTensorIdentity]
}

/// The identity of a tensor used by all examples: its storage, its shape and its place in the computation
/// graph, so that two parameters never share a batch, a gradient reaches the very leaf the user passed,
/// and a reshaped view of a constant (same storage, no graph node) is not taken for the constant itself.
struct SharedTensorIdentity: Hashable {
    let storage: ObjectIdentifier
    let shape: [Int]
    let node: ObjectIdentifier?
    let output: Int

    init(_ tensor: Tensor) {
        storage = ObjectIdentifier(tensor.storage)
        shape = tensor.shape
        node = tensor.node.map(ObjectIdentifier.init)
        output = tensor.outputIndex
    }
}
