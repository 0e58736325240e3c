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
        let inputs = projectedInput.unstacked(alongAxis: 1)
        let masks = mask?.unstacked(alongAxis: 1).map { $0.unsqueezed(axis: 1) }
        var hidden = initialHidden
        var outputs: [Tensor] = []
        for t in 0..<geometry.steps {
            let recurrent = recurrentMask.map { hidden * $0 } ?? hidden
            let preActivation = inputs[t] + recurrent.matmul(recurrentWeight, transposingOther: true)
            let newHidden = activation == .tanh ? preActivation.tanh() : preActivation.relu()
            if let step = masks?[t] {
                outputs.append(newHidden * step)
                hidden = hidden + step * (newHidden - hidden)
            } else {
                outputs.append(newHidden)
                hidden = newHidden
            }
        }
        let stacked = outputs.isEmpty ? Tensor.zeros([geometry.batchSize, 0, geometry.hiddenSize], dtype: projectedInput.dtype) : Tensor.stack(outputs, alongAxis: 1)
        return (stacked, hidden)
    }
}
