/// The parameters and equations of one GRU layer, as the notes write them with one bias per gate
/// (blocks in the order z, r, h̃), the reset gate applied before the recurrent matrix:
///
///     z, r = σ(U x_t + W h_{t-1} + b)
///     h̃_t  = tanh(U_h x_t + W_h (r ⊙ h_{t-1}) + b_h)
///     h_t  = z ⊙ h_{t-1} + (1 - z) ⊙ h̃_t
///
/// 3(HD + H² + H) parameters. With layer normalisation the pre-activations of z and r, and that of
/// h̃ (U_h x_t + W_h (r ⊙ h_{t-1}) + b_h), each become LN_g(s) = γ_g ⊙ (s - μ(s)) / √(σ²(s) + ε) + β_g
/// before the nonlinearity, at every step; the cell then runs step by step.
///
/// The layer `GRU` stacks these cells, with dropout, lengths and state handling; a cell alone runs
/// one layer over a sequence with `sequence(_:hidden:cell:mask:recurrentMask:)`.
public final class GRUCell: RecurrentCellModule, RecurrentCellEquations {
    /// A cell from `inputSize` features to `hiddenSize` units.
    public init(inputSize: Int, hiddenSize: Int, layerNormalized: Bool = false, dtype: DType = .float32) {
        super.init(inputSize: inputSize, hiddenSize: hiddenSize, gateCount: 3, layerNormalized: layerNormalized, dtype: dtype)
    }

    /// False: h is the whole state.
    public var hasCellState: Bool { false }

    /// A cell of the same configuration with newly drawn parameters.
    public func reinitializedCopy() -> GRUCell {
        GRUCell(inputSize: inputSize, hiddenSize: hiddenSize, layerNormalized: isLayerNormalized, dtype: inputWeight.dtype)
    }

    /// See `RecurrentCellEquations.sequence(_:hidden:cell:mask:recurrentMask:)`.
    public func sequence(
        _ input: Tensor, hidden: Tensor, cell: Tensor?, mask: Tensor?, recurrentMask: Tensor?
    ) -> (outputs: Tensor, hidden: Tensor, cell: Tensor?) {
        guard isLayerNormalized else {
            let result = checkedSequence {
                try Tensor.gru(projectedInput: projected(input), recurrentWeight: recurrentWeight, initialHidden: hidden,
                               mask: mask, recurrentMask: recurrentMask)
            }
            return (result.outputs, result.hidden, nil)
        }
        let size = hiddenSize
        let gateWeight = recurrentWeight.sliced(alongAxis: 0, 0..<(2 * size))
        let candidateWeight = recurrentWeight.sliced(alongAxis: 0, (2 * size)..<(3 * size))
        return unrolled(projected(input), hidden: hidden, cell: nil, mask: mask) { inputPart, hidden, _ in
            let recurrent = recurrentMask.map { hidden * $0 } ?? hidden
            let inputBlocks = inputPart.split(sizes: [2 * size, size], alongAxis: 1)
            let gates = layerNormalized(inputBlocks[0] + recurrent.matmul(gateWeight, transposingOther: true), blocks: 2).sigmoid()
            let update = gates.sliced(alongAxis: 1, 0..<size), reset = gates.sliced(alongAxis: 1, size..<(2 * size))
            let candidate = layerNormalized(inputBlocks[1] + (reset * recurrent).matmul(candidateWeight, transposingOther: true),
                                            firstBlock: 2, blocks: 1).tanh()
            return (update * hidden + (1 - update) * candidate, nil)   // h_t = z ⊙ h_{t-1} + (1 - z) ⊙ h̃_t
        }
    }
}
