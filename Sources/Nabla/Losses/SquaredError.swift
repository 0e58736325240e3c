/// Costs built on the squared difference between prediction and target.
extension Tensor {
    /// Mean squared error, as in PyTorch and Keras: mean((ŷ - y)²) over all elements
    /// (or their sum, or no reduction).
    public static func meanSquaredError(_ prediction: Tensor, _ target: Tensor, reduction: Reduction = .mean) -> Tensor {
        requireSameShape(prediction, target, "meanSquaredError")
        return reduction.apply((prediction - target).squared())
    }

    /// The notes' quadratic cost C = 1/(2n) Σₓ ‖y(x) - a(x)‖², n being the number of samples (the first
    /// dimension). The ½ makes its gradient the plain difference: ∂C/∂a = (a - y)/n.
    public static func quadraticCost(_ prediction: Tensor, _ target: Tensor) -> Tensor {
        requireSameShape(prediction, target, "quadraticCost")
        let samples = prediction.rank == 0 ? 1 : prediction.shape[0]
        return (prediction - target).squared().sum() / Double(2 * samples)
    }

    /// Mean absolute error: mean(|ŷ - y|).
    public static func meanAbsoluteError(_ prediction: Tensor, _ target: Tensor, reduction: Reduction = .mean) -> Tensor {
        requireSameShape(prediction, target, "meanAbsoluteError")
        return reduction.apply((prediction - target).abs())
    }
}
