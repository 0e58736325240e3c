/// Layer normalisation (Ba, Kiros and Hinton): each sample is standardised over its last axes with its
/// own mean and variance, then scaled by γ and shifted by β. It behaves the same in training and
/// evaluation and does not depend on the batch, which makes it the normalisation of recurrent networks
/// and transformers (the notes' "layer norm instead of batch norm").
///
/// ```swift
/// let norm = LayerNorm([256])            // over the last axis of [N, T, 256]
/// let y = norm(Tensor.randomNormal([8, 10, 256]))
/// ```
public final class LayerNorm: Module, Layer {
    /// γ, of `normalizedShape` (ones at first), or `nil` without `affine`.
    public var weight: Tensor? { _weight?.value }
    /// β, of `normalizedShape` (zeros at first), or `nil` without `affine`.
    public var bias: Tensor? { _bias?.value }
    private let _weight: Parameter?
    private let _bias: Parameter?

    /// The trailing dimensions each sample is normalised over.
    public let normalizedShape: [Int]
    /// ε, added to the variance before the square root.
    public let epsilon: Double

    /// A layer normalising over trailing dimensions `normalizedShape`, with learnable γ and β when `affine`.
    public init(_ normalizedShape: [Int], epsilon: Double = 1e-5, affine: Bool = true, dtype: DType = .float32) {
        require(!normalizedShape.isEmpty && normalizedShape.allSatisfy { $0 > 0 },
                "LayerNorm: normalizedShape must be positive sizes, got \(normalizedShape)")
        require(epsilon >= 0, "LayerNorm: epsilon must not be negative, got \(epsilon)")
        self.normalizedShape = normalizedShape
        self.epsilon = epsilon
        _weight = affine ? Parameter(Tensor.ones(normalizedShape, dtype: dtype)) : nil
        _bias = affine ? Parameter(Tensor.zeros(normalizedShape, dtype: dtype)) : nil
        super.init()
    }

    /// Normalises each sample over its last `normalizedShape.count` axes.
    public func forward(_ input: Tensor) -> Tensor {
        let k = normalizedShape.count
        require(input.rank >= k && Array(input.shape.suffix(k)) == normalizedShape,
                "LayerNorm(\(normalizedShape)) expects input [..., \(normalizedShape.map(String.init).joined(separator: ", "))], got \(input.shape)")
        return input.normalized(alongAxes: Array((input.rank - k)..<input.rank), scale: weight, shift: bias, epsilon: epsilon).output
    }
}
