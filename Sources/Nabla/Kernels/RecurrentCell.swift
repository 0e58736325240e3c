/// The cell a recurrent kernel runs, with the options that change its arithmetic.
enum RecurrentCell: Hashable, Sendable {
    /// h_t = φ(U x_t + W h_{t-1} + b): one gate block.
    case elman(RecurrentActivation)
    /// Gate blocks (i, f, c̃, o), or (f, c̃, o) when `coupled`; `peepholes` adds diagonal cell weights.
    case lstm(peepholes: Bool, coupled: Bool)
    /// Gate blocks (z, r, h̃), the reset applied before the recurrent matrix.
    case gru

    /// G, the blocks of H gate values per step.
    var gateCount: Int {
        switch self {
        case .elman: 1
        case let .lstm(_, coupled): coupled ? 3 : 4
        case .gru: 3
        }
    }

    /// Whether the cell carries a memory cell c besides h.
    var hasCellState: Bool {
        if case .lstm = self { return true }
        return false
    }
}

/// The sizes of a recurrent sequence: N sequences of T steps through a cell of H units.
struct RecurrentLayout: Sendable {
    let cell: RecurrentCell
    let batchSize: Int
    let steps: Int
    let hiddenSize: Int

    /// G·H, the gate values of one step of one sequence.
    var gateWidth: Int { cell.gateCount * hiddenSize }
}

/// A storage for each operand of a recurrent op, all row-major and batch-first: projectedInput
/// `[N, T, G·H]`, recurrentWeight `[G·H, H]`, the initial states `[N, H]`, peepholes `[2 or 3, H]`, mask
/// `[N, T]` and recurrentMask `[N, H]` (`nil` where absent). The forward pass reads the operands; the
/// backward pass returns their gradients in the same form.
struct RecurrentOperands {
    let projectedInput: TensorStorage
    let recurrentWeight: TensorStorage
    let initialHidden: TensorStorage
    let initialCell: TensorStorage?
    let peepholes: TensorStorage?
    let mask: TensorStorage?
    let recurrentMask: TensorStorage?

    /// The storages that are present, in the order above.
    var present: [TensorStorage] {
        [projectedInput, recurrentWeight, initialHidden] + [initialCell, peepholes, mask, recurrentMask].compactMap { $0 }
    }
}

/// What a recurrent forward pass produces: its results, and what the backward pass reads again.
/// Every buffer is batch-first, `[N, T, ·]`; slot t of a "previous" buffer holds the state that step t
/// starts from.
struct RecurrentTrace {
    /// The outputs m ⊙ h_t `[N, T, H]` (the same storage as `hiddenNew` when there is no mask).
    let outputs: TensorStorage
    /// The final states `[N, H]`.
    let finalHidden: TensorStorage
    let finalCell: TensorStorage?
    /// The gate activations `[N, T, G·H]` (an Elman cell's are its new states h_t).
    let gates: TensorStorage
    /// Each step's new hidden state before the mask blends it in `[N, T, H]`.
    let hiddenNew: TensorStorage
    /// h_{t-1} `[N, T, H]`.
    let previousHidden: TensorStorage
    /// h_{t-1} ⊙ recurrentMask `[N, T, H]`, the recurrent matrix's input; `nil` without a recurrent mask
    /// (then it is `previousHidden`).
    let recurrentInput: TensorStorage?
    /// LSTM: c_t before the mask, tanh(c_t) and c_{t-1}, each `[N, T, H]`.
    let cellNew: TensorStorage?
    let cellTanh: TensorStorage?
    let previousCell: TensorStorage?
    /// GRU: r ⊙ h_{t-1} `[N, T, H]`, the input of W_h.
    let resetHidden: TensorStorage?
}
