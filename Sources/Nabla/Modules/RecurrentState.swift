/// The state of a recurrent layer between steps or calls: for each stacked layer, bottom first, its
/// hidden state h `[N, H]`, and for an LSTM its cell state c `[N, H]`.
///
/// ```swift
/// let lstm = LSTM(inputSize: 8, hiddenSize: 16, layers: 2)
/// let (_, state) = lstm.run(firstHalf, initialState: nil, lengths: nil)
/// let (output, _) = lstm.run(secondHalf, initialState: state.detached(), lengths: nil)
/// ```
public struct RecurrentState {
    /// h of every stacked layer, each `[N, H]`.
    public var hidden: [Tensor]
    /// c of every stacked layer for an LSTM, each `[N, H]`; empty for RNN and GRU.
    public var cell: [Tensor]

    /// A state from its per-layer tensors (`cell` empty for layers without a cell state).
    public init(hidden: [Tensor], cell: [Tensor] = []) {
        self.hidden = hidden
        self.cell = cell
    }

    /// The same values cut off from the graph that computed them: backpropagation through a later
    /// call stops here (what truncated BPTT carries from one block to the next).
    public func detached() -> RecurrentState {
        RecurrentState(hidden: hidden.map { $0.detached() }, cell: cell.map { $0.detached() })
    }

    /// All zeros for `layerCount` layers of `hiddenSize` units and `batchSize` sequences.
    static func zeros(layerCount: Int, batchSize: Int, hiddenSize: Int, hasCell: Bool, dtype: DType) -> RecurrentState {
        let zero = Tensor.zeros([batchSize, hiddenSize], dtype: dtype)
        return RecurrentState(hidden: Array(repeating: zero, count: layerCount), cell: hasCell ? Array(repeating: zero, count: layerCount) : [])
    }
}
