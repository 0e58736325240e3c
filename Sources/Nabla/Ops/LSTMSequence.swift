/// The long short-term memory cell run over a whole sequence.
extension Tensor {
    /// An LSTM over a batch-first sequence, as the notes write it with one bias per gate:
    ///
    ///     i, f, o = σ(U x_t + W h_{t-1} + b)          (one block each)
    ///     c̃_t    = tanh(U_c x_t + W_c h_{t-1} + b_c)
    ///     c_t    = f ⊙ c_{t-1} + i ⊙ c̃_t
    ///     h_t    = o ⊙ tanh(c_t)
    ///
    /// The input part U x_t + b of every step is computed by the caller once for the whole sequence and
    /// passed as `projectedInput` `[N, T, 4H]`, its last axis holding the gate blocks in the order
    /// (i, f, c̃, o). `recurrentWeight` `[4H, H]` holds W in the same block order, laid out like `Linear`'s
    /// weight: row j holds the weights into gate unit j, so the recurrent part of a step is h_{t-1}·Wᵀ.
    ///
    /// - `peepholes` `[3, H]`: diagonal weights p that let the gates see the cell (Gers and Schmidhuber):
    ///   i and f add p_i ⊙ c_{t-1} and p_f ⊙ c_{t-1}, o adds p_o ⊙ c_t (rows in the order i, f, o).
    /// - `coupled`: the input gate is 1 − f, c_t = f ⊙ c_{t-1} + (1 − f) ⊙ c̃_t; then projectedInput is
    ///   `[N, T, 3H]` in the order (f, c̃, o), recurrentWeight `[3H, H]` and peepholes `[2, H]` (f, o).
    /// - `mask` `[N, T]` of 0 and 1: where it is 0 the step is skipped, h and c carry over unchanged and
    ///   the output is 0 (sequences of different lengths padded at the end). In general a step's state is
    ///   (1 − m) ⊙ old + m ⊙ new and its output m ⊙ new: an arithmetic blend, so that the mask has a
    ///   gradient. Masked steps are still computed, and an infinite or NaN value there reaches the state
    ///   (0 · ∞ is NaN): pad with finite values, such as zeros.
    /// - `recurrentMask` `[N, H]`: multiplies h_{t-1} before the recurrent matrix at every step
    ///   (variational recurrent dropout: one mask per sequence, not per step).
    ///
    /// Returns the outputs h_t of all steps `[N, T, H]` and the final h and c `[N, H]` (those of each
    /// sequence's last unmasked step). With T = 1 it is one step of the cell: feed the returned states back.
    ///
    /// The whole sequence is one graph node: per step one matrix product for all gates, the rest in C
    /// kernels. Its backward pass runs backpropagation through time in reverse step order, from ∂L/∂h_t
    /// and ∂L/∂c_t (the notes' δ for every gate):
    ///
    ///     δo = ∂L/∂h ⊙ tanh(c_t) ⊙ σ'(o),   ∂L/∂c_t += ∂L/∂h ⊙ o ⊙ tanh'(c_t) + δo ⊙ p_o
    ///     δi = ∂L/∂c ⊙ c̃ ⊙ σ'(i),   δf = ∂L/∂c ⊙ c_{t-1} ⊙ σ'(f),   δc̃ = ∂L/∂c ⊙ i ⊙ tanh'(c̃)
    ///     ∂L/∂c_{t-1} = ∂L/∂c ⊙ f + δi ⊙ p_i + δf ⊙ p_f,   ∂L/∂h_{t-1} = δ_t·W
    ///     ∂L/∂W = Σ_t δ_tᵀ·h_{t-1},   ∂L/∂projectedInput = δ,   ∂L/∂p = Σ δ ⊙ the cell each gate saw
    ///
    /// (coupled: δf = ∂L/∂c ⊙ (c_{t-1} − c̃) ⊙ σ'(f), δc̃ = ∂L/∂c ⊙ (1 − f) ⊙ tanh'(c̃)). Masked steps pass
    /// ∂L/∂h and ∂L/∂c through unchanged; the masks get gradients too.
    ///
    /// ```swift
    /// let projected = x.matmul(inputWeight, transposingOther: true) + bias   // [N, T, 4H]
    /// let (outputs, h, c) = try Tensor.lstm(projectedInput: projected, recurrentWeight: w,
    ///                                       initialHidden: h0, initialCell: c0)
    /// ```
    ///
    /// - Throws: `TensorValueError` when shapes or element types do not fit, naming both arguments.
    public static func lstm(
        projectedInput: Tensor, recurrentWeight: Tensor, initialHidden: Tensor, initialCell: Tensor,
        peepholes: Tensor? = nil, coupled: Bool = false, mask: Tensor? = nil, recurrentMask: Tensor? = nil
    ) throws -> (outputs: Tensor, hidden: Tensor, cell: Tensor) {
        let gateCount = coupled ? 3 : 4
        let geometry = try recurrentGeometry(
            "lstm", projectedInput: projectedInput, recurrentWeight: recurrentWeight, gateCount: gateCount,
            states: ["initialHidden": initialHidden, "initialCell": initialCell], mask: mask, recurrentMask: recurrentMask)
        if let peepholes {
            let expected = [coupled ? 2 : 3, geometry.hiddenSize]
            guard peepholes.shape == expected else {
                throw TensorValueError(operation: "lstm", message: "peepholes of shape \(peepholes.shape) does not fit recurrentWeight of shape \(recurrentWeight.shape): expected \(expected)")
            }
            guard peepholes.dtype == projectedInput.dtype else {
                throw TensorValueError(operation: "lstm", message: "peepholes holds \(peepholes.dtype) but projectedInput holds \(projectedInput.dtype)")
            }
        }
        let layout = RecurrentLayout(cell: .lstm(peepholes: peepholes != nil, coupled: coupled), batchSize: geometry.batchSize,
                                     steps: geometry.steps, hiddenSize: geometry.hiddenSize)
        let results = recurrentSequence(.lstm(peepholes: peepholes != nil, coupled: coupled), layout: layout, projectedInput: projectedInput,
                                        recurrentWeight: recurrentWeight, initialHidden: initialHidden, initialCell: initialCell,
                                        peepholes: peepholes, mask: mask, recurrentMask: recurrentMask)
        return (results[0], results[1], results[2])
    }
}
