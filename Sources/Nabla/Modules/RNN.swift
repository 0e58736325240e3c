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
public final class RNN: Module, RecurrentLayer, StatefulModule, StackedRecurrence {
    /// The stacked cells, bottom first: their parameters are `cells.0.inputWeight`, `cells.0.recurrentWeight`, ...
    public let cells: [ElmanCell]
    /// D, the features of each step's input.
    public let inputSize: Int
    /// H, the units of each layer's hidden state.
    public let hiddenSize: Int
    /// The stacked layers.
    public var layerCount: Int { cells.count }
    /// Whether `forward` returns all steps `[N, T, H]` or the last `[N, H]`.
    public let returnSequences: Bool
    /// Whether the layer keeps its final state and starts its next call from it.
    public let isStateful: Bool
    /// The probability of dropping an input element of each layer in training mode.
    public let dropout: Double
    /// The probability of dropping a unit of h_{t-1} in training mode (one mask per sequence).
    public let recurrentDropout: Double
    /// φ, tanh or ReLU.
    public var activation: RecurrentActivation { cells[0].activation }
    /// The state kept for the next call (stateful layers; `nil` otherwise, and setting it has no effect).
    public var keptState: RecurrentState? {
        get { isStateful ? storedState : nil }
        set { if isStateful { storedState = newValue } }
    }
    private var storedState: RecurrentState?

    /// `layers` stacked Elman layers from `inputSize` features to `hiddenSize` units.
    public init(inputSize: Int, hiddenSize: Int, layers: Int = 1, returnSequences: Bool = true, stateful: Bool = false,
                activation: RecurrentActivation = .tanh, layerNormalized: Bool = false, dropout: Double = 0, recurrentDropout: Double = 0, dtype: DType = .float32) {
        Self.checkConfiguration("RNN", inputSize: inputSize, hiddenSize: hiddenSize, layers: layers, dropout: dropout, recurrentDropout: recurrentDropout)
        cells = Self.stackedCells(inputSize: inputSize, hiddenSize: hiddenSize, layers: layers) {
            ElmanCell(inputSize: $0, hiddenSize: hiddenSize, activation: activation, layerNormalized: layerNormalized, dtype: dtype)
        }
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.returnSequences = returnSequences
        isStateful = stateful
        self.dropout = dropout
        self.recurrentDropout = recurrentDropout
        super.init()
    }

    /// See `RecurrentLayer.run(_:initialState:lengths:)`.
    public func run(_ input: Tensor, initialState: RecurrentState?, lengths: [Int]?) -> (output: Tensor, state: RecurrentState) {
        runStack(input, initialState: initialState, lengths: lengths)
    }

    /// See `RecurrentLayer.run(_:initialState:mask:)`.
    public func run(_ input: Tensor, initialState: RecurrentState?, mask: Tensor?) -> (output: Tensor, state: RecurrentState) {
        runStack(input, initialState: initialState, mask: mask)
    }

    /// See `RecurrentLayer.step(_:state:)`.
    public func step(_ input: Tensor, state: RecurrentState?) -> (output: Tensor, state: RecurrentState) {
        stepStack(input, state: state)
    }

    /// `[N, T, D]` → `[N, T, H]`, or `[N, H]` (the last step) when `returnSequences` is false.
    public func forward(_ input: Tensor) -> Tensor { forwardStack(input, lengths: nil) }

    /// See `RecurrentLayer.forward(_:lengths:)`.
    public func forward(_ input: Tensor, lengths: [Int]?) -> Tensor { forwardStack(input, lengths: lengths) }

    /// An RNN of the same configuration with newly drawn parameters.
    public func reinitializedCopy() -> RNN {
        RNN(inputSize: inputSize, hiddenSize: hiddenSize, layers: layerCount, returnSequences: returnSequences, stateful: isStateful,
            activation: activation, layerNormalized: cells[0].isLayerNormalized, dropout: dropout, recurrentDropout: recurrentDropout, dtype: cells[0].inputWeight.dtype)
    }

    /// Forgets the kept state (stateful layers).
    public func resetState() { resetStack() }

    /// Cuts the kept state from the graph (stateful layers).
    public func detachState() { detachStack() }
}

extension RNN: CustomStringConvertible {
    public var description: String { "RNN(\(inputSize) → \(hiddenSize), \(activation)\(layerCount > 1 ? ", \(layerCount) layers" : ""))" }
}
