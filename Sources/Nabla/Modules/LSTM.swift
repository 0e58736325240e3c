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
public final class LSTM: Module, RecurrentLayer, StatefulModule, StackedRecurrence {
    /// The stacked cells, bottom first: their parameters are `cells.0.inputWeight`, `cells.0.recurrentWeight`, ...
    public let cells: [LSTMCell]
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
    /// The state kept for the next call (stateful layers; `nil` otherwise, and setting it has no effect).
    public var keptState: RecurrentState? {
        get { isStateful ? storedState : nil }
        set { if isStateful { storedState = newValue } }
    }
    private var storedState: RecurrentState?

    /// `layers` stacked LSTM layers from `inputSize` features to `hiddenSize` units.
    public init(inputSize: Int, hiddenSize: Int, layers: Int = 1, returnSequences: Bool = true, stateful: Bool = false,
                peepholes: Bool = false, coupledGates: Bool = false, layerNormalized: Bool = false,
                dropout: Double = 0, recurrentDropout: Double = 0, dtype: DType = .float32) {
        Self.checkConfiguration("LSTM", inputSize: inputSize, hiddenSize: hiddenSize, layers: layers, dropout: dropout, recurrentDropout: recurrentDropout)
        cells = Self.stackedCells(inputSize: inputSize, hiddenSize: hiddenSize, layers: layers) {
            LSTMCell(inputSize: $0, hiddenSize: hiddenSize, peepholes: peepholes, coupledGates: coupledGates,
                     layerNormalized: layerNormalized, dtype: dtype)
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

    /// An LSTM of the same configuration with newly drawn parameters.
    public func reinitializedCopy() -> LSTM {
        let cell = cells[0]
        return LSTM(inputSize: inputSize, hiddenSize: hiddenSize, layers: layerCount, returnSequences: returnSequences,
                    stateful: isStateful, peepholes: cell.peepholes != nil, coupledGates: cell.coupledGates,
                    layerNormalized: cell.isLayerNormalized, dropout: dropout, recurrentDropout: recurrentDropout,
                    dtype: cell.inputWeight.dtype)
    }

    /// Forgets the kept state (stateful layers).
    public func resetState() { resetStack() }

    /// Cuts the kept state from the graph (stateful layers).
    public func detachState() { detachStack() }
}

extension LSTM: CustomStringConvertible {
    public var description: String { "LSTM(\(inputSize) → \(hiddenSize)\(layerCount > 1 ? ", \(layerCount) layers" : ""))" }
}
