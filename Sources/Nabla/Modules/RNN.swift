/// The Elman network over batch-first sequences `[N, T, D]` (Keras's `SimpleRNN`), h_t = φ(U x_t +
/// W h_{t-1} + b), stacked `layers` deep; each layer is an `ElmanCell` (its equation and
/// initialisation are there), run by the fused sequence op `Tensor.elmanRNN` after one matrix product
/// for the input part of all steps.
///
/// ```swift
/// let rnn = RNN(inputSize: 5, hiddenSize: 16, activation: .relu)
/// let outputs = rnn(sequences)   // [N, T, 5] → [N, T, 16]
/// ```
///
/// `dropout`, `recurrentDropout` and `stateful` work as in `LSTM`.
public final class RNN: Module, RecurrentLayer, StatefulModule, StackedRecurrentLayer {
    /// The stacked cells, bottom first: their parameters are `cells.0.inputWeight`, `cells.0.recurrentWeight`, ...
    public let cells: [ElmanCell]
    /// Sequences or last step, statefulness and dropout.
    public let options: RecurrentLayerOptions
    /// φ, tanh or ReLU.
    public var activation: RecurrentActivation { cells[0].activation }
    /// The state kept for the next call by a stateful layer (see `RecurrentLayer.keptState`).
    public var keptState: RecurrentState?

    /// `layers` stacked Elman layers from `inputSize` features to `hiddenSize` units.
    public init(inputSize: Int, hiddenSize: Int, layers: Int = 1, returnSequences: Bool = true, stateful: Bool = false,
                activation: RecurrentActivation = .tanh, layerNormalized: Bool = false, dropout: Double = 0, recurrentDropout: Double = 0, dtype: DType = .float32) {
        options = RecurrentLayerOptions("RNN", returnSequences: returnSequences, stateful: stateful, dropout: dropout, recurrentDropout: recurrentDropout)
        cells = Self.stackedCells("RNN", inputSize: inputSize, hiddenSize: hiddenSize, layers: layers) {
            ElmanCell(inputSize: $0, hiddenSize: hiddenSize, activation: activation, layerNormalized: layerNormalized, dtype: dtype)
        }
        super.init()
    }

    /// An RNN of the same configuration with newly drawn parameters.
    public func reinitializedCopy() -> RNN {
        RNN(inputSize: inputSize, hiddenSize: hiddenSize, layers: layerCount, returnSequences: returnSequences, stateful: isStateful,
            activation: activation, layerNormalized: cells[0].isLayerNormalized, dropout: dropout, recurrentDropout: recurrentDropout, dtype: cells[0].inputWeight.dtype)
    }
}

extension RNN: CustomStringConvertible {
    /// The layer as text, with its sizes, as summaries and error messages show it.
    public var description: String { "RNN(\(inputSize) → \(hiddenSize), \(activation)\(layerCount > 1 ? ", \(layerCount) layers" : ""))" }
}
