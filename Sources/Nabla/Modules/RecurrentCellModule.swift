/// The parameters every recurrent cell has, for G gate blocks of H units over inputs of D features
/// (Keras's convention: one bias per gate):
///
/// - `inputWeight` U `[G·H, D]`, Glorot-uniform (Keras's kernel initialiser);
/// - `recurrentWeight` W `[G·H, H]`, orthogonal (Keras's recurrent initialiser);
/// - `bias` b `[G·H]`, zeros (an LSTM sets its forget block to 1);
/// - with layer normalisation, a gain `gateGain` γ `[G, H]` (ones) and a shift `gateShift` β `[G, H]`
///   (zeros) per gate block.
///
/// Both weights are laid out like `Linear`'s: row j holds the weights into gate unit j. The input part
/// U x_t + b of all steps is one matrix product over the `[N·T, D]` rows of the sequence, done before
/// the sequence op runs. `LSTMCell`, `GRUCell` and `ElmanCell` add their gate equations.
public class RecurrentCellModule: Module {
    /// U, `[G·H, D]`.
    @Parameter public var inputWeight: Tensor
    /// W, `[G·H, H]`.
    @Parameter public var recurrentWeight: Tensor
    /// b, `[G·H]`.
    @Parameter public var bias: Tensor
    private let _gateGain: Parameter?
    private let _gateShift: Parameter?

    /// D, the features of each step's input.
    public let inputSize: Int
    /// H, the units of the hidden state.
    public let hiddenSize: Int
    /// G, the gate blocks (4 for an LSTM, 3 for a GRU or a coupled LSTM, 1 for an Elman cell).
    public let gateCount: Int

    init(inputSize: Int, hiddenSize: Int, gateCount: Int, layerNormalized: Bool, dtype: DType) {
        require(inputSize > 0 && hiddenSize > 0, "recurrent cell: inputSize and hiddenSize must be positive, got \(inputSize) and \(hiddenSize)")
        require(dtype.isFloatingPoint, "recurrent cell: parameters must be float32 or float64, got \(dtype)")
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.gateCount = gateCount
        _inputWeight = Parameter(Initializer.glorotUniform.tensor([gateCount * hiddenSize, inputSize], dtype: dtype))
        _recurrentWeight = Parameter(Initializer.orthogonal.tensor([gateCount * hiddenSize, hiddenSize], dtype: dtype))
        _bias = Parameter(Tensor.zeros([gateCount * hiddenSize], dtype: dtype))
        _gateGain = layerNormalized ? Parameter(Tensor.ones([gateCount, hiddenSize], dtype: dtype)) : nil
        _gateShift = layerNormalized ? Parameter(Tensor.zeros([gateCount, hiddenSize], dtype: dtype)) : nil
        super.init()
    }

    /// Whether the gate pre-activations are layer-normalised (then the cell runs step by step).
    public var isLayerNormalized: Bool { _gateGain != nil }
    /// γ, `[G, H]`, or `nil` without layer normalisation.
    public var gateGain: Tensor? { _gateGain?.value }
    /// β, `[G, H]`, or `nil` without layer normalisation.
    public var gateShift: Tensor? { _gateShift?.value }

    /// U x_t + b for every step of `input` `[N, T, D]`: `[N, T, G·H]`, one matrix product.
    func projected(_ input: Tensor) -> Tensor {
        input.matmul(inputWeight, transposingOther: true) + bias
    }

    /// Each gate block of `preActivations` `[N, G·H]` (or the `blocks` blocks starting at `firstBlock`)
    /// standardised over its H units, then scaled by γ and shifted by β of that block:
    /// LN_g(s) = γ_g ⊙ (s - μ(s)) / √(σ²(s) + ε) + β_g.
    func layerNormalized(_ preActivations: Tensor, firstBlock: Int = 0, blocks: Int? = nil) -> Tensor {
        guard let gateGain, let gateShift else { return preActivations }
        let count = blocks ?? gateCount
        let range = firstBlock..<(firstBlock + count)
        let batch = preActivations.shape[0]
        return preActivations.reshaped([batch, count, hiddenSize])
            .normalized(alongAxes: [2], scale: gateGain.sliced(alongAxis: 0, range), shift: gateShift.sliced(alongAxis: 0, range))
            .output.reshaped([batch, count * hiddenSize])
    }

    /// Runs `step` over the steps of `projected` `[N, T, G·H]` from `hidden` (and `cell`), the way the
    /// fused sequence ops do: where `mask` `[N, T]` is 0 the states carry over and the output is 0.
    /// `step` maps (U x_t + b, h_{t-1}, c_{t-1}) to (h_t, c_t).
    func unrolled(
        _ projected: Tensor, hidden: Tensor, cell: Tensor?, mask: Tensor?,
        step: (Tensor, Tensor, Tensor?) -> (hidden: Tensor, cell: Tensor?)
    ) -> (outputs: Tensor, hidden: Tensor, cell: Tensor?) {
        let masks = mask?.unstacked(alongAxis: 1).map { $0.unsqueezed(axis: 1) }
        var (hidden, cell) = (hidden, cell)
        var outputs: [Tensor] = []
        for (t, input) in projected.unstacked(alongAxis: 1).enumerated() {
            let next = step(input, hidden, cell)
            if let keep = masks?[t] {
                outputs.append(next.hidden * keep)
                hidden = hidden + keep * (next.hidden - hidden)
                if let previous = cell, let nextCell = next.cell { cell = previous + keep * (nextCell - previous) }
            } else {
                outputs.append(next.hidden)
                (hidden, cell) = next
            }
        }
        let stacked = outputs.isEmpty ? Tensor.zeros([hidden.shape[0], 0, hiddenSize], dtype: hidden.dtype) : Tensor.stack(outputs, alongAxis: 1)
        return (stacked, hidden, cell)
    }
}
