/// The gated recurrent unit run over a whole sequence.
extension Tensor {
    /// A GRU over a batch-first sequence, as the notes write it with one bias per gate and the reset gate
    /// applied to h_{t-1} before the recurrent matrix:
    ///
    ///     z, r  = σ(U x_t + W h_{t-1} + b)                    (one block each)
    ///     h̃_t  = tanh(U_h x_t + W_h (r ⊙ h_{t-1}) + b_h)
    ///     h_t   = z ⊙ h_{t-1} + (1 − z) ⊙ h̃_t
    ///
    /// `projectedInput` `[N, T, 3H]` holds U x_t + b of every step, gate blocks in the order (z, r, h̃);
    /// `recurrentWeight` `[3H, H]` holds W in the same order, row j the weights into gate unit j (like
    /// `Linear`). `mask` `[N, T]` and `recurrentMask` `[N, H]` work as for `lstm`: where the mask is 0 the
    /// state carries over and the output is 0; the recurrent mask multiplies h_{t-1} wherever it meets a
    /// recurrent matrix (the update z ⊙ h_{t-1} uses the unmasked state).
    ///
    /// Returns the outputs of all steps `[N, T, H]` and the final state `[N, H]` (each sequence's last
    /// unmasked step).
    ///
    /// One graph node; per step two matrix products (z and r first, then W_h on r ⊙ h_{t-1}). Backward,
    /// in reverse step order:
    ///
    ///     δz = ∂L/∂h ⊙ (h_{t-1} − h̃) ⊙ σ'(z),   δh̃ = ∂L/∂h ⊙ (1 − z) ⊙ tanh'(h̃)
    ///     δr = (δh̃·W_h) ⊙ h_{t-1} ⊙ σ'(r)
    ///     ∂L/∂h_{t-1} = ∂L/∂h ⊙ z + (δh̃·W_h) ⊙ r + [δz, δr]·W_zr
    ///     ∂L/∂W_zr = Σ_t [δz, δr]ᵀ·h_{t-1},   ∂L/∂W_h = Σ_t δh̃ᵀ·(r ⊙ h_{t-1}),   ∂L/∂projectedInput = δ
    ///
    /// ```swift
    /// let (outputs, h) = try Tensor.gru(projectedInput: projected, recurrentWeight: w, initialHidden: h0)
    /// ```
    ///
    /// - Throws: `TensorValueError` when shapes or element types do not fit, naming both arguments.
    public static func gru(
        projectedInput: Tensor, recurrentWeight: Tensor, initialHidden: Tensor, mask: Tensor? = nil, recurrentMask: Tensor? = nil
    ) throws -> (outputs: Tensor, hidden: Tensor) {
        let geometry = try recurrentGeometry(
            "gru", projectedInput: projectedInput, recurrentWeight: recurrentWeight, gateCount: 3,
            states: ["initialHidden": initialHidden], mask: mask, recurrentMask: recurrentMask)
        let layout = RecurrentLayout(cell: .gru, batchSize: geometry.batchSize, steps: geometry.steps, hiddenSize: geometry.hiddenSize)
        let results = recurrentSequence(.gru, layout: layout, projectedInput: projectedInput, recurrentWeight: recurrentWeight,
                                        initialHidden: initialHidden, initialCell: nil, peepholes: nil, mask: mask, recurrentMask: recurrentMask)
        return (results[0], results[1])
    }
}
