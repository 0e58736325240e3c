/// What a pooling operation computes over each window.
public enum PoolingKind: String, Hashable, Sendable, CaseIterable {
    /// The largest value (max pooling); its gradient goes to the position of that value.
    case max
    /// The mean, positions in the padding counting as zeros (average pooling).
    case average
    /// The square root of the sum of squares, √(Σ x²) (L2 pooling).
    case l2
}
