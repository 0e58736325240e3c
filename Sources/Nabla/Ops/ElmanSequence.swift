/// The simple (Elman) recurrent cell run over a whole sequence.
extension Tensor {
    /// An Elman RNN over a batch-first sequence: h_t = φ(U x_t + W h_{t-1} + b), φ = tanh or ReLU.
    ///
    /// `projectedInput` `[N, T, H]` holds U x_t + b of every step; `recurrentWeight` `[H, H]` is W laid
    /// out like `Linear`'s weight (row j the weights into unit j), so a step adds h_{t-1}·Wᵀ. `mask`
    /// `[N, T]` and `recurrentMask` `[N, H]` work as for `lstm`: where the mask is 0 the state carries over
    /// and the output is 0; the recurrent mask multiplies h_{t-1} before W.
    ///
    /// Returns the outputs of all steps `[N, T, H]` and the final state `[N, H]` (each sequence's last
    /// unmasked step).
    ///
    /// One graph node; backward in reverse step order: δ_t = ∂L/∂h_t ⊙ φ'(a_t) (tanh' = 1 − h², ReLU' = 1
    /// where h > 0), ∂L/∂h_{t-1} = δ_t·W, ∂L/∂W = Σ_t δ_tᵀ·h_{t-1}, ∂L/∂projectedInput = δ.
    ///
    /// ```swift
    /// let (outputs, h) = try Tensor.elmanRNN(projectedInput: projected, recurrentWeight: w,
    ///                                        initialHidden: h0, activation: .relu)
    /// ```
    ///
    /// - Throws: `TensorValueError` when shapes or element types do not fit, naming both arguments.
    public static func elmanRNN(
        projectedInput: Tensor, recurrentWeight: Tensor, initialHidden: Tensor, activation: RecurrentActivation = .tanh,
        mask: Tensor? = nil, recurrentMask: Tensor? = nil
    ) throws -> (outputs: Tensor, hidden: Tensor) {
        let geometry = try recurrentGeometry(
            "elmanRNN", projectedInput: projectedInput, recurrentWeight: recurrentWeight, gateCount: 1,
            states: ["initialHidden": initialHidden], mask: mask, recurrentMask: recurrentMask)
        let layout = RecurrentLayout(cell: .elman(activation), batchSize: geometry.batchSize, steps: geometry.steps, hiddenSize: geometry.hiddenSize)
        let results = recurrentSequence(.elmanRNN(activation: activation), layout: layout, projectedInput: projectedInput,
                                        recurrentWeight: recurrentWeight, initialHidden: initialHidden, initialCell: nil, peepholes: nil,
                                        mask: mask, recurrentMask: recurrentMask)
        return (results[0], results[1])
    }
}
