/// The Huber loss: quadratic near the target and linear far from it, so that large errors do not give
/// large gradients.
extension Tensor {
    /// Huber loss with threshold δ (`delta`, default 1): with d = ŷ - y,
    ///
    ///     L(d) = ½ d²            for |d| ≤ δ
    ///     L(d) = δ (|d| - ½ δ)   otherwise
    ///
    /// reduced by `reduction` (the mean by default). Its gradient is ∂L/∂ŷ = clamp(d, -δ, δ): the error
    /// itself near the target, ±δ beyond. Deep Q-learning uses it for the temporal-difference error.
    ///
    /// ```swift
    /// let loss = Tensor.huber(q, targets)   // ½ d² for small errors, |d| - ½ for large ones
    /// ```
    public static func huber(_ prediction: Tensor, _ target: Tensor, delta: Double = 1, reduction: Reduction = .mean) -> Tensor {
        requireSameShape(prediction, target, "huber")
        require(delta > 0 && delta.isFinite, "huber: delta must be a positive number, got \(delta)")
        let difference = prediction - target
        // c = clamp(d, -δ, δ); c·(d - ½c) is ½d² where |d| ≤ δ and δ|d| - ½δ² beyond. Its gradient
        // follows from the clamp's: ∂/∂d = (d - ½c) + ½c = d inside (∂c/∂d = 1), c = ±δ outside (∂c/∂d = 0).
        let clipped = difference.clamped(min: -delta, max: delta)
        return reduction.apply(clipped * (difference - 0.5 * clipped))
    }
}
