/// Keeping gradients bounded (the notes' remedy for exploding gradients in deep and recurrent networks).
public enum GradientClipping {
    /// Scales all gradients together so that their global L2 norm ‖g‖ = √(Σ g²) is at most `maxNorm`.
    /// Returns the norm before clipping.
    @discardableResult
    public static func clipNorm(_ parameters: [Parameter], maxNorm: Double) -> Double {
        require(maxNorm > 0, "clipNorm: maxNorm must be positive")
        let gradients = parameters.compactMap(\.grad)
        let norm = gradients.reduce(0.0) { total, g in
            total + g.scalars(as: Double.self).reduce(0) { $0 + $1 * $1 }
        }.squareRoot()
        if norm > maxNorm {
            let scale = maxNorm / (norm + 1e-6)
            for parameter in parameters { if let g = parameter.grad { parameter.value.grad = withoutGradients { g * scale } } }
        }
        return norm
    }

    /// Clamps every gradient element to [-limit, limit].
    public static func clipValues(_ parameters: [Parameter], limit: Double) {
        require(limit > 0, "clipValues: limit must be positive")
        for parameter in parameters {
            if let g = parameter.grad { parameter.value.grad = withoutGradients { g.clamped(min: -limit, max: limit) } }
        }
    }
}
