/// The activation functions that are primitives with their own fast kernels (the notes' σ, tanh and
/// ReLU). Their derivatives are written in terms of the output y where that is cheapest.
extension Tensor {
    /// σ(x) = 1 / (1 + e⁻ˣ); ∂L/∂x = ∂L/∂y ⊙ σ'(x), with σ'(x) = y(1 - y).
    public func sigmoid() -> Tensor {
        let y = Tensor.applyUnary(.sigmoid, self)
        return Tensor.record("sigmoid", storage: y.storage, shape: shape, input: self) { g in g * y * (1 - y) }
    }

    /// tanh(x); ∂L/∂x = ∂L/∂y ⊙ (1 - y²).
    public func tanh() -> Tensor {
        let y = Tensor.applyUnary(.tanh, self)
        return Tensor.record("tanh", storage: y.storage, shape: shape, input: self) { g in g * (1 - y.squared()) }
    }

    /// max(0, x); ∂L/∂x = ∂L/∂y where x > 0, else 0.
    public func relu() -> Tensor {
        let y = Tensor.applyUnary(.relu, self)
        return Tensor.record("relu", storage: y.storage, shape: shape, input: self) { [x = detached()] g in g * (x .> 0) }
    }
}
