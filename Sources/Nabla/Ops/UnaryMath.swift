/// Elementwise mathematical functions and their derivatives.
extension Tensor {
    /// eˣ elementwise; ∂L/∂x = ∂L/∂y ⊙ y.
    public func exp() -> Tensor {
        let y = Tensor.applyUnary(.exp, self)
        return Tensor.record(.exp, storage: y.storage, shape: shape, input: self) { g in g * y }
    }

    /// The natural logarithm elementwise; ∂L/∂x = ∂L/∂y / x.
    public func log() -> Tensor {
        let y = Tensor.applyUnary(.log, self)
        return Tensor.record(.log, storage: y.storage, shape: shape, input: self) { [x = detached()] g in g / x }
    }

    /// √x elementwise; ∂L/∂x = ∂L/∂y / (2√x).
    public func sqrt() -> Tensor {
        let y = Tensor.applyUnary(.sqrt, self)
        return Tensor.record(.sqrt, storage: y.storage, shape: shape, input: self) { g in g / (2 * y) }
    }

    /// x² elementwise; ∂L/∂x = 2x ⊙ ∂L/∂y.
    public func squared() -> Tensor {
        let y = Tensor.applyUnary(.square, self)
        return Tensor.record(.square, storage: y.storage, shape: shape, input: self) { [x = detached()] g in 2 * x * g }
    }

    /// |x| elementwise; ∂L/∂x = sign(x) ⊙ ∂L/∂y (0 at x = 0).
    public func abs() -> Tensor {
        let y = Tensor.applyUnary(.abs, self)
        return Tensor.record(.abs, storage: y.storage, shape: shape, input: self) { [x = detached()] g in g * x.sign() }
    }

    /// -1, 0 or 1 by the sign of each element; its derivative is 0 wherever it exists.
    public func sign() -> Tensor {
        let y = Tensor.applyUnary(.sign, self)
        return Tensor.record(.sign, storage: y.storage, shape: shape, input: self) { g in Tensor.zeros(g.shape, dtype: g.dtype) }
    }

    /// xᵖ elementwise for a scalar exponent; ∂L/∂x = p·xᵖ⁻¹ ⊙ ∂L/∂y (0 for p = 0, even at x = 0).
    public func pow(_ exponent: Double) -> Tensor {
        if exponent == 2 { return squared() }
        let y = Tensor.applyBinary(.power, self, scalarLike(exponent))
        return Tensor.record(.power(exponent: exponent), storage: y.storage, shape: shape, input: self) { [x = detached()] g in
            exponent == 0 ? Tensor.zeros(g.shape, dtype: g.dtype) : g * exponent * x.pow(exponent - 1)
        }
    }

    /// `base` raised to `exponent` elementwise, both tensors (broadcast).
    /// ∂L/∂base = e·baseᵉ⁻¹ ⊙ ∂L/∂y (0 where e = 0, even at base 0); ∂L/∂exponent = y·ln(base) ⊙ ∂L/∂y
    /// where base > 0, and 0 elsewhere.
    public static func pow(_ base: Tensor, _ exponent: Tensor) -> Tensor {
        let y = applyBinary(.power, base, exponent)
        return record(.powerOfTensors, storage: y.storage, shape: y.shape, inputs: [base, exponent]) {
            [base = base.detached(), exponent = exponent.detached()] g in
            let zero = g.scalarLike(0)
            let gradientBase = g * Tensor.where(exponent .!= 0, exponent * pow(base, exponent - 1), zero)
            let positive = base .> 0
            let safeLog = Tensor.where(positive, base, Tensor.ones(base.shape, dtype: base.dtype)).log()
            let gradientExponent = g * Tensor.where(positive, y * safeLog, zero)
            return [unbroadcast(gradientBase, to: base.shape), unbroadcast(gradientExponent, to: exponent.shape)]
        }
    }

    /// Limits every element to `[minimum, maximum]`; the gradient passes where the element was inside.
    public func clamped(min minimum: Double = -.infinity, max maximum: Double = .infinity) -> Tensor {
        require(minimum <= maximum, "clamped: minimum \(minimum) is above maximum \(maximum)")
        dtype.requireFloatingPoint("clamped")
        let out = TensorStorage.backend.clamp(storage, low: minimum, high: maximum)
        return Tensor.record(.clamp(minimum: minimum, maximum: maximum), storage: out, shape: shape, input: self) { [x = detached()] g in
            g * ((x .>= minimum) * (x .<= maximum))
        }
    }
}
