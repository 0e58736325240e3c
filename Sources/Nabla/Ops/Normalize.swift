/// Normalising over axes, the operation behind batch and layer normalisation: subtract the mean,
/// divide by the standard deviation, then scale and shift.
extension Tensor {
    /// y = γ ⊙ x̂ + β with x̂ = (x - μ) / √(σ² + ε), where μ and σ² are the mean and the (biased)
    /// variance over `axes`, as one operation. Also returns μ and σ² (kept dimensions, no gradient),
    /// for running statistics.
    ///
    /// `scale` (γ) and `shift` (β) broadcast against x and may be `nil` (no scaling or shifting).
    /// Batch normalisation of `[N, C, H, W]` uses `axes: [0, 2, 3]` with γ, β of shape `[1, C, 1, 1]`;
    /// layer normalisation of `[N, T, D]` uses `axes: [2]` with γ, β of shape `[D]`.
    ///
    /// The gradient, with n the number of elements reduced and all means over `axes`:
    /// ∂L/∂x = (1/√(σ² + ε)) (d - mean(d) - x̂ ⊙ mean(d ⊙ x̂)) with d = γ ⊙ ∂L/∂y;
    /// ∂L/∂γ = Σ ∂L/∂y ⊙ x̂ and ∂L/∂β = Σ ∂L/∂y over the axes γ and β were broadcast along.
    public func normalized(
        alongAxes axes: [Int], scale: Tensor? = nil, shift: Tensor? = nil, epsilon: Double = 1e-5
    ) -> (output: Tensor, mean: Tensor, variance: Tensor) {
        let reduced = Tensor.normalizedAxes(axes, rank: rank, operation: "normalized")
        require(!reduced.isEmpty && reduced.allSatisfy { shape[$0] > 0 }, "normalized: axes \(axes) of shape \(shape) hold no elements")
        require(epsilon >= 0, "normalized: epsilon must not be negative, got \(epsilon)")
        // The C kernels when the kept axes are consecutive and γ, β lie per group or per position (batch and
        // layer normalisation), else the formula composed of tensor operations.
        let sameTypes = dtype.isFloatingPoint && (scale?.dtype ?? dtype) == dtype && (shift?.dtype ?? dtype) == dtype
        let layout = sameTypes ? NormalizationKernels.Layout(shape: shape, reduced: reduced, scaleShape: scale?.shape, shiftShape: shift?.shape) : nil
        let statisticsShape = shape.indices.map { reduced.contains($0) ? 1 : shape[$0] }
        let (output, mean, variance, normalized, inverseDeviation) = withoutGradients { () -> (Tensor, Tensor, Tensor, Tensor, Tensor) in
            if let layout {
                let result = TensorStorage.backend.normalizeForward(storage, scale: scale?.storage, shift: shift?.storage, epsilon: epsilon, layout: layout)
                return (Tensor(storage: result.output, shape: shape), Tensor(storage: result.mean, shape: statisticsShape),
                        Tensor(storage: result.variance, shape: statisticsShape), Tensor(storage: result.normalized, shape: shape),
                        Tensor(storage: result.inverseDeviation, shape: statisticsShape))
            }
            let x = detached()
            let mean = x.mean(alongAxes: reduced, keepingDims: true)
            let centred = x - mean
            let variance = centred.squared().mean(alongAxes: reduced, keepingDims: true)
            let inverseDeviation = 1 / (variance + epsilon).sqrt()
            let normalized = centred * inverseDeviation
            var output = normalized
            if let scale { output = output * scale.detached() }
            if let shift { output = output + shift.detached() }
            return (output, mean, variance, normalized, inverseDeviation)
        }
        let inputs = [self] + [scale, shift].compactMap { $0 }
        let result = Tensor.record(.normalize(axes: reduced, epsilon: epsilon), storage: output.storage, shape: output.shape, inputs: inputs) {
            [scale = scale?.detached(), shiftShape = shift?.shape] g in
            if let layout {
                let gradients = TensorStorage.backend.normalizeBackward(g.storage, normalized: normalized.storage,
                                                                        inverseDeviation: inverseDeviation.storage,
                                                                        scale: scale?.storage, layout: layout)
                return [Tensor(storage: gradients.input, shape: g.shape)]
                    + (scale.map { [Tensor(storage: gradients.scale!, shape: $0.shape)] } ?? [])
                    + (shiftShape.map { [Tensor(storage: gradients.shift!, shape: $0)] } ?? [])
            }
            let d = scale.map { g * $0 } ?? g
            let gradientX = inverseDeviation * (d - d.mean(alongAxes: reduced, keepingDims: true)
                                                - normalized * (d * normalized).mean(alongAxes: reduced, keepingDims: true))
            var gradients: [Tensor?] = [gradientX]
            if let scale { gradients.append(Tensor.unbroadcast(g * normalized, to: scale.shape)) }
            if let shiftShape { gradients.append(Tensor.unbroadcast(g, to: shiftShape)) }
            return gradients
        }
        return (result, mean, variance)
    }

    /// y = γ ⊙ (x - μ) / √(σ² + ε) + β with fixed statistics `mean` μ and `variance` σ² (running averages,
    /// broadcast against x like `scale` γ and `shift` β): the evaluation mode of batch and instance
    /// normalisation, built from elementwise operations, so the gradient flows to x, γ and β only.
    ///
    /// The statistics being fixed, this is x ⊙ a + b with a = γ/√(σ² + ε) and b = β - μ ⊙ a, worked out on
    /// the small statistics first: two passes over x.
    func normalized(mean: Tensor, variance: Tensor, scale: Tensor?, shift: Tensor?, epsilon: Double) -> Tensor {
        var gain = 1 / (variance + epsilon).sqrt()
        if let scale { gain = gain * scale }
        let offset = shift.map { $0 - mean * gain } ?? -mean * gain
        return self * gain + offset
    }
}
