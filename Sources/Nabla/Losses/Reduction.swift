/// How a loss combines its per-element (or per-sample) values.
public enum Reduction: String, Hashable, Sendable, CaseIterable {
    /// The average (the default).
    case mean
    /// The total.
    case sum
    /// No reduction: one value per element or sample.
    case none

    /// `values` reduced this way.
    func apply(_ values: Tensor) -> Tensor {
        switch self {
        case .mean: return values.mean()
        case .sum: return values.sum()
        case .none: return values
        }
    }
}

func requireSameShape(_ prediction: Tensor, _ target: Tensor, _ loss: String) {
    require(prediction.shape == target.shape,
            "\(loss): prediction shape \(prediction.shape) and target shape \(target.shape) differ")
}
