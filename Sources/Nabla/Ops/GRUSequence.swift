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
        let size = geometry.hiddenSize
        let inputs = projectedInput.unstacked(alongAxis: 1)
        let masks = mask?.unstacked(alongAxis: 1).map { $0.unsqueezed(axis: 1) }
        let gateWeight = recurrentWeight.sliced(alongAxis: 0, 0..<(2 * size))
        let candidateWeight = recurrentWeight.sliced(alongAxis: 0, (2 * size)..<(3 * size))
        var hidden = initialHidden
        var outputs: [Tensor] = []
        for t in 0..<geometry.steps {
            let recurrent = recurrentMask.map { hidden * $0 } ?? hidden
            let blocks = inputs[t].split(count: 3, alongAxis: 1)
            let gates = (Tensor.concatenate([blocks[0], blocks[1]], alongAxis: 1) + recurrent.matmul(gateWeight, transposingOther: true)).sigmoid()
            let update = gates.sliced(alongAxis: 1, 0..<size), reset = gates.sliced(alongAxis: 1, size..<(2 * size))
            let candidate = (blocks[2] + (reset * recurrent).matmul(candidateWeight, transposingOther: true)).tanh()
            let newHidden = update * hidden + (1 - update) * candidate
            if let step = masks?[t] {
                outputs.append(newHidden * step)
                hidden = hidden + step * (newHidden - hidden)
            } else {
                outputs.append(newHidden)
                hidden = newHidden
            }
        }
        let stacked = outputs.isEmpty ? Tensor.zeros([geometry.batchSize, 0, size], dtype: projectedInput.dtype) : Tensor.stack(outputs, alongAxis: 1)
        return (stacked, hidden)
    }
}
