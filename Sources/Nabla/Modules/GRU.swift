/// A gated recurrent unit layer over batch-first sequences `[N, T, D]` (Keras's `GRU`), stacked
/// `layers` deep; each layer is a `GRUCell` (its equations and initialisation are there), run by the
/// fused sequence op `Tensor.gru` after one matrix product for the input part of all steps.
///
/// ```swift
/// let gru = GRU(inputSize: 28, hiddenSize: 128, returnSequences: false)
/// let features = gru(rows)   // [N, 28, 28] → [N, 128]
/// ```
///
/// `dropout`, `recurrentDropout` and `stateful` work as in `LSTM`.
public final class GRU: Module, RecurrentLayer, StatefulModule, StackedRecurrentLayer {
    /// The stacked cells, bottom first: their parameters are `cells.0.inputWeight`, `cells.0.recurrentWeight`, ...
    public let cells: [GRUCell]
    /// Sequences or last step, statefulness and dropout.
    public let options: RecurrentLayerOptions
    /// The state kept for the next call by a stateful layer (see `RecurrentLayer.keptState`).
    public var keptState: RecurrentState?

    /// `layers` stacked GRU layers from `inputSize` features to `hiddenSize` units.
    public init(inputSize: Int, hiddenSize: Int, layers: Int = 1, returnSequences: Bool = true, stateful: Bool = false,
                layerNormalized: Bool = false, dropout: Double = 0, recurrentDropout: Double = 0, dtype: DType = .float32) {
        options = RecurrentLayerOptions("GRU", returnSequences: returnSequences, stateful: stateful, dropout: dropout, recurrentDropout: recurrentDropout)
        cells = Self.stackedCells("GRU", inputSize: inputSize, hiddenSize: hiddenSize, layers: layers) {
            GRUCell(inputSize: $0, hiddenSize: hiddenSize, layerNormalized: layerNormalized, dtype: dtype)
        }
        super.init()
    }

    /// A GRU of the same configuration with newly drawn parameters.
    public func reinitializedCopy() -> GRU {
        GRU(inputSize: inputSize, hiddenSize: hiddenSize, layers: layerCount, returnSequences: returnSequences, stateful: isStateful,
            layerNormalized: cells[0].isLayerNormalized, dropout: dropout, recurrentDropout: recurrentDropout, dtype: cells[0].inputWeight.dtype)
    }
}

extension GRU: CustomStringConvertible {
    /// The layer as text, with its sizes, as summaries and error messages show it.
    public var description: String { "GRU(\(inputSize) → \(hiddenSize)\(layerCount > 1 ? ", \(layerCount) layers" : ""))" }
}
