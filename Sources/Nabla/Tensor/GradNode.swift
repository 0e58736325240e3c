/// One vertex of the computation graph: the record an operation leaves behind so that `backward()`
/// can send gradients from its outputs back to its inputs.
///
/// A node stands for one run of one operation, which may have produced several tensors (`split`'s
/// pieces, a recurrent cell's h and c); each tensor knows its node and its output's position in it.
/// Leaves (tensors the user marked with `requiresGrad`) have one output and keep their accumulated
/// gradient. Interior nodes keep their inputs' edges and a backward function that maps the gradients
/// of the outputs, ∂L/∂yⱼ, to those of the inputs, ∂L/∂xᵢ (`nil` where an input needs none).
final class GradNode {
    /// What was computed.
    let operation: GraphOperation
    /// Where each input came from, `nil` where an input needs no gradient. Emptied when the graph is released.
    var inputs: [GradEdge?]
    /// The gradient rule. Dropped when the graph is released.
    var backward: BackwardFunction?
    /// Shape and element type of output 0 (for checks and graph pictures).
    let shape: [Int]
    let dtype: DType
    /// Outputs 1, 2, ... of a node with several results; `nil` for the usual single-output node, which
    /// then costs nothing for them.
    let otherOutputs: OtherOutputs?
    /// For a leaf: the gradient accumulated over backward passes. For interior nodes: the gradient of
    /// output 0 gathered during the current backward pass.
    var grad: Tensor?
    /// An optional name shown in graph pictures.
    var label: String?
    /// Set once `backward()` has freed this node's closure and inputs.
    var isReleased = false
    /// Whether the backward rule keeps no tensors, only shapes and positions (slices, pieces, reshapes,
    /// sums): such a node is not freed by `backward()`, so that the other results of a `split` can be
    /// sent back through it by a later `backward()`, as in PyTorch.
    let savesNoTensors: Bool

    /// Whether this is a leaf (`operation == .leaf`), kept as a flag: the backward pass asks it of every node.
    let isLeaf: Bool
    var outputCount: Int { 1 + (otherOutputs?.types.count ?? 0) }

    /// A leaf node for `tensor`.
    init(leafOf tensor: Tensor) {
        operation = .leaf
        isLeaf = true
        inputs = []
        shape = tensor.shape
        dtype = tensor.dtype
        otherOutputs = nil
        savesNoTensors = true
    }

    /// An interior node produced by `operation`, with one output of `shape` or several.
    init(operation: GraphOperation, inputs: [GradEdge?], shape: [Int], dtype: DType,
         otherOutputs: [(shape: [Int], dtype: DType)] = [], savesNoTensors: Bool = false, backward: BackwardFunction) {
        self.operation = operation
        isLeaf = false
        self.savesNoTensors = savesNoTensors
        self.inputs = inputs
        self.shape = shape
        self.dtype = dtype
        self.otherOutputs = otherOutputs.isEmpty ? nil : OtherOutputs(types: otherOutputs)
        self.backward = backward
    }

    /// Shape and element type of `output`.
    func outputType(_ output: Int) -> (shape: [Int], dtype: DType) {
        output == 0 ? (shape, dtype) : otherOutputs!.types[output - 1]
    }

    /// The gathered gradient of `output`.
    func gradient(of output: Int) -> Tensor? { output == 0 ? grad : otherOutputs!.grads[output - 1] }

    /// Gives `body` the slot of `output`'s gathered gradient to change in place.
    func modifyGradient<R>(of output: Int, _ body: (inout Tensor?) throws -> R) rethrows -> R {
        output == 0 ? try body(&grad) : try body(&otherOutputs!.grads[output - 1])
    }

    /// Sets the gathered gradient of `output`.
    func setGradient(_ gradient: Tensor?, of output: Int) {
        if output == 0 { grad = gradient } else { otherOutputs!.grads[output - 1] = gradient }
    }

    /// Frees the closure and the links to inputs iteratively, so that deep graphs (long RNN unrolls)
    /// do not overflow the stack when their last reference goes away.
    deinit {
        backward = nil
        // Inputs whose own inputs are gone (leaves, released nodes) free flat by themselves.
        guard !GradNode.isShallow(inputs) else { return }
        var pending = inputs
        inputs = []
        while !pending.isEmpty {
            guard var node = pending.removeLast()?.node else { continue }
            // Only a node nobody else holds is about to be freed; unlink it first so its own deinit is flat.
            guard isKnownUniquelyReferenced(&node) else { continue }
            node.backward = nil
            if !GradNode.isShallow(node.inputs) { pending.append(contentsOf: node.inputs) }
            node.inputs = []
        }
    }

    /// Whether none of `edges`' nodes has inputs of its own, so that freeing them recurses one level at most.
    private static func isShallow(_ edges: [GradEdge?]) -> Bool {
        edges.allSatisfy { $0?.node.inputs.isEmpty ?? true }
    }
}

/// Outputs 1, 2, ... of a node with several results: their shapes and element types, and the
/// gradients gathered for them during a backward pass.
final class OtherOutputs {
    let types: [(shape: [Int], dtype: DType)]
    var grads: [Tensor?]

    init(types: [(shape: [Int], dtype: DType)]) {
        self.types = types
        grads = Array(repeating: nil, count: types.count)
    }
}

/// An arrow of the graph: which output of which node a tensor is.
struct GradEdge {
    let node: GradNode
    let output: Int
}

/// How a node maps the gradients of its outputs to those of its inputs. One-output rules get cases of
/// their own, so that recording and running them needs no arrays of gradients.
enum BackwardFunction {
    /// One input, one output: ∂L/∂y ↦ ∂L/∂x.
    case unary((Tensor) -> Tensor)
    /// One output, any number of inputs: ∂L/∂y ↦ [∂L/∂xᵢ].
    case single((Tensor) -> [Tensor?])
    /// One output, any number of inputs, with gradients that may be sparse (a block, rows, a product).
    case singleSparse((Tensor) -> [InputGradient?])
    /// Any number of outputs (their gradients, `nil` where an output was not used) to any number of
    /// inputs, with gradients that may be sparse (a block or rows of the input).
    case general(([Tensor?]) -> [InputGradient?])
}

/// A contribution to the gradient of an input, as a backward rule returns it. Sparse contributions are
/// added in place into the input's accumulated gradient, so that taking T slices of a tensor costs
/// O(T · slice) in the backward pass, not O(T · tensor).
enum InputGradient {
    /// A gradient of the input's full shape.
    case dense(Tensor)
    /// Values that belong at `offset + Σ indexᵢ·stridesᵢ` of the input (row-major), zero elsewhere:
    /// the gradient of a slice.
    case block(Tensor, offset: Int, strides: [Int])
    /// Rows of `rowLength` scalars: row r of `values` belongs at row `rows[r]` of the input viewed as
    /// `[rowCount, rowLength]`, zero elsewhere; repeated rows add up. The gradient of an embedding lookup.
    case rows(Tensor, rows: [Int], rowLength: Int)
    /// The product op(left)·op(right) of two matrices, op an optional transpose: the weight gradient
    /// of a matrix product, multiplied straight into the input's accumulated gradient (GEMM with β = 1).
    case product(Tensor, Tensor, transposingLeft: Bool, transposingRight: Bool)
}
