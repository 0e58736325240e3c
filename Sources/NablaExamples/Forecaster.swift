import Nabla

/// A recurrent forecaster of a univariate series: an LSTM or GRU reads the past L values `[N, L, 1]`,
/// and a linear layer turns its last hidden state into the next k values `[N, k]` (the notes'
/// sequence-to-vector structure).
///
/// ```swift
/// let forecaster = Forecaster(cell: .gru, hiddenSize: 32, horizon: 12)
/// let next12 = forecaster(pastValues)   // [N, 24, 1] → [N, 12]
/// ```
public final class Forecaster: Module, Layer {
    /// The recurrent layer's kind.
    public enum Cell: String, CaseIterable, Sendable { case lstm, gru }

    /// Which recurrent layer reads the past.
    public let cell: Cell
    /// The recurrent layer, returning its last step only.
    public let recurrent: any RecurrentLayer
    /// Last hidden state → the k forecast values.
    public let output: Linear

    /// A forecaster with `hiddenSize` units that forecasts `horizon` values at once.
    public init(cell: Cell, hiddenSize: Int = 32, horizon: Int) {
        self.cell = cell
        recurrent = switch cell {
        case .lstm: LSTM(inputSize: 1, hiddenSize: hiddenSize, returnSequences: false)
        case .gru: GRU(inputSize: 1, hiddenSize: hiddenSize, returnSequences: false)
        }
        output = Linear(hiddenSize, horizon, weightInitializer: .glorotUniform)
        super.init()
    }

    /// Past values `[N, L, 1]` → forecasts `[N, k]`.
    public func forward(_ input: Tensor) -> Tensor { output(recurrent(input)) }
}
