/// The activation functions that are primitives with their own fast kernels (the notes' σ, tanh and
/// ReLU). Their derivatives are written in terms of the output y where that is cheapest.
extension Tensor {
    /// σ(x) = 1 / (1 + e⁻ˣ); ∂L/∂x = ∂L/∂y ⊙ σ'(x), with σ'(x) = y(1 - y).
    public func sigmoid() -> Tensor {
        let y = Tensor.applyUnary(.sigmoid, self)
        return Tensor.record(.sigmoid, storage: y.storage, shape: shape, input: self) { g in g * y * (1 - y) }
    }

    /// tanh(x); ∂L/∂x = ∂L/∂y ⊙ (1 - y²).
    public func tanh() -> Tensor {
        let y = Tensor.applyUnary(.tanh, self)
        return Tensor.record(.tanh, storage: y.storage, shape: shape, input: self) { g in g * (1 - y.squared()) }
    }

    /// max(0, x); ∂L/∂x = ∂L/∂y where x > 0, else 0.
    public func relu() -> Tensor {
        let y = Tensor.applyUnary(.relu, self)
        return Tensor.record(.relu, storage: y.storage, shape: shape, input: self) { [x = detached()] g in g * (x .> 0) }
    }
}

/// Activations composed from the primitives above; their gradients follow from the parts.
extension Tensor {
    /// hardtanh(x) = -1 below -1, 1 above 1, x between; the gradient is 1 inside [-1, 1] and 0 outside.
    public func hardTanh() -> Tensor { clamped(min: -1, max: 1) }

    /// x for x > 0, `slope`·x otherwise.
    public func leakyRelu(slope: Double = 0.01) -> Tensor {
        Tensor.where(self .> 0, self, slope * self)
    }

    /// x for x > 0, α(eˣ - 1) otherwise (the exponential only ever sees x ≤ 0, so it cannot overflow).
    public func elu(alpha: Double = 1) -> Tensor {
        Tensor.where(self .> 0, self, alpha * (clamped(max: 0).exp() - 1))
    }

    /// softmax(x)ᵢ = eˣⁱ / Σⱼ eˣʲ along `axis`: positive values summing to 1, read as class probabilities.
    public func softmax(alongAxis axis: Int = -1) -> Tensor {
        logSoftmax(alongAxis: axis).exp()
    }

    /// log softmax(x) = x - log Σ eˣ along `axis`, computed stably (no overflow for large scores), as one
    /// operation with the gradient ∂L/∂x = ∂L/∂y - softmax(x) · Σ ∂L/∂y (sum along `axis`).
    ///
    /// The row maximum m is subtracted first: (x - m) - log Σ eˣ⁻ᵐ. Written as x - (m + log Σ eˣ⁻ᵐ), the
    /// sum would be rounded at the scale of m, losing digits for scores like 1000.
    ///
    /// Entries of -∞ (masked classes, illegal moves) get probability 0 and log-probability -∞, and the
    /// other entries of their row stay exact and finite: a row is NaN only when it has no finite entry
    /// or holds +∞ or NaN.
    public func logSoftmax(alongAxis axis: Int = -1) -> Tensor {
        let a = Shape.normalize(axis: axis, rank: rank, operation: "logSoftmax")
        let y = withoutGradients { () -> Tensor in
            let x = detached()
            let maximum = x.max(alongAxis: a, keepingDims: true)
            // A row of -∞ would give -∞ - (-∞) = NaN; shifting such a row by 0 keeps its -∞ entries.
            let shift = Tensor.where(maximum.finiteMask(), maximum, maximum.scalarLike(0))
            let shifted = x - shift
            return shifted - shifted.exp().sum(alongAxis: a, keepingDims: true).log()
        }
        return Tensor.record(.logSoftmax(axis: a), storage: y.storage, shape: shape, input: self) { g in
            g - y.exp() * g.sum(alongAxis: a, keepingDims: true)
        }
    }
}
