/// A per-example value recorded in an `Autobatch` scope: the operations on it are noted, not run, until
/// a value is needed. Tensors passed to its operations (weights, biases, tables) are shared by all
/// examples; lazy tensors are the examples' own values.
///
/// Shapes are per example, without a batch axis: a word vector is `[d]`, a loss `[]`. The operations
/// mirror `Tensor`'s (see `AutobatchValue`), so that the same per-example code runs eagerly on tensors
/// and batched on lazy tensors.
///
/// ```swift
/// let loss = try Autobatch.run { _ in
///     let x = try LazyTensor.embedding(table, index: 3)
///     return try x.linear(weight: w, bias: b).tanh().linear(weight: v, bias: nil).crossEntropy(label: 1)
/// }
/// ```
public struct LazyTensor {
    /// The scope that recorded this value.
    let graph: Autobatch
    /// Which value of the scope this is.
    let slot: Int

    /// The per-example shape.
    public var shape: [Int] { graph.slots[slot].shape }
    /// The element type.
    public var dtype: DType { graph.slots[slot].dtype }

    /// The value for this example, computed now with everything recorded before it, in batches (DyNet's
    /// `value()`): a tensor that is part of the computation graph.
    /// - Throws: `AutobatchError` when an unbatched computation returns another shape than it declared.
    public func value() throws -> Tensor {
        try graph.evaluate(through: graph.slots[slot].node)
        return graph.tensor(of: slot)
    }

    /// The scope leaf constructors record into; stops with a message outside `Autobatch.run`.
    private static func currentScope(_ operation: String) -> Autobatch {
        let scope = Autobatch.current
        require(scope != nil, "LazyTensor.\(operation): there is no Autobatch scope; call it inside Autobatch.run { ... }")
        return scope!
    }

    private func recorded(_ operation: BatchedOperation, with others: [LazyTensor] = [], shared: [Tensor] = [], index: Int = 0,
                          shape: [Int], dtype: DType? = nil) -> LazyTensor {
        graph.record(operation, operands: [self] + others, shared: shared, index: index, outputShapes: [shape], dtype: dtype ?? self.dtype)[0]
    }

    // MARK: Leaves

    /// A per-example tensor (an input feature vector) as a lazy tensor of the current scope.
    public static func input(_ tensor: Tensor) -> LazyTensor {
        currentScope("input").recordInput(tensor)
    }

    /// Zeros of `shape` (an initial recurrent state).
    public static func zeros(_ shape: [Int], dtype: DType = .float32) -> LazyTensor {
        currentScope("zeros").recordInput(Tensor.zeros(shape, dtype: dtype))
    }

    /// Row `index` of a shared `table` (an embedding lookup); lookups of one table run as one `indexSelect`.
    /// - Throws: `TensorValueError` when `index` is outside the table's rows.
    public static func embedding(_ table: Tensor, index: Int) throws -> LazyTensor {
        require(table.rank >= 1, "LazyTensor.embedding: the table needs at least one axis, got shape \(table.shape)")
        guard (0..<table.shape[0]).contains(index) else {
            throw TensorValueError(operation: "LazyTensor.embedding", message: "index \(index) is out of range 0..<\(table.shape[0]) for a table of shape \(table.shape)")
        }
        let scope = currentScope("embedding")
        return scope.record(.embedding, shared: [table], index: index, outputShapes: [Array(table.shape.dropFirst())], dtype: table.dtype)[0]
    }

    // MARK: Arithmetic

    /// Elementwise sum of two per-example values, with broadcasting.
    public static func + (a: LazyTensor, b: LazyTensor) -> LazyTensor { a.elementwise(.add, b) }
    /// Elementwise difference, with broadcasting.
    public static func - (a: LazyTensor, b: LazyTensor) -> LazyTensor { a.elementwise(.subtract, b) }
    /// Elementwise product, with broadcasting.
    public static func * (a: LazyTensor, b: LazyTensor) -> LazyTensor { a.elementwise(.multiply, b) }
    /// Adds a tensor shared by all examples (a bias), with broadcasting.
    public static func + (a: LazyTensor, b: Tensor) -> LazyTensor { a.shared(.addShared, b) }
    /// Multiplies by a tensor shared by all examples, with broadcasting.
    public static func * (a: LazyTensor, b: Tensor) -> LazyTensor { a.shared(.multiplyShared, b) }

    private func elementwise(_ operation: BatchedOperation, _ other: LazyTensor) -> LazyTensor {
        require(dtype == other.dtype, "LazyTensor \(operation): element types \(dtype) and \(other.dtype) differ")
        return recorded(operation, with: [other], shape: Shape.broadcast(shape, other.shape, operation: "LazyTensor \(operation)"))
    }

    private func shared(_ operation: BatchedOperation, _ tensor: Tensor) -> LazyTensor {
        require(dtype == tensor.dtype, "LazyTensor \(operation): element types \(dtype) and \(tensor.dtype) differ")
        return recorded(operation, shared: [tensor], shape: Shape.broadcast(shape, tensor.shape, operation: "LazyTensor \(operation)"))
    }

    // MARK: Layers and activations

    /// x·Wᵀ + b on the last axis, with a shared `weight` `[out, in]` and `bias` `[out]` (as `Linear`): one
    /// matrix product per group for all its examples.
    public func linear(weight: Tensor, bias: Tensor?) -> LazyTensor {
        LazyTensor.requireLinear(shape: shape, dtype: dtype, weight: weight, bias: bias)
        return recorded(.linear(hasBias: bias != nil), shared: [weight] + (bias.map { [$0] } ?? []), shape: shape.dropLast() + [weight.shape[0]])
    }

    /// Stops with a message unless `weight` `[out, in]` and `bias` `[out]` fit an input of `shape`.
    static func requireLinear(shape: [Int], dtype: DType, weight: Tensor, bias: Tensor?) {
        require(weight.rank == 2 && shape.last == weight.shape[1],
                "linear: a weight of shape \(weight.shape) does not fit an input of shape \(shape); expected [out, \(shape.last.map(String.init) ?? "in")]")
        require(bias.map { $0.shape == [weight.shape[0]] } ?? true,
                "linear: a bias of shape \(bias?.shape ?? []) does not fit a weight of shape \(weight.shape); expected [\(weight.shape[0])]")
        require(weight.dtype == dtype && (bias?.dtype ?? dtype) == dtype,
                "linear: the input holds \(dtype), the weight \(weight.dtype)\(bias.map { " and the bias \($0.dtype)" } ?? "")")
    }

    /// tanh, elementwise.
    public func tanh() -> LazyTensor { recorded(.tanh, shape: shape) }
    /// σ(x) = 1 / (1 + e⁻ˣ), elementwise.
    public func sigmoid() -> LazyTensor { recorded(.sigmoid, shape: shape) }
    /// max(0, x), elementwise.
    public func relu() -> LazyTensor { recorded(.relu, shape: shape) }

    // MARK: Joining, slicing, reducing

    /// The values joined along their first axis (their other axes must agree).
    public static func concatenated(_ values: [LazyTensor]) -> LazyTensor {
        require(!values.isEmpty, "LazyTensor.concatenated: needs at least one value")
        let first = values[0]
        for value in values {
            require(value.rank >= 1 && value.shape.dropFirst() == first.shape.dropFirst() && value.dtype == first.dtype,
                    "LazyTensor.concatenated: values of shapes \(values.map(\.shape)) and types \(values.map(\.dtype)) cannot be joined along their first axis")
        }
        let length = values.reduce(0) { $0 + $1.shape[0] }
        return first.recorded(.concatenate, with: Array(values.dropFirst()), shape: [length] + first.shape.dropFirst())
    }

    /// The elements `range` of the first axis.
    public func sliced(_ range: Range<Int>) -> LazyTensor {
        require(rank >= 1 && range.lowerBound >= 0 && range.upperBound <= shape[0],
                "LazyTensor.sliced: range \(range) does not fit the first axis of shape \(shape)")
        return recorded(.slice(range: range), shape: [range.count] + shape.dropFirst())
    }

    /// The sum of all elements (a scalar).
    public func sum() -> LazyTensor { recorded(.sum, shape: []) }

    /// The sum of `values`, all of one shape (the loss of a minibatch from its examples' losses).
    public static func total(_ values: [LazyTensor]) -> LazyTensor {
        require(!values.isEmpty, "LazyTensor.total: needs at least one value")
        for value in values {
            require(value.shape == values[0].shape && value.dtype == values[0].dtype,
                    "LazyTensor.total: values of shapes \(values[0].shape) (\(values[0].dtype)) and \(value.shape) (\(value.dtype)) cannot be added")
        }
        return values[0].recorded(.total, with: Array(values.dropFirst()), shape: values[0].shape)
    }

    /// −ln softmax(z)[label] for the logits z `[k]` of this example (a scalar).
    /// - Throws: `TensorValueError` when `label` is outside `0..<k`.
    public func crossEntropy(label: Int) throws -> LazyTensor {
        require(rank == 1, "LazyTensor.crossEntropy: expects logits of shape [classes], got \(shape)")
        guard (0..<shape[0]).contains(label) else {
            throw TensorValueError(operation: "LazyTensor.crossEntropy", message: "label \(label) is out of range 0..<\(shape[0])")
        }
        return recorded(.crossEntropy, index: label, shape: [])
    }

    // MARK: Recurrent cells

    /// One step of an LSTM cell (as `Tensor.lstm` with one step), from the input part U x + b of the gates
    /// `[4H]` (blocks i, f, c̃, o), the previous h and c `[H]` and a shared `recurrentWeight` `[4H, H]`.
    /// Steps of one weight run as one `Tensor.lstm` call over all examples.
    public static func lstmCell(projectedInput: LazyTensor, hidden: LazyTensor, cell: LazyTensor,
                                recurrentWeight: Tensor) throws -> (hidden: LazyTensor, cell: LazyTensor) {
        try requireLSTMCell(projectedInput: projectedInput.shape, hidden: hidden.shape, cell: cell.shape, recurrentWeight: recurrentWeight.shape)
        let outputs = projectedInput.graph.record(.lstmCell, operands: [projectedInput, hidden, cell], shared: [recurrentWeight],
                                                  outputShapes: [hidden.shape, hidden.shape], dtype: projectedInput.dtype)
        return (outputs[0], outputs[1])
    }

    /// Throws unless the shapes fit one LSTM step of hidden size H.
    static func requireLSTMCell(projectedInput: [Int], hidden: [Int], cell: [Int], recurrentWeight: [Int]) throws {
        guard hidden.count == 1, cell == hidden, projectedInput == [4 * hidden[0]], recurrentWeight == [4 * hidden[0], hidden[0]] else {
            throw TensorValueError(operation: "lstmCell", message: "projectedInput \(projectedInput), hidden \(hidden), cell \(cell) and recurrentWeight \(recurrentWeight) do not fit; expected [4H], [H], [H] and [4H, H]")
        }
    }

    // MARK: Outside the batched set

    /// `body` applied to this example's value on its own, never batched: any computation outside the
    /// batched set. It must return a tensor of `resultShape` (this value's shape unless given) and of this
    /// value's element type.
    public func applying(_ name: String, resultShape: [Int]? = nil, _ body: @escaping (Tensor) throws -> Tensor) -> LazyTensor {
        graph.record(.unbatched(name: name, node: graph.nodes.count), operands: [self], outputShapes: [resultShape ?? shape],
                     dtype: dtype, body: body)[0]
    }

    /// The number of axes per example.
    public var rank: Int { shape.count }
}
