/// A recurrent layer over batch-first sequences `[N, T, D]`: `RNN`, `LSTM` and `GRU`.
///
/// ```swift
/// let lstm = LSTM(inputSize: 28, hiddenSize: 128)
/// let (outputs, state) = lstm.run(rows, initialState: nil, lengths: nil)   // [N, 28, 128], h and c
/// var stepState: RecurrentState? = nil
/// for x in rows.unstacked(alongAxis: 1) { stepState = lstm.step(x, state: stepState).state }   // the same, one step at a time
/// ```
public protocol RecurrentLayer: Layer {
    /// D, the features of each step's input.
    var inputSize: Int { get }
    /// H, the units of each layer's hidden state.
    var hiddenSize: Int { get }
    /// The stacked layers.
    var layerCount: Int { get }
    /// Whether `forward` returns the outputs of all steps `[N, T, H]` or only the last `[N, H]`.
    var returnSequences: Bool { get }
    /// Whether the layer keeps its final state and starts its next call from it.
    var isStateful: Bool { get }
    /// The state a stateful layer keeps for its next call: `nil` before the first call and after
    /// `resetState()`. Setting it makes the next call start from that state (truncated BPTT goes back
    /// to an earlier one). A layer that is not stateful neither keeps nor reads it.
    var keptState: RecurrentState? { get set }

    /// The whole sequence `[N, T, D]` → every step's output of the top layer `[N, T, H]` and the final
    /// state. `lengths` (each in 0...T) are the valid steps of each sample: beyond them the state carries
    /// over and the output is 0, so the final state is that of each sample's last valid step (the
    /// padding must be finite, see `run(_:initialState:mask:)`).
    /// Without `initialState` a stateful layer starts from its kept state, any other from zeros.
    func run(_ input: Tensor, initialState: RecurrentState?, lengths: [Int]?) -> (output: Tensor, state: RecurrentState)

    /// `run` with a mask `[N, T]` of 0 and 1 in place of lengths (where it is 0 the state carries over
    /// and the output is 0). The masked steps still run (the state is blended, (1 − m) ⊙ old + m ⊙ new),
    /// so their inputs must be finite: an infinite or NaN padding value would reach the state.
    func run(_ input: Tensor, initialState: RecurrentState?, mask: Tensor?) -> (output: Tensor, state: RecurrentState)

    /// One step: x_t `[N, D]` → output `[N, H]` and the next state (the same parameters as `run`).
    /// In training mode with recurrent dropout each call draws a new mask; `run` draws one per sequence.
    func step(_ input: Tensor, state: RecurrentState?) -> (output: Tensor, state: RecurrentState)

    /// `forward` for sequences with `lengths` valid steps: all steps (0 beyond each length), or each
    /// sample's last valid output when `returnSequences` is false.
    func forward(_ input: Tensor, lengths: [Int]?) -> Tensor

    /// A layer of the same configuration with newly drawn parameters (the backward direction of
    /// `Bidirectional`).
    func reinitializedCopy() -> Self
}

extension RecurrentLayer {
    /// Runs `forward(_:lengths:)`, reporting the call to a running `summary`.
    public func callAsFunction(_ input: Tensor, lengths: [Int]?) -> Tensor {
        recordCall(forward(input, lengths: lengths))
    }
}
