/// What a node recorded inside an `Autobatch` scope computes for its one example, with the attributes
/// that must agree for two nodes to run as one batched operation.
///
/// Per-example data that may differ inside a batch (a label, a row of an embedding table) is not part of
/// it: the node keeps that as its `index`. Shapes of the per-example operands and the identity of the
/// shared tensors complete a node's `BatchSignature`.
enum BatchedOperation: Hashable {
    /// A per-example tensor given by the user (`LazyTensor.input`, `LazyTensor.zeros`): no computation.
    case input
    /// Row `index` of a shared table (an embedding lookup).
    case embedding
    /// x·Wᵀ (+ b) with a shared weight W (and bias b) on the last axis of x.
    case linear(hasBias: Bool)
    /// Elementwise a + b, a - b, a ⊙ b of two per-example values, with broadcasting.
    case add, subtract, multiply
    /// Elementwise x + t and x ⊙ t with a tensor t shared by all examples, with broadcasting.
    case addShared, multiplyShared
    /// Elementwise activations.
    case tanh, sigmoid, relu
    /// Per-example values joined along their first axis.
    case concatenate
    /// The elements `range` of the first axis.
    case slice(range: Range<Int>)
    /// The sum of all elements (a scalar per example).
    case sum
    /// −ln softmax(z)[index] for logits z of one example.
    case crossEntropy
    /// One LSTM step (the cell of `Tensor.lstm`) with a shared recurrent weight; two outputs, h and c.
    case lstmCell
    /// The sum of several values of one shape (the loss of a minibatch).
    case total
    /// A computation outside this set, run for each example on its own.
    case unbatched(name: String, node: Int)

    /// How many values the node produces.
    var outputCount: Int { self == .lstmCell ? 2 : 1 }

    /// The name shown in messages: the operation's, or the name given to an unbatched computation.
    var name: String {
        if case .unbatched(let name, _) = self { return name }
        return "\(self)"
    }

    /// Whether nodes of this kind may share a batch (an unbatched computation runs alone).
    var isBatchable: Bool {
        if case .unbatched = self { return false }
        return true
    }
}
