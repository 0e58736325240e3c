/// Standardises its input: y = (x - μ) / σ, with μ and σ measured once on the training data
/// (Keras's `Normalization` layer, PyTorch's `transforms.Normalize`). Putting it first in a model
/// stores the statistics in the model file with the weights, so predictions standardise the same way.
///
/// ```swift
/// let model = Sequential {
///     Standardization(adaptingTo: trainingImages)        // one μ and σ over all pixels
///     Flatten()
///     Linear(784, 10)
/// }
/// ```
///
/// μ and σ are buffers: saved with the model (as `mean` and `standardDeviation`), counted as
/// non-trainable in `summary`, never updated by optimisers nor made trainable by `freeze(false)`.
/// Unlike batch or layer normalisation, the statistics do not follow the data while training.
public final class Standardization: Module, Layer {
    /// μ: one value, or one per feature along the last axis.
    @Buffer public var mean: Tensor
    /// σ: one value, or one per feature along the last axis.
    @Buffer public var standardDeviation: Tensor

    /// A layer with given statistics (scalars or vectors over the last axis).
    public init(mean: Tensor, standardDeviation: Tensor) {
        require(mean.shape == standardDeviation.shape && mean.rank <= 1,
                "Standardization: mean \(mean.shape) and standardDeviation \(standardDeviation.shape) must be equal scalars or vectors")
        require(standardDeviation.scalars(as: Double.self).allSatisfy { $0 > 0 },
                "Standardization: every standard deviation must be positive")
        _mean = Buffer(mean)
        _standardDeviation = Buffer(standardDeviation)
        super.init()
    }

    /// A layer whose statistics are those of `data` (samples along the first axis): over all its
    /// elements, or per feature (the last axis) with `perFeature`. σ is at least `minimumDeviation`
    /// (constant features would otherwise divide by zero).
    public convenience init(adaptingTo data: Tensor, perFeature: Bool = false, minimumDeviation: Double = 1e-7) {
        // Samples [N] have no feature axis: "per feature" would measure each sample on its own.
        require(!perFeature || data.rank >= 2, "Standardization: perFeature needs data [N, ..., features], got \(data.shape)")
        let statistics = withoutGradients { () -> (Tensor, Tensor) in
            let axes = perFeature ? Array(0..<(data.rank - 1)) : Array(0..<data.rank)
            let mean = data.mean(alongAxes: axes)
            let deviation = data.variance(alongAxes: axes, correction: 0).sqrt().clamped(min: minimumDeviation)
            return (mean, deviation)
        }
        self.init(mean: statistics.0, standardDeviation: statistics.1)
    }

    /// (x - μ) / σ.
    public func forward(_ input: Tensor) -> Tensor {
        (input - mean) / standardDeviation
    }
}

/// The former name of `Standardization`, easily mistaken for batch or layer normalisation.
@available(*, deprecated, renamed: "Standardization")
public typealias Normalization = Standardization
