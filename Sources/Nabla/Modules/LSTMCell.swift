/// The parameters and equations of one LSTM layer, as the notes write them with one bias per gate
/// (blocks in the order i, f, c̃, o):
///
///     i, f, o = σ(U x_t + W h_{t-1} + b)
///     c̃_t    = tanh(U_c x_t + W_c h_{t-1} + b_c)
///     c_t    = f ⊙ c_{t-1} + i ⊙ c̃_t
///     h_t    = o ⊙ tanh(c_t)
///
/// 4(HD + H² + H) parameters. The forget block of b starts at 1 (Keras's `unit_forget_bias`), so that
/// the cell remembers by default early in training. Options:
/// - peepholes `[3, H]` (rows i, f, o): i and f add p ⊙ c_{t-1}, o adds p_o ⊙ c_t (Gers and
///   Schmidhuber), 3H more parameters;
/// - coupled gates: no input gate, c_t = f ⊙ c_{t-1} + (1 - f) ⊙ c̃_t, blocks (f, c̃, o), 3(HD + H² + H)
///   parameters (peepholes `[2, H]`, rows f, o);
/// - layer normalisation: each gate block's pre-activation s_g = U_g x_t + W_g h_{t-1} + b_g becomes
///   LN_g(s_g) = γ_g ⊙ (s_g - μ(s_g)) / √(σ²(s_g) + ε) + β_g before the peephole term and the
///   nonlinearity, at every step (Ba, Kiros and Hinton); the cell then runs step by step.
///
/// The layer `LSTM` stacks these cells, with dropout, lengths and state handling; a cell alone runs
/// one layer over a sequence with `sequence(_:hidden:cell:mask:recurrentMask:)`.
public final class LSTMCell: RecurrentCellModule, RecurrentCellEquations {
    /// The diagonal peephole weights `[3, H]` (`[2, H]` with coupled gates), or `nil`.
    public var peepholes: Tensor? { _peepholes?.value }
    private let _peepholes: Parameter?
    /// Whether the input gate is replaced by 1 - f.
    public let coupledGates: Bool

    /// A cell from `inputSize` features to `hiddenSize` units.
    public init(inputSize: Int, hiddenSize: Int, peepholes: Bool = false, coupledGates: Bool = false,
                layerNormalized: Bool = false, dtype: DType = .float32) {
        self.coupledGates = coupledGates
        _peepholes = peepholes ? Parameter(Tensor.zeros([coupledGates ? 2 : 3, hiddenSize], dtype: dtype)) : nil
        super.init(inputSize: inputSize, hiddenSize: hiddenSize, gateCount: coupledGates ? 3 : 4,
                   layerNormalized: layerNormalized, dtype: dtype)
        let forgetBlock = coupledGates ? 0 : 1
        $bias.update { bias in
            var values = bias.scalars(as: Double.self)
            for unit in 0..<hiddenSize { values[forgetBlock * hiddenSize + unit] = 1 }
            bias = Tensor(values, shape: bias.shape, dtype: dtype)
        }
    }

    /// True: the LSTM carries c next to h.
    public var hasCellState: Bool { true }

    /// A cell of the same configuration with newly drawn parameters.
    public func reinitializedCopy() -> LSTMCell {
        LSTMCell(inputSize: inputSize, hiddenSize: hiddenSize, peepholes: peepholes != nil, coupledGates: coupledGates,
                 layerNormalized: isLayerNormalized, dtype: inputWeight.dtype)
    }

    /// See `RecurrentCellEquations.sequence(_:hidden:cell:mask:recurrentMask:)`.
    public func sequence(
        _ input: Tensor, hidden: Tensor, cell: Tensor?, mask: Tensor?, recurrentMask: Tensor?
    ) -> (outputs: Tensor, hidden: Tensor, cell: Tensor?) {
        let initialCell = cell ?? Tensor.zeros(like: hidden)
        guard isLayerNormalized else {
            let result = checkedSequence {
                try Tensor.lstm(projectedInput: projected(input), recurrentWeight: recurrentWeight, initialHidden: hidden,
                                initialCell: initialCell, peepholes: peepholes, coupled: coupledGates, mask: mask, recurrentMask: recurrentMask)
            }
            return (result.outputs, result.hidden, result.cell)
        }
        let peephole = peepholes?.unstacked()
        // p ⊙ c added to a gate's normalised pre-activation, when there are peepholes.
        func peeking(_ preActivation: Tensor, _ row: Int, _ cell: Tensor) -> Tensor {
            peephole.map { preActivation + $0[row] * cell } ?? preActivation
        }
        return unrolled(projected(input), hidden: hidden, cell: initialCell, mask: mask) { inputPart, hidden, cell in
            let previousCell = cell ?? initialCell
            let recurrent = recurrentMask.map { hidden * $0 } ?? hidden
            let blocks = layerNormalized(inputPart + recurrent.matmul(recurrentWeight, transposingOther: true))
                .split(count: gateCount, alongAxis: 1)
            let newCell: Tensor, outputGate: Tensor
            if coupledGates {
                let forget = peeking(blocks[0], 0, previousCell).sigmoid()
                newCell = forget * previousCell + (1 - forget) * blocks[1].tanh()   // c_t = f ⊙ c_{t-1} + (1 - f) ⊙ c̃_t
                outputGate = peeking(blocks[2], 1, newCell).sigmoid()
            } else {
                let inputGate = peeking(blocks[0], 0, previousCell).sigmoid()
                let forget = peeking(blocks[1], 1, previousCell).sigmoid()
                newCell = forget * previousCell + inputGate * blocks[2].tanh()   // c_t = f ⊙ c_{t-1} + i ⊙ c̃_t
                outputGate = peeking(blocks[3], 2, newCell).sigmoid()
            }
            return (outputGate * newCell.tanh(), newCell)   // h_t = o ⊙ tanh(c_t)
        }
    }
}
