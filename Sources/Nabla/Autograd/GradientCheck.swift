/// The outcome of `checkGradients`: how far backpropagation's gradient is from central finite differences.
public struct GradientCheckResult: CustomStringConvertible, Sendable {
    /// Whether every element satisfies |analytic - numeric| ≤ absoluteTolerance + relativeTolerance·|numeric|.
    public let passed: Bool
    /// The largest |analytic - numeric| over all elements of all inputs.
    public let maxAbsoluteError: Double
    /// The largest |analytic - numeric| / max(|analytic|, |numeric|) over elements where either is above 1e-12.
    public let maxRelativeError: Double
    /// The position in `inputs` of the input holding the worst element: the one that came closest to, or went
    /// furthest past, the tolerance.
    public let worstInput: Int
    /// The worst element's indices per dimension, within input `worstInput`.
    public let worstIndex: [Int]
    /// The gradient from `backward()` at the worst element.
    public let analytic: Double
    /// The central finite-difference estimate of the gradient at the worst element.
    public let numeric: Double

    /// The message, naming what is wrong.
    public var description: String {
        "gradient check \(passed ? "passed" : "FAILED"): max absolute error \(maxAbsoluteError), max relative error \(maxRelativeError); worst at input \(worstInput) index \(worstIndex): analytic \(analytic), numeric \(numeric)"
    }
}

/// Compares the gradients that `backward()` computes for `function` with central finite differences,
/// in `Double` (like `torch.autograd.gradcheck`).
///
/// The inputs are converted to `float64` leaves. A non-scalar output is reduced to the scalar
/// L = Σ r ⊙ f(x) with fixed random weights r, so every output element takes part. Each input element
/// is then perturbed by ±ε: ∂L/∂xᵢ ≈ (L(x + εeᵢ) - L(x - εeᵢ)) / 2ε. Constants the function uses
/// should be `float64` too (capture them converted).
///
/// ```swift
/// let result = try checkGradients(at: [a, b]) { $0[0].matmul($0[1]).tanh() }
/// #expect(result.passed, "\(result)")
/// ```
public func checkGradients(
    at inputs: [Tensor], epsilon: Double = 1e-6, absoluteTolerance: Double = 1e-6, relativeTolerance: Double = 1e-5,
    seed: UInt64 = 1, _ function: ([Tensor]) throws -> Tensor
) throws -> GradientCheckResult {
    let leaves = inputs.map { $0.converted(to: .float64).requiringGrad() }
    let probe = try withoutGradients { try function(leaves) }
    var generator = RandomGenerator(seed: seed)
    let weights = Tensor.randomNormal(probe.shape, dtype: .float64, generator: &generator)
    func objective(_ values: [Tensor]) throws -> Tensor { (try function(values).converted(to: .float64) * weights).sum() }

    try objective(leaves).backward()
    var maxAbsolute = 0.0, maxRelative = 0.0
    var worst = (input: 0, offset: 0, ratio: -1.0, analytic: 0.0, numeric: 0.0)
    for (inputIndex, leaf) in leaves.enumerated() {
        let analytic = leaf.grad?.scalars(as: Double.self) ?? Array(repeating: 0, count: leaf.count)
        for offset in 0..<leaf.count {
            let numeric = try withoutGradients { () throws -> Double in
                var shifted = leaves.map { $0.detached() }
                var values = leaf.scalars(as: Double.self)
                let original = values[offset]
                values[offset] = original + epsilon
                shifted[inputIndex] = Tensor(values, shape: leaf.shape, dtype: .float64)
                let plus = try objective(shifted).item
                values[offset] = original - epsilon
                shifted[inputIndex] = Tensor(values, shape: leaf.shape, dtype: .float64)
                let minus = try objective(shifted).item
                return (plus - minus) / (2 * epsilon)
            }
            let error = Swift.abs(analytic[offset] - numeric)
            let scale = Swift.max(Swift.abs(analytic[offset]), Swift.abs(numeric))
            maxAbsolute = Swift.max(maxAbsolute, error.isNaN ? .infinity : error)
            if scale > 1e-12 { maxRelative = Swift.max(maxRelative, error / scale) }
            let ratio = error.isNaN ? .infinity : error / (absoluteTolerance + relativeTolerance * Swift.abs(numeric))
            if ratio > worst.ratio { worst = (inputIndex, offset, ratio, analytic[offset], numeric) }
        }
    }
    let worstShape = leaves.isEmpty ? [] : leaves[worst.input].shape
    var remainder = worst.offset
    var worstIndex = [Int](repeating: 0, count: worstShape.count)
    for axis in worstShape.indices.reversed() where worstShape[axis] > 0 {
        worstIndex[axis] = remainder % worstShape[axis]
        remainder /= worstShape[axis]
    }
    return GradientCheckResult(
        passed: worst.ratio <= 1, maxAbsoluteError: maxAbsolute, maxRelativeError: maxRelative,
        worstInput: worst.input, worstIndex: worstIndex, analytic: worst.analytic, numeric: worst.numeric)
}
