/// Sets the optimiser's learning rate from a schedule at the start of every epoch (and, for schedules
/// that watch the validation loss, after every epoch).
///
/// The schedule starts from an initial rate: by default the optimiser's rate when training begins. A run
/// resumed from a checkpoint begins with an already scheduled rate, so pass the original one as
/// `initialLearningRate` (or set the optimiser back to it) to continue exactly as before.
public final class LearningRateScheduler: Callback {
    private var schedule: any LearningRateSchedule
    private let initialLearningRate: Double?
    private var initial = 0.0
    private var lastValidationLoss: Double?

    /// Applies `schedule`, starting from `initialLearningRate` or, without one, from the optimiser's
    /// rate at the start of training.
    public init(_ schedule: any LearningRateSchedule, initialLearningRate: Double? = nil) {
        self.schedule = schedule
        self.initialLearningRate = initialLearningRate
    }

    /// Fixes the initial rate: `initialLearningRate`, or the optimiser's rate now.
    public func trainingWillBegin(_ context: TrainingContext) {
        initial = initialLearningRate ?? context.optimizer.learningRate
    }

    /// Sets the optimiser's learning rate to the schedule's rate for `epoch`.
    public func epochWillBegin(_ epoch: Int, context: TrainingContext) {
        context.optimizer.learningRate = schedule.learningRate(
            epoch: epoch, initial: initial, current: context.optimizer.learningRate, validationLoss: lastValidationLoss)
        lastValidationLoss = nil
    }

    /// Keeps the epoch's `val_loss`, if any, for the schedule's next call.
    public func epochDidEnd(_ epoch: Int, logs: [String: Double], context: TrainingContext) {
        lastValidationLoss = logs["val_loss"]
    }
}
