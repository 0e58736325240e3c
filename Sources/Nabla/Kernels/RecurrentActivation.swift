/// The nonlinearity φ of an Elman cell, h_t = φ(U x_t + W h_{t-1} + b).
public enum RecurrentActivation: String, Sendable, Hashable, Codable, CaseIterable {
    /// φ = tanh: outputs in (-1, 1), the notes' default.
    case tanh
    /// φ = max(0, x): unbounded outputs; with W near the identity it keeps gradients alive longer.
    case relu
}
