import Foundation

/// A learning rate that changes with the epoch (learning-rate decay, as the notes suggest once the
/// validation accuracy stops improving). `LearningRateScheduler` applies one during `fit`.
public protocol LearningRateSchedule {
    /// The learning rate for `epoch` (counted from 0), given the initial rate η, the optimiser's
    /// `current` rate and the latest validation loss (when there is one).
    mutating func learningRate(epoch: Int, initial: Double, current: Double, validationLoss: Double?) -> Double
}

/// η·γ^⌊epoch/stepSize⌋: multiply by `gamma` every `stepSize` epochs.
public struct StepDecay: LearningRateSchedule {
    /// The number of epochs between reductions (positive).
    public let stepSize: Int
    /// γ (default 0.1): the factor applied at each reduction.
    public let gamma: Double
    /// Multiplies the rate by `gamma` every `stepSize` epochs. Stops with a message unless `stepSize` > 0.
    public init(stepSize: Int, gamma: Double = 0.1) {
        require(stepSize > 0, "StepDecay: stepSize must be positive")
        self.stepSize = stepSize
        self.gamma = gamma
    }
    /// η·γ^⌊epoch / stepSize⌋.
    public func learningRate(epoch: Int, initial: Double, current: Double, validationLoss: Double?) -> Double {
        initial * Foundation.pow(gamma, Double(epoch / stepSize))
    }
}

/// η·γ^epoch.
public struct ExponentialDecay: LearningRateSchedule {
    /// The factor γ applied every epoch (e.g. 0.95).
    public let gamma: Double
    /// Multiplies the rate by `gamma` every epoch.
    public init(gamma: Double) { self.gamma = gamma }
    /// η·γ^epoch.
    public func learningRate(epoch: Int, initial: Double, current: Double, validationLoss: Double?) -> Double {
        initial * Foundation.pow(gamma, Double(epoch))
    }
}

/// Cosine annealing from η down to `minimum` over `epochs`: η_min + ½(η - η_min)(1 + cos(π·epoch/epochs)).
public struct CosineAnnealing: LearningRateSchedule {
    /// The length of the annealing in epochs, after which the rate stays at `minimum` (positive; usually
    /// the number of training epochs).
    public let epochs: Int
    /// η_min (default 0): the final rate.
    public let minimum: Double
    /// Anneals from the initial rate to `minimum` over `epochs` epochs. Stops with a message unless `epochs` > 0.
    public init(epochs: Int, minimum: Double = 0) {
        require(epochs > 0, "CosineAnnealing: epochs must be positive")
        self.epochs = epochs
        self.minimum = minimum
    }
    /// η_min + ½(η - η_min)(1 + cos(π·epoch/epochs)), and η_min after `epochs` epochs.
    public func learningRate(epoch: Int, initial: Double, current: Double, validationLoss: Double?) -> Double {
        let progress = Double(Swift.min(epoch, epochs)) / Double(epochs)
        return minimum + 0.5 * (initial - minimum) * (1 + Foundation.cos(Double.pi * progress))
    }
}

/// Multiplies the rate by `factor` when the validation loss has not improved by more than `threshold`
/// (relative) for `patience` epochs, down to `minimum`.
public struct ReduceOnPlateau: LearningRateSchedule {
    /// The multiplier applied on a plateau (default 0.1, in (0, 1)).
    public let factor: Double
    /// The epochs without improvement that are tolerated; the rate drops on the next one (default 10).
    public let patience: Int
    /// The relative improvement that counts: loss < best·(1 - threshold) (default 1e-4).
    public let threshold: Double
    /// The lowest rate (default 0).
    public let minimum: Double
    private var best = Double.infinity
    private var epochsWithoutImprovement = 0

    /// Stops with a message unless `factor` is in (0, 1). Needs validation data: without a validation loss the
    /// rate never changes.
    public init(factor: Double = 0.1, patience: Int = 10, threshold: Double = 1e-4, minimum: Double = 0) {
        require(factor > 0 && factor < 1, "ReduceOnPlateau: factor must be in (0, 1)")
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.minimum = minimum
    }

    /// The current rate, multiplied by `factor` once the validation loss has not improved for more than `patience`
    /// epochs (never below `minimum`).
    public mutating func learningRate(epoch: Int, initial: Double, current: Double, validationLoss: Double?) -> Double {
        guard let loss = validationLoss else { return current }
        if loss < best * (1 - threshold) {
            best = loss
            epochsWithoutImprovement = 0
            return current
        }
        epochsWithoutImprovement += 1
        guard epochsWithoutImprovement > patience else { return current }
        epochsWithoutImprovement = 0
        return Swift.max(minimum, current * factor)
    }
}
