/// The parameters and equation of one Elman layer (the notes' simple recurrent neuron):
///
///     h_t = φ(U x_t + W h_{t-1} + b),   φ = tanh or ReLU
///
/// HD + H² + H parameters. With layer normalisation the pre-activation s becomes
/// LN(s) = γ ⊙ (s - μ(s)) / √(σ²(s) + ε) + β before φ, at every step; the cell then runs step by step.
///
/// The layer `RNN` stacks these cells, with dropout, lengths and state handling; a cell alone runs
/// one layer over a sequence with `sequence(_:hidden:cell:mask:recurrentMask:)`.
public final class ElmanCell: RecurrentCellModule, RecurrentCellEquations {
    /// φ.
    public let activation: RecurrentActivation

    /// A cell from `inputSize` features to `hiddenSize` units.
    public init(inputSize: Int, hiddenSize: Int, activation: RecurrentActivation = .tanh, layerNormalized: Bool = false,
                dtype: DType = .float32) {
        self.activation = activation
        super.init(inputSize: inputSize, hiddenSize: hiddenSize, gateCount: 1, layerNormalized: layerNormalized, dtype: dtype)
    }

    /// False: h is the whole state.
    public var hasCellState: Bool { false }

    /// A cell of the same configuration with newly drawn parameters.
    public func reinitializedCopy() -> ElmanCell {
        ElmanCell(inputSize: inputSize, hiddenSize: hiddenSize, activation: activation, layerNormalized: isLayerNormalized,
                  dtype: inputWeight.dtype)
    }

    /// See `RecurrentCellEquations.sequence(_:hidden:cell:mask:recurrentMask:)`.
    public func sequence(
        _ input: Tensor, hidden: Tensor, cell: Tensor?, mask: Tensor?, recurrentMask: Tensor?
    ) -> (outputs: Tensor, hidden: Tensor, cell: Tensor?) {
        guard isLayerNormalized else {
            let result = checkedSequence {
                try Tensor.elmanRNN(projectedInput: projected(input), recurrentWeight: recurrentWeight, initialHidden: hidden,
                                    activation: activation, mask: mask, recurrentMask: recurrentMask)
            }
            return (result.outputs, result.hidden, nil)
        }
        return unrolled(projected(input), hidden: hidden, cell: nil, mask: mask) { inputPart, hidden, _ in
            let recurrent = recurrentMask.map { hidden * $0 } ?? hidden
            let preActivation = layerNormalized(inputPart + recurrent.matmul(recurrentWeight, transposingOther: true))
            return (activation == .tanh ? preActivation.tanh() : preActivation.relu(), nil)
        }
    }
}
