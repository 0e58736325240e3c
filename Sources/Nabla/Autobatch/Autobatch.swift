/// A scope in which per-example code is recorded instead of run, and then run in batches: the
/// operations that several examples do alike (same operation, same operand shapes, same shared
/// weights) become one operation on their stacked operands, as in DyNet's on-the-fly batching.
///
/// Write the computation for one example at a time, with `LazyTensor` values (a sentence of its own
/// length, a tree of its own shape); tensors passed to an operation directly (weights, biases, tables)
/// are shared by all examples. When a value is needed (the result of the scope, or `value()` inside it),
/// the pending nodes are grouped by `BatchSignature` and run group by group in the order chosen by the
/// `BatchingStrategy`; each group is ordinary Nabla operations on tensors with a leading batch axis, so
/// `backward()` on the result runs through the batched graph, and a shared weight receives one gradient
/// product per group.
///
/// ```swift
/// let loss = try Autobatch.run { _ in
///     let losses = try sentences.map { sentence in
///         var hidden = LazyTensor.zeros([16])
///         for word in sentence.words {
///             let x = try LazyTensor.embedding(table, index: word)
///             hidden = (x.linear(weight: inputWeight, bias: bias) + hidden.linear(weight: recurrentWeight, bias: nil)).tanh()
///         }
///         return try hidden.linear(weight: outputWeight, bias: nil).crossEntropy(label: sentence.label)
///     }
///     return LazyTensor.total(losses)
/// }
/// try loss.backward()
/// ```
///
/// The batched set: embedding lookups of a shared table, `linear` with a shared weight (one matrix
/// product per group), elementwise `+`, `-`, `*` between examples' values or with a shared tensor (with
/// broadcasting), `tanh`, `sigmoid`, `relu`, concatenation, slices, sums, cross-entropy against a
/// label, LSTM cell steps and totals. Computations outside it (`LazyTensor.applying`) run for each
/// example on its own. Results equal those of running the same code eagerly on `Tensor` (see
/// `AutobatchValue`) up to floating-point rounding.
///
/// A scope belongs to one thread at a time.
public final class Autobatch: @unchecked Sendable {
    /// How groups are ordered.
    public let strategy: BatchingStrategy
    /// What was recorded and run so far.
    public internal(set) var statistics = AutobatchStatistics()

    /// The recorded nodes, in the order they were recorded (a topological order).
    var nodes: [RecordedNode] = []
    /// The values the nodes produce (one per output), with their shapes and, once run, where they are.
    var slots: [ValueSlot] = []
    /// The results of the groups run so far, each with the batch on its first axis.
    var batches: [Tensor] = []
    /// Signatures seen so far, numbered in order of appearance.
    var signatureNumbers: [BatchSignature: Int] = [:]
    /// Nodes before this one have all been run.
    var firstPending = 0

    /// The scope that `LazyTensor`'s leaf constructors (`embedding`, `zeros`, `input`) record into.
    @TaskLocal static var current: Autobatch?

    /// An empty scope that will batch with `strategy`.
    public init(strategy: BatchingStrategy = .agenda) {
        self.strategy = strategy
    }

    /// Records the per-example code in `body` and returns the value of the lazy tensor it returns, computed
    /// with batching: an ordinary tensor, part of the computation graph of the parameters it used.
    ///
    /// - Throws: what `body` throws, and `AutobatchError` when an unbatched computation breaks its promise.
    public static func run(strategy: BatchingStrategy = .agenda, _ body: (Autobatch) throws -> LazyTensor) throws -> Tensor {
        try Autobatch(strategy: strategy).evaluate(body)
    }

    /// `run` on this scope, so that `statistics` can be read afterwards. Lazy tensors recorded in an
    /// earlier call stay usable.
    public func evaluate(_ body: (Autobatch) throws -> LazyTensor) throws -> Tensor {
        let result = try Autobatch.$current.withValue(self) { try body(self) }
        require(result.graph === self, "Autobatch.evaluate: the result was recorded in another Autobatch scope")
        return try result.value()
    }

    /// Records a node and returns its outputs. `operands` are per-example values of this scope, `shared`
    /// the tensors all examples use, `index` per-example integer data (a label, a table row).
    func record(_ operation: BatchedOperation, operands: [LazyTensor] = [], shared: [Tensor] = [], index: Int = 0,
                outputShapes: [[Int]], dtype: DType, body: ((Tensor) throws -> Tensor)? = nil) -> [LazyTensor] {
        var depth = 0
        for operand in operands {
            require(operand.graph === self, "Autobatch: a lazy tensor of another Autobatch scope was used in \(operation)")
            depth = Swift.max(depth, nodes[slots[operand.slot].node].depth + 1)
        }
        let signature = BatchSignature(
            operation: operation, operandShapes: operands.map(\.shape), operandTypes: operands.map(\.dtype),
            sharedTensors: shared.map(SharedTensorIdentity.init))
        let number: Int
        if let known = signatureNumbers[signature] {
            number = known
        } else {
            number = signatureNumbers.count
            signatureNumbers[signature] = number
        }
        let node = nodes.count
        nodes.append(RecordedNode(operation: operation, operands: operands.map(\.slot), shared: shared, index: index,
                                  firstSlot: slots.count, depth: depth, signature: number, body: body))
        return outputShapes.map { shape in
            slots.append(ValueSlot(node: node, shape: shape, dtype: dtype))
            return LazyTensor(graph: self, slot: slots.count - 1)
        }
    }

    /// Records a per-example tensor given by the user: its value is known at once.
    func recordInput(_ tensor: Tensor) -> LazyTensor {
        let value = record(.input, outputShapes: [tensor.shape], dtype: tensor.dtype)[0]
        slots[value.slot].value = .tensor(tensor)
        if firstPending == nodes.count - 1 { firstPending = nodes.count }
        return value
    }

    /// Runs every pending node up to and including `node`.
    func evaluate(through node: Int) throws {
        guard node >= firstPending else { return }
        let pending = (firstPending...node).filter { nodes[$0].operation != .input }
        firstPending = node + 1
        guard !pending.isEmpty else { return }
        statistics.nodes += pending.count
        switch strategy {
        case .agenda: try runByAgenda(pending)
        case .depth: try runByDepth(pending)
        }
    }

    /// The value of `slot` for its own example, without the batch axis (a slice of its group's result).
    func tensor(of slot: Int) -> Tensor {
        switch slots[slot].value! {
        case .tensor(let tensor): return tensor
        case .row(let batch, let row): return batches[batch].sliced(alongAxis: 0, row..<row + 1).reshaped(slots[slot].shape)
        }
    }
}

/// A node recorded in an `Autobatch` scope.
struct RecordedNode {
    let operation: BatchedOperation
    /// The slots of the per-example operands.
    let operands: [Int]
    /// The tensors shared by all examples.
    let shared: [Tensor]
    /// Per-example integer data: a label or a table row.
    let index: Int
    /// The slot of the first output; further outputs follow.
    let firstSlot: Int
    /// The length of the longest path from a leaf to this node.
    let depth: Int
    /// The number of its `BatchSignature`.
    let signature: Int
    /// The computation of an unbatched node.
    let body: ((Tensor) throws -> Tensor)?
}

/// One value produced by a node: its per-example shape and, once run, where to find it.
struct ValueSlot {
    let node: Int
    let shape: [Int]
    let dtype: DType
    var value: SlotValue? = nil
}

/// Where a computed value is: a row of a group's batched result, or a tensor of its own.
enum SlotValue {
    case row(batch: Int, row: Int)
    case tensor(Tensor)
}
