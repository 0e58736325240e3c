/// A long short-term memory layer over batch-first sequences `[N, T, D]` (Keras's `LSTM`), stacked
/// `layers` deep; each layer is an `LSTMCell` (its equations, options and initialisation are there),
/// run by the fused sequence op `Tensor.lstm` after one matrix product for the input part of all steps.
///
/// ```swift
/// let model = Sequential {
///     LSTM(inputSize: 5, hiddenSize: 20)                          // [N, 10, 5] → [N, 10, 20]
///     LSTM(inputSize: 20, hiddenSize: 10, returnSequences: false) // → [N, 10], the last step
///     Linear(10, 1)
/// }
/// ```
///
/// - `dropout`: in training mode, inverted dropout on the inputs of every stacked layer (a mask per element).
/// - `recurrentDropout`: in training mode, one mask `[N, H]` per sequence and layer multiplies h_{t-1}
///   before the recurrent matrix at every step (variational dropout).
/// - `stateful`: the final state of a call is kept and the next call starts from it (consecutive
///   pieces of long sequences); `resetState()` forgets it and `detachState()` cuts it from the graph,
///   which `fit` does at the start of each epoch and after each batch.
public final class LSTM: Module, RecurrentLayer, StatefulModule, StackedRecurrentLayer {
    /// The stacked cells, bottom first: their parameters are `cells.0.inputWeight`, `cells.0.recurrentWeight`, ...
    public let cells: [LSTMCell]
    /// Sequences or last step, statefulness and dropout.
    public let options: RecurrentLayerOptions
    /// The state kept for the next call by a stateful layer (see `RecurrentLayer.keptState`).
    public var keptState: RecurrentState?

    /// `layers` stacked LSTM layers from `inputSize` features to `hiddenSize` units.
    public init(inputSize: Int, hiddenSize: Int, layers: Int = 1, returnSequences: Bool = true, stateful: Bool = false,
                peepholes: Bool = false, coupledGates: Bool = false, layerNormalized: Bool = false,
                dropout: Double = 0, recurrentDropout: Double = 0, dtype: DType = .float32) {
        options = RecurrentLayerOptions("LSTM", returnSequences: returnSequences, stateful: stateful, dropout: dropout, recurrentDropout: recurrentDropout)
        cells = Self.stackedCells("LSTM", inputSize: inputSize, hiddenSize: hiddenSize, layers: layers) {
            LSTMCell(inputSize: $0, hiddenSize: hiddenSize, peepholes: peepholes, coupledGates: coupledGates,
                     layerNormalized: layerNormalized, dtype: dtype)
        }
        super.init()
    }

    /// An LSTM of the same configuration with newly drawn parameters.
    public func reinitializedCopy() -> LSTM {
        let cell = cells[0]
        return LSTM(inputSize: inputSize, hiddenSize: hiddenSize, layers: layerCount, returnSequences: returnSequences,
                    stateful: isStateful, peepholes: cell.peepholes != nil, coupledGates: cell.coupledGates,
                    layerNormalized: cell.isLayerNormalized, dropout: dropout, recurrentDropout: recurrentDropout,
                    dtype: cell.inputWeight.dtype)
    }
}

extension LSTM: CustomStringConvertible {
    /// The layer as text, with its sizes, as summaries and error messages show it.
    public var description: String { "LSTM(\(inputSize) → \(hiddenSize)\(layerCount > 1 ? ", \(layerCount) layers" : ""))" }
}
