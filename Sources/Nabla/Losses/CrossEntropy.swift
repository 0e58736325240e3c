/// Cross-entropy costs: for one output neuron with a sigmoid (binary), and for k classes with softmax.
/// They avoid the learning slowdown of the quadratic cost: the gradient with respect to the scores is
/// the plain error a - y, not scaled by σ'(z).
extension Tensor {
    /// Binary cross-entropy on probabilities p ∈ [0, 1]: -[y·ln p + (1 - y)·ln(1 - p)]. Logarithms are
    /// clamped at -100 (as PyTorch does) so p = 0 or 1 gives a large finite cost, not infinity.
    ///
    /// The gradient is written out, ∂C/∂p = (p - y) / (p(1 - p)), with the denominator kept at least 1e-12
    /// (again as PyTorch does): through the clamped logarithms, p = 0 or 1 (a saturated float32 sigmoid)
    /// would give 0/0 = NaN even for a right answer. ∂C/∂y = ln(1 - p) - ln p.
    ///
    /// - Throws: `TensorValueError` for a prediction outside [0, 1] or NaN.
    public static func binaryCrossEntropy(_ probabilities: Tensor, _ targets: Tensor, reduction: Reduction = .mean) throws -> Tensor {
        requireSameShape(probabilities, targets, "binaryCrossEntropy")
        let p = probabilities.detached(), y = targets.detached()
        if let outside = p.scalars(as: Double.self).first(where: { !(0...1).contains($0) }) {
            throw TensorValueError(operation: "binaryCrossEntropy", message: "the predictions must be probabilities in [0, 1], got \(outside); for scores use binaryCrossEntropy(logits:)")
        }
        let (value, logP, logOneMinusP) = withoutGradients {
            let logP = p.log().clamped(min: -100)
            let logOneMinusP = (1 - p).log().clamped(min: -100)
            return (reduction.apply(-(y * logP + (1 - y) * logOneMinusP)), logP, logOneMinusP)
        }
        return record(.binaryCrossEntropy(onLogits: false, reduction: reduction), storage: value.storage, shape: value.shape, inputs: [probabilities, targets]) { g in
            // The upstream gradient of each element: g itself, or g/count for the mean.
            let upstream = reduction == .mean ? g / Double(p.count) : g
            let gradientP = (p - y) / (p * (1 - p)).clamped(min: 1e-12) * upstream
            let gradientY = (logOneMinusP - logP) * upstream
            return [gradientP, gradientY]
        }
    }

    /// Binary cross-entropy on logits z (before the sigmoid), stable for any z:
    /// max(z, 0) - z·y + ln(1 + e^(-|z|)), which equals the cross-entropy of σ(z).
    ///
    /// The gradient is written out, ∂C/∂z = σ(z) - y and ∂C/∂y = -z, so that it is also right at z = 0,
    /// where the kinks of max and |·| in the formula above would each contribute nothing.
    public static func binaryCrossEntropy(logits: Tensor, _ targets: Tensor, reduction: Reduction = .mean) -> Tensor {
        requireSameShape(logits, targets, "binaryCrossEntropy(logits:)")
        let z = logits.detached(), y = targets.detached()
        let value = withoutGradients {
            let softplusOfNegativeMagnitude = ((-z.abs()).exp() + 1).log()
            return reduction.apply(z.relu() - z * y + softplusOfNegativeMagnitude)
        }
        return record(.binaryCrossEntropy(onLogits: true, reduction: reduction), storage: value.storage, shape: value.shape, inputs: [logits, targets]) { g in
            let upstream = reduction == .mean ? g / Double(z.count) : g
            return [(z.sigmoid() - y) * upstream, -z * upstream]
        }
    }

    /// Softmax cross-entropy with integer class labels: -ln softmax(z)_label per sample, from logits
    /// `[N, k]` and labels `[N]` in 0..<k (`int64`, or whole numbers in a floating-point type).
    ///
    /// Computed in one fused step through log-sum-exp; its gradient is the notes' δ = softmax(z) - onehot(y)
    /// (divided by N for the mean).
    ///
    /// With `labelSmoothing` ε > 0 the target is no longer one-hot but (1 - ε)·onehot(y) + ε/k, as in
    /// PyTorch's `CrossEntropyLoss(label_smoothing:)`: the cost becomes (1 - ε)(-ln p_y) + ε·mean_i(-ln p_i),
    /// which keeps a network from pushing its scores ever further apart, and δ = softmax(z) - that target.
    ///
    /// ```swift
    /// let loss = try Tensor.crossEntropy(logits: scores, labels: labels, labelSmoothing: 0.1)
    /// ```
    ///
    /// - Throws: `TensorValueError` for a label that is not a whole number in `0..<k`.
    public static func crossEntropy(logits: Tensor, labels: Tensor, labelSmoothing: Double = 0, reduction: Reduction = .mean) throws -> Tensor {
        require(logits.rank == 2 && labels.rank == 1 && labels.shape[0] == logits.shape[0],
                "crossEntropy: expects logits [N, classes] and labels [N], got \(logits.shape) and \(labels.shape)")
        require((0...1).contains(labelSmoothing), "crossEntropy: labelSmoothing must be in 0...1, got \(labelSmoothing)")
        let classes = logits.shape[1]
        let classIndices = try labels.wholeNumbers(operation: "crossEntropy labels", below: classes)
        let logProbabilities = withoutGradients { logits.detached().logSoftmax(alongAxis: 1) }
        let picked = logProbabilities.gathering(alongAxis: 1, positions: classIndices, indexShape: [classIndices.count, 1])
        let value = withoutGradients {
            var perSample = -picked.reshaped([-1])
            if labelSmoothing > 0 {
                perSample = perSample * (1 - labelSmoothing) - logProbabilities.mean(alongAxis: 1) * labelSmoothing
            }
            return reduction.apply(perSample)
        }
        return record(.crossEntropy(labelSmoothing: labelSmoothing, reduction: reduction), storage: value.storage, shape: value.shape, input: logits) { g in
            // δ = softmax(z) - target, target = (1 - ε)·onehot(y) + ε/k, times the upstream gradient of each sample.
            var delta = logProbabilities.exp()
            if labelSmoothing > 0 { delta = delta - labelSmoothing / Double(classes) }
            delta = delta.scatterAdding(alongAxis: 1, positions: classIndices,
                                        source: Tensor.full([classIndices.count, 1], value: -(1 - labelSmoothing), dtype: logits.dtype))
            switch reduction {
            case .mean: return delta * (g / Double(logits.shape[0]))
            case .sum: return delta * g
            case .none: return delta * g.reshaped([-1, 1])
            }
        }
    }

    /// Softmax cross-entropy with target distributions (one-hot or soft) `[N, k]`: -Σᵢ yᵢ ln softmax(z)ᵢ per sample.
    public static func crossEntropy(logits: Tensor, targets: Tensor, reduction: Reduction = .mean) -> Tensor {
        requireSameShape(logits, targets, "crossEntropy(logits:targets:)")
        let perSample = -(targets * logits.logSoftmax(alongAxis: -1)).sum(alongAxis: -1)
        return reduction.apply(perSample)
    }

    /// Negative log-likelihood of integer labels given log-probabilities `[N, k]` (e.g. from `logSoftmax`):
    /// -ln p_label per sample.
    /// - Throws: `TensorValueError` for a label that is not a whole number in `0..<k`.
    public static func negativeLogLikelihood(logProbabilities: Tensor, labels: Tensor, reduction: Reduction = .mean) throws -> Tensor {
        require(logProbabilities.rank == 2 && labels.rank == 1 && labels.shape[0] == logProbabilities.shape[0],
                "negativeLogLikelihood: expects log-probabilities [N, classes] and labels [N], got \(logProbabilities.shape) and \(labels.shape)")
        let picked = try logProbabilities.gathering(alongAxis: 1, indices: labels.reshaped([-1, 1]))
        return reduction.apply(-picked.reshaped([-1]))
    }
}
