/// The options of a stacked recurrent layer besides its cells (`RNN`, `LSTM`, `GRU`).
public struct RecurrentLayerOptions: Sendable, Equatable {
    /// Whether `forward` returns the outputs of all steps `[N, T, H]` or only the last `[N, H]`.
    public let returnSequences: Bool
    /// Whether the layer keeps its final state and starts its next call from it.
    public let stateful: Bool
    /// The probability of dropping an input element of each stacked layer in training mode.
    public let dropout: Double
    /// The probability of dropping a unit of h_{t-1} in training mode, one mask per sequence and layer.
    public let recurrentDropout: Double

    /// The options of layer `name` (for messages); both probabilities must lie in [0, 1).
    public init(_ name: String, returnSequences: Bool, stateful: Bool, dropout: Double, recurrentDropout: Double) {
        require((0..<1).contains(dropout), "\(name): dropout \(dropout) is outside [0, 1)")
        require((0..<1).contains(recurrentDropout), "\(name): recurrentDropout \(recurrentDropout) is outside [0, 1)")
        self.returnSequences = returnSequences
        self.stateful = stateful
        self.dropout = dropout
        self.recurrentDropout = recurrentDropout
    }
}
