/// Batch normalisation (Ioffe and Szegedy): each channel is standardised with the mean and variance
/// of the current batch while training, then scaled by γ and shifted by β; the running averages of
/// those statistics take their place in evaluation mode.
///
/// Inputs are `[N, C]`, `[N, C, L]` (`BatchNorm1d`) or `[N, C, H, W]` (`BatchNorm2d`): the statistics are
/// taken over every axis but the channel axis 1. γ (`weight`) and β (`bias`) are parameters of shape
/// `[C]`; the running mean and variance are buffers, saved with the model and never trained.
///
/// ```swift
/// let hidden = Sequential {
///     Linear(784, 256)
///     BatchNorm1d(256)
///     ReLU()
/// }
/// ```
///
/// While training, running = (1 - momentum) · running + momentum · batch, with the batch variance
/// unbiased (divided by n - 1) as in PyTorch; the normalisation itself divides by n.
public class BatchNorm: Module, Layer {
    /// γ, `[C]` (ones at first), or `nil` without `affine`.
    public var weight: Tensor? { _weight?.value }
    /// β, `[C]` (zeros at first), or `nil` without `affine`.
    public var bias: Tensor? { _bias?.value }
    private let _weight: Parameter?
    private let _bias: Parameter?
    /// The running mean per channel, `[C]`, used in evaluation mode.
    @Buffer public var runningMean: Tensor
    /// The running (unbiased) variance per channel, `[C]`, used in evaluation mode.
    @Buffer public var runningVariance: Tensor

    /// The number of channels C.
    public let features: Int
    /// How far each training batch moves the running statistics.
    public let momentum: Double
    /// ε, added to the variance before the square root.
    public let epsilon: Double
    /// The input ranks this layer accepts.
    let ranks: Set<Int>

    /// A layer for `features` channels, with learnable γ and β when `affine`.
    public convenience init(_ features: Int, momentum: Double = 0.1, epsilon: Double = 1e-5, affine: Bool = true, dtype: DType = .float32) {
        self.init(features, momentum: momentum, epsilon: epsilon, affine: affine, dtype: dtype, ranks: [2, 3, 4])
    }

    init(_ features: Int, momentum: Double, epsilon: Double, affine: Bool, dtype: DType, ranks: Set<Int>) {
        require(features > 0, "\(Self.self): the number of channels must be positive, got \(features)")
        require(momentum >= 0 && momentum <= 1, "\(Self.self): momentum must be in [0, 1], got \(momentum)")
        require(epsilon >= 0, "\(Self.self): epsilon must not be negative, got \(epsilon)")
        self.features = features
        self.momentum = momentum
        self.epsilon = epsilon
        self.ranks = ranks
        _weight = affine ? Parameter(Tensor.ones([features], dtype: dtype)) : nil
        _bias = affine ? Parameter(Tensor.zeros([features], dtype: dtype)) : nil
        _runningMean = Buffer(Tensor.zeros([features], dtype: dtype))
        _runningVariance = Buffer(Tensor.ones([features], dtype: dtype))
        super.init()
    }

    /// Normalises each channel: with the batch's statistics while training (and updates the running
    /// ones), with the running statistics in evaluation mode.
    public func forward(_ input: Tensor) -> Tensor {
        require(ranks.contains(input.rank) && input.shape[1] == features,
                "\(typeName)(\(features)) expects input [N, \(features)\(input.rank > 2 ? ", ..." : "")] of rank \(ranks.sorted().map(String.init).joined(separator: " or ")), got \(input.shape)")
        let perChannel = [1, features] + Array(repeating: 1, count: input.rank - 2)
        let scale = weight?.reshaped(perChannel), shift = bias?.reshaped(perChannel)
        let axes = [0] + Array(2..<input.rank)
        guard isTraining else {
            return input.normalized(mean: runningMean.reshaped(perChannel), variance: runningVariance.reshaped(perChannel),
                                    scale: scale, shift: shift, epsilon: epsilon)
        }
        let count = axes.reduce(1) { $0 * input.shape[$1] }
        require(count > 1, "\(typeName): training needs more than one value per channel to measure a variance, got input \(input.shape)")
        let (output, mean, variance) = input.normalized(alongAxes: axes, scale: scale, shift: shift, epsilon: epsilon)
        $runningMean.update { running in
            running = (1 - momentum) * running + momentum * mean.reshaped([features]).converted(to: running.dtype)
        }
        $runningVariance.update { running in
            let unbiased = variance.reshaped([features]) * (Double(count) / Double(count - 1))
            running = (1 - momentum) * running + momentum * unbiased.converted(to: running.dtype)
        }
        return output
    }
}

/// Batch normalisation of `[N, C]` or `[N, C, L]` inputs (PyTorch's `BatchNorm1d`).
public final class BatchNorm1d: BatchNorm {
    /// A layer for `features` channels, with learnable γ and β when `affine`.
    public init(_ features: Int, momentum: Double = 0.1, epsilon: Double = 1e-5, affine: Bool = true, dtype: DType = .float32) {
        super.init(features, momentum: momentum, epsilon: epsilon, affine: affine, dtype: dtype, ranks: [2, 3])
    }
}

/// Batch normalisation of `[N, C, H, W]` inputs, per channel over the batch and the image (PyTorch's `BatchNorm2d`).
public final class BatchNorm2d: BatchNorm {
    /// A layer for `features` channels, with learnable γ and β when `affine`.
    public init(_ features: Int, momentum: Double = 0.1, epsilon: Double = 1e-5, affine: Bool = true, dtype: DType = .float32) {
        super.init(features, momentum: momentum, epsilon: epsilon, affine: affine, dtype: dtype, ranks: [4])
    }
}
