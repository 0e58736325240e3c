/// One vertex of the computation graph: the record an operation leaves behind so that `backward()`
/// can send gradients from its output back to its inputs.
///
/// Leaves (tensors the user marked with `requiresGrad`) keep their accumulated gradient in `grad`.
/// Interior nodes keep their inputs' nodes and a `backward` closure that maps the gradient of the
/// output, ∂L/∂y, to the gradients of the inputs, ∂L/∂xᵢ (`nil` where an input needs no gradient).
final class GradNode {
    /// The operation that produced the tensor ("add", "matmul", ...), or "leaf".
    let operation: String
    /// The nodes of the inputs, `nil` where an input needs no gradient. Emptied when the graph is released.
    var inputs: [GradNode?]
    /// Maps ∂L/∂output to ∂L/∂input for every input. Dropped when the graph is released.
    var backward: ((Tensor) -> [Tensor?])?
    /// Shape and element type of the tensor this node stands for (for checks and graph pictures).
    let shape: [Int]
    let dtype: DType
    /// For a leaf: the gradient accumulated over backward passes. For interior nodes: the gradient
    /// gathered during the current backward pass.
    var grad: Tensor?
    /// An optional name shown in graph pictures.
    var label: String?
    /// Set once `backward()` has freed this node's closure and inputs.
    var isReleased = false

    var isLeaf: Bool { operation == "leaf" }

    /// A leaf node for `tensor`.
    init(leafOf tensor: Tensor) {
        operation = "leaf"
        inputs = []
        shape = tensor.shape
        dtype = tensor.dtype
    }

    /// An interior node produced by `operation`.
    init(operation: String, inputs: [GradNode?], shape: [Int], dtype: DType, backward: @escaping (Tensor) -> [Tensor?]) {
        self.operation = operation
        self.inputs = inputs
        self.shape = shape
        self.dtype = dtype
        self.backward = backward
    }

    /// Frees the closure and the links to inputs iteratively, so that deep graphs (long RNN unrolls)
    /// do not overflow the stack when their last reference goes away.
    deinit {
        backward = nil
        var pending = inputs.compactMap { $0 }
        inputs = []
        while var node = pending.popLast() {
            // Only a node nobody else holds is about to be freed; unlink it first so its own deinit is flat.
            guard isKnownUniquelyReferenced(&node) else { continue }
            node.backward = nil
            pending.append(contentsOf: node.inputs.compactMap { $0 })
            node.inputs = []
        }
    }
}
