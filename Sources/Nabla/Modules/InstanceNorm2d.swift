/// Instance normalisation (Ulyanov, Vedaldi and Lempitsky): every channel of every image `[N, C, H, W]`
/// is standardised over its own H × W pixels, with its own mean and variance, then scaled by γ and
/// shifted by β if `affine`. It removes each image's contrast, which is why fast style-transfer
/// networks use it in place of batch normalisation.
///
/// The computation is that of layer and batch normalisation over other axes (`Tensor.normalized`
/// with `alongAxes: [2, 3]`), one recorded operation forward and backward. As in PyTorch, γ and β are
/// off by default; with `trackRunningStatistics` the layer also keeps running averages of the mean and
/// (unbiased) variance, averaged over the batch, as buffers, and uses them in evaluation mode.
///
/// ```swift
/// let norm = InstanceNorm2d(32, affine: true)
/// let y = norm(Tensor.randomNormal([4, 32, 64, 64]))   // each [64, 64] plane: mean 0, variance 1, then γ, β
/// ```
public final class InstanceNorm2d: Module, Layer {
    /// γ, `[C]` (ones at first), or `nil` without `affine`.
    public var weight: Tensor? { _weight?.value }
    /// β, `[C]` (zeros at first), or `nil` without `affine`.
    public var bias: Tensor? { _bias?.value }
    /// The running mean per channel, `[C]`, or `nil` without `trackRunningStatistics`.
    public var runningMean: Tensor? { _runningMean?.value }
    /// The running (unbiased) variance per channel, `[C]`, or `nil` without `trackRunningStatistics`.
    public var runningVariance: Tensor? { _runningVariance?.value }
    private let _weight: Parameter?
    private let _bias: Parameter?
    private let _runningMean: Buffer?
    private let _runningVariance: Buffer?

    /// The number of channels C.
    public let features: Int
    /// How far each training batch moves the running statistics.
    public let momentum: Double
    /// ε, added to the variance before the square root.
    public let epsilon: Double

    /// A layer for `features` channels, with learnable γ and β when `affine`, and running statistics for
    /// evaluation when `trackRunningStatistics` (PyTorch's `track_running_stats`).
    public init(
        _ features: Int, momentum: Double = 0.1, epsilon: Double = 1e-5, affine: Bool = false, trackRunningStatistics: Bool = false,
        dtype: DType = .float32
    ) {
        require(features > 0, "InstanceNorm2d: the number of channels must be positive, got \(features)")
        require(momentum >= 0 && momentum <= 1, "InstanceNorm2d: momentum must be in [0, 1], got \(momentum)")
        require(epsilon >= 0, "InstanceNorm2d: epsilon must not be negative, got \(epsilon)")
        self.features = features
        self.momentum = momentum
        self.epsilon = epsilon
        _weight = affine ? Parameter(Tensor.ones([features], dtype: dtype)) : nil
        _bias = affine ? Parameter(Tensor.zeros([features], dtype: dtype)) : nil
        _runningMean = trackRunningStatistics ? Buffer(Tensor.zeros([features], dtype: dtype)) : nil
        _runningVariance = trackRunningStatistics ? Buffer(Tensor.ones([features], dtype: dtype)) : nil
        super.init()
    }

    /// Normalises each channel of each image: with its own statistics while training or without running
    /// statistics (and updates the running ones), with the running statistics in evaluation mode.
    public func forward(_ input: Tensor) -> Tensor {
        require(input.rank == 4 && input.shape[1] == features, "\(self) expects images [N, \(features), H, W], got \(input.shape)")
        let perChannel = [1, features, 1, 1]
        let scale = weight?.reshaped(perChannel), shift = bias?.reshaped(perChannel)
        if !isTraining, let runningMean, let runningVariance {
            return input.normalized(mean: runningMean.reshaped(perChannel), variance: runningVariance.reshaped(perChannel),
                                    scale: scale, shift: shift, epsilon: epsilon)
        }
        let count = input.shape[2] * input.shape[3]
        require(count > 1, "\(self): needs more than one pixel per channel to measure a variance, got input \(input.shape)")
        let (output, mean, variance) = input.normalized(alongAxes: [2, 3], scale: scale, shift: shift, epsilon: epsilon)
        if isTraining, let runningMean = _runningMean, let runningVariance = _runningVariance {
            // running = (1 - momentum)·running + momentum·(the batch's average of the per-image statistics).
            runningMean.update { running in
                running = (1 - momentum) * running + momentum * mean.mean(alongAxes: [0, 2, 3]).converted(to: running.dtype)
            }
            runningVariance.update { running in
                let unbiased = variance.mean(alongAxes: [0, 2, 3]) * (Double(count) / Double(count - 1))
                running = (1 - momentum) * running + momentum * unbiased.converted(to: running.dtype)
            }
        }
        return output
    }
}

extension InstanceNorm2d: CustomStringConvertible {
    /// `InstanceNorm2d(32, affine: true)`, the settings that differ from the defaults.
    public var description: String {
        var settings = ["\(features)"]
        if _weight != nil { settings.append("affine: true") }
        if _runningMean != nil { settings.append("trackRunningStatistics: true") }
        return "InstanceNorm2d(\(settings.joined(separator: ", ")))"
    }
}
