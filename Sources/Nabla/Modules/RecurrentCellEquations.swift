/// The equations of a recurrent cell type (`LSTMCell`, `GRUCell`, `ElmanCell`): what a
/// `StackedRecurrentLayer` runs for each of its layers.
public protocol RecurrentCellEquations: RecurrentCellModule {
    /// Whether the cell carries a cell state c next to h (an LSTM).
    var hasCellState: Bool { get }

    /// The outputs `[N, T, H]` and final states of the cell over `input` `[N, T, D]`, starting from
    /// `hidden` (and `cell`, zeros when `nil`) `[N, H]`. Where `mask` `[N, T]` is 0 the states carry over
    /// and the output is 0; `recurrentMask` `[N, H]` multiplies h_{t-1} before the recurrent matrix at
    /// every step. `cell` of the result is `nil` for cells without a cell state.
    func sequence(_ input: Tensor, hidden: Tensor, cell: Tensor?, mask: Tensor?, recurrentMask: Tensor?) -> (outputs: Tensor, hidden: Tensor, cell: Tensor?)

    /// A cell of the same configuration with newly drawn parameters.
    func reinitializedCopy() -> Self
}
