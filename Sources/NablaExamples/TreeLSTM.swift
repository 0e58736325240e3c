import Nabla

/// A binary Tree-LSTM (Tai, Socher and Manning's N-ary Tree-LSTM) classifying `ArithmeticTrees` by
/// their value: each node has h and c; a leaf reads its digit, an inner node its operator and both
/// children's states, with a forget gate per child:
///
///     leaf:  i, o, u = σ, σ, tanh of W_leaf x + b_leaf;                       c = i ⊙ u
///     inner: i, f_l, f_r, o, u = σ, σ, σ, σ, tanh of W [x; h_l; h_r] + b;    c = i ⊙ u + f_l ⊙ c_l + f_r ⊙ c_r
///     both:  h = o ⊙ tanh(c)
///
/// and the root's h is scored by a linear layer. The loss is written per tree (`loss(of:as:)`), for
/// eager or autobatched runs; `levelBatchedLoss(of:)` batches by hand, level by level of height.
public final class TreeLSTM: Module {
    /// Symbol vectors (digits and operators).
    public let embedding: Embedding
    /// W_leaf, b_leaf: the gates i, o, u of a leaf from its symbol.
    public let leaf: Linear
    /// W, b: the gates i, f_l, f_r, o, u of an inner node from [x; h_l; h_r].
    public let inner: Linear
    /// The root's h → label scores.
    public let output: Linear
    /// The size of h and c.
    public let hiddenSize: Int

    /// A Tree-LSTM over `ArithmeticTrees`' symbols and labels.
    public init(embeddingSize: Int = 64, hiddenSize: Int = 128, dtype: DType = .float32) {
        self.hiddenSize = hiddenSize
        embedding = Embedding(ArithmeticTrees.symbolCount, embeddingSize, dtype: dtype)
        leaf = Linear(embeddingSize, 3 * hiddenSize, dtype: dtype)
        inner = Linear(embeddingSize + 2 * hiddenSize, 5 * hiddenSize, dtype: dtype)
        output = Linear(hiddenSize, ArithmeticTrees.labelCount, dtype: dtype)
        super.init()
    }

    /// The cross-entropy of one tree's label, computed node by node.
    public func loss<Value: AutobatchValue>(of tree: ArithmeticTrees.Tree, as _: Value.Type) throws -> Value {
        try rootState(of: tree, as: Value.self).linear(weight: output.weight, bias: output.bias).crossEntropy(label: tree.label)
    }

    /// The root's h.
    func rootState<Value: AutobatchValue>(of tree: ArithmeticTrees.Tree, as _: Value.Type) throws -> Value {
        let size = hiddenSize
        func gate(_ gates: Value, _ k: Int) -> Value { gates.sliced(k * size..<(k + 1) * size) }
        var states: [(hidden: Value, cell: Value)] = []
        for node in tree.nodes {
            let cell: Value, outputGate: Value
            switch node {
            case .digit(let digit):
                let gates = try Value.embedding(embedding.weight, index: digit).linear(weight: leaf.weight, bias: leaf.bias)
                cell = gate(gates, 0).sigmoid() * gate(gates, 2).tanh()
                outputGate = gate(gates, 1).sigmoid()
            case .operation(let operation, let left, let right):
                let symbol = try Value.embedding(embedding.weight, index: 10 + operation.rawValue)
                let gates = Value.concatenated([symbol, states[left].hidden, states[right].hidden]).linear(weight: inner.weight, bias: inner.bias)
                cell = gate(gates, 0).sigmoid() * gate(gates, 4).tanh()
                    + gate(gates, 1).sigmoid() * states[left].cell + gate(gates, 2).sigmoid() * states[right].cell
                outputGate = gate(gates, 3).sigmoid()
            }
            states.append((outputGate * cell.tanh(), cell))
        }
        return states[states.count - 1].hidden
    }

    /// The summed loss of `trees` batched by hand: all nodes of one height (leaves 0, a parent one above
    /// its higher child) across all trees are computed together, their children's states gathered by
    /// row from the levels below. Equals the sum of `loss(of:as:)` up to rounding.
    public func levelBatchedLoss(of trees: [ArithmeticTrees.Tree]) throws -> Tensor {
        precondition(!trees.isEmpty, "TreeLSTM.levelBatchedLoss: needs at least one tree")
        // Height of every node, and each level's nodes as (tree, node).
        var heights = trees.map { [Int](repeating: 0, count: $0.nodes.count) }
        var levels: [[(tree: Int, node: Int)]] = []
        for (t, tree) in trees.enumerated() {
            for (k, node) in tree.nodes.enumerated() {
                if case .operation(_, let left, let right) = node { heights[t][k] = 1 + Swift.max(heights[t][left], heights[t][right]) }
                if levels.count <= heights[t][k] { levels.append([]) }
                levels[heights[t][k]].append((t, k))
            }
        }
        // Row of each node in the states computed so far (the levels concatenated in order).
        var rows = trees.map { [Int](repeating: 0, count: $0.nodes.count) }
        var hidden: Tensor?, cell: Tensor?
        let size = hiddenSize
        func gate(_ gates: Tensor, _ k: Int) -> Tensor { gates.sliced(alongAxis: 1, k * size..<(k + 1) * size) }
        for (height, level) in levels.enumerated() {
            let newCell: Tensor, outputGate: Tensor
            if height == 0 {
                let digits = level.map { entry -> Int in
                    guard case .digit(let digit) = trees[entry.tree].nodes[entry.node] else { preconditionFailure("a leaf above height 0") }
                    return digit
                }
                let gates = leaf(try embedding.weight.indexSelect(alongAxis: 0, indices: digits))
                newCell = gate(gates, 0).sigmoid() * gate(gates, 2).tanh()
                outputGate = gate(gates, 1).sigmoid()
            } else {
                var symbols: [Int] = [], lefts: [Int] = [], rights: [Int] = []
                for entry in level {
                    guard case .operation(let operation, let left, let right) = trees[entry.tree].nodes[entry.node] else {
                        preconditionFailure("a digit above height 0")
                    }
                    symbols.append(10 + operation.rawValue)
                    lefts.append(rows[entry.tree][left])
                    rights.append(rows[entry.tree][right])
                }
                let below = (hidden: hidden!, cell: cell!)
                let gates = inner(Tensor.concatenate([try embedding.weight.indexSelect(alongAxis: 0, indices: symbols),
                                                      try below.hidden.indexSelect(alongAxis: 0, indices: lefts),
                                                      try below.hidden.indexSelect(alongAxis: 0, indices: rights)], alongAxis: 1))
                newCell = gate(gates, 0).sigmoid() * gate(gates, 4).tanh()
                    + gate(gates, 1).sigmoid() * (try below.cell.indexSelect(alongAxis: 0, indices: lefts))
                    + gate(gates, 2).sigmoid() * (try below.cell.indexSelect(alongAxis: 0, indices: rights))
                outputGate = gate(gates, 3).sigmoid()
            }
            let newHidden = outputGate * newCell.tanh()
            let first = hidden?.shape[0] ?? 0
            for (offset, entry) in level.enumerated() { rows[entry.tree][entry.node] = first + offset }
            hidden = hidden.map { Tensor.concatenate([$0, newHidden]) } ?? newHidden
            cell = cell.map { Tensor.concatenate([$0, newCell]) } ?? newCell
        }
        let roots = try hidden!.indexSelect(alongAxis: 0, indices: trees.indices.map { rows[$0][trees[$0].nodes.count - 1] })
        return try Tensor.crossEntropy(logits: output(roots), labels: Tensor(indices: trees.map(\.label)), reduction: .sum)
    }
}
