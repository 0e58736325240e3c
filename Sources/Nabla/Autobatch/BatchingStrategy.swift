/// How an `Autobatch` scope orders the groups it runs.
public enum BatchingStrategy: Sendable, CaseIterable {
    /// Nodes at the same depth (the longest path from a leaf) with equal signatures run together, depth by
    /// depth. Simple, but the same operation at different depths (the output layer at each word of a
    /// BiLSTM, whose depth depends on the position) runs in several groups.
    case depth
    /// An agenda of nodes whose operands are ready: each round runs all ready nodes of the signature with
    /// the lowest average depth over the whole pending graph, so that operations found at many depths wait
    /// until many of them are ready (DyNet's agenda-based batching).
    case agenda
}
