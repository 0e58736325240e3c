/// Hooks into `fit`: called when training begins, around each batch and between its `backward()` and
/// its optimiser step, after each epoch (with that epoch's logs) and when training ends. Every method
/// has an empty default, so a callback implements only what it needs.
///
/// For each batch the calls come in this order: `batchWillBegin`, (forward pass, loss, `backward()`),
/// `optimizerWillStep`, (optimiser step), `batchDidEnd`; after an epoch's last batch, `epochWillEnd`,
/// (validation, then `validationDidEnd`), `epochDidEnd`.
public protocol Callback: AnyObject {
    /// Called once when `fit` starts, before the first epoch (when resuming, `context.history` already
    /// holds the epochs done).
    func trainingWillBegin(_ context: TrainingContext)
    /// Called at the start of each epoch (`epoch` counted from 0), before its first batch.
    func epochWillBegin(_ epoch: Int, context: TrainingContext)
    /// Called before each batch, with its index in the epoch (from 0).
    func batchWillBegin(_ batch: Int, context: TrainingContext)
    /// Called after the batch's `backward()` and before the optimiser's step: the gradients are in the
    /// parameters' `grad` and may be changed (clipped, averaged across processes) before they are applied.
    func optimizerWillStep(_ batch: Int, context: TrainingContext)
    /// Called after each optimiser step with the batch's index in the epoch (from 0) and its loss.
    func batchDidEnd(_ batch: Int, loss: Double, context: TrainingContext)
    /// Called after the epoch's last batch with its training logs (the mean `loss` and metrics over the
    /// samples this process trained on), before validation; the logs may be changed, as data-parallel
    /// training does to make them the means over all processes' samples.
    func epochWillEnd(_ epoch: Int, logs: inout [String: Double], context: TrainingContext)
    /// Called after each epoch's validation with its `results` (`loss` and each metric, the means over
    /// the `sampleCount` validation samples this process evaluated), before they become the epoch's
    /// `val_` logs; they may be changed, as data-parallel training does to make them the means over
    /// all processes' shards of the validation set (`DataLoader.validationShard(of:)`).
    func validationDidEnd(_ epoch: Int, results: inout [String: Double], sampleCount: Int, context: TrainingContext)
    /// Called after each completed epoch with its logs: the mean `loss` and metrics over the epoch's samples,
    /// and `val_loss`, `val_<metric>` with validation data. Set `context.stopTraining` to stop after it.
    func epochDidEnd(_ epoch: Int, logs: [String: Double], context: TrainingContext)
    /// Called once when `fit` ends, also when it stops early, is aborted or throws.
    func trainingDidEnd(_ context: TrainingContext)
}

extension Callback {
    /// Does nothing by default.
    public func trainingWillBegin(_ context: TrainingContext) {}
    /// Does nothing by default.
    public func epochWillBegin(_ epoch: Int, context: TrainingContext) {}
    /// Does nothing by default.
    public func batchWillBegin(_ batch: Int, context: TrainingContext) {}
    /// Does nothing by default.
    public func optimizerWillStep(_ batch: Int, context: TrainingContext) {}
    /// Does nothing by default.
    public func batchDidEnd(_ batch: Int, loss: Double, context: TrainingContext) {}
    /// Does nothing by default.
    public func epochWillEnd(_ epoch: Int, logs: inout [String: Double], context: TrainingContext) {}
    /// Does nothing by default.
    public func validationDidEnd(_ epoch: Int, results: inout [String: Double], sampleCount: Int, context: TrainingContext) {}
    /// Does nothing by default.
    public func epochDidEnd(_ epoch: Int, logs: [String: Double], context: TrainingContext) {}
    /// Does nothing by default.
    public func trainingDidEnd(_ context: TrainingContext) {}
}
