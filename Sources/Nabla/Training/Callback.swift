/// Hooks into `fit`: called when training begins, after each batch, after each epoch (with that epoch's
/// logs) and when training ends. Every method has an empty default, so a callback implements only
/// what it needs.
public protocol Callback: AnyObject {
    func trainingWillBegin(_ context: TrainingContext)
    func epochWillBegin(_ epoch: Int, context: TrainingContext)
    func batchDidEnd(_ batch: Int, loss: Double, context: TrainingContext)
    func epochDidEnd(_ epoch: Int, logs: [String: Double], context: TrainingContext)
    func trainingDidEnd(_ context: TrainingContext)
}

extension Callback {
    public func trainingWillBegin(_ context: TrainingContext) {}
    public func epochWillBegin(_ epoch: Int, context: TrainingContext) {}
    public func batchDidEnd(_ batch: Int, loss: Double, context: TrainingContext) {}
    public func epochDidEnd(_ epoch: Int, logs: [String: Double], context: TrainingContext) {}
    public func trainingDidEnd(_ context: TrainingContext) {}
}

/// What callbacks see of a running `fit`, and how they steer it.
public final class TrainingContext {
    /// The model being trained.
    public let model: Module
    /// Its optimiser (schedules change `learningRate`).
    public let optimizer: any Optimizer
    /// The planned number of epochs.
    public let epochs: Int
    /// Batches per epoch.
    public let batchesPerEpoch: Int
    /// The history so far.
    public internal(set) var history = History()
    /// Set to `true` to end training after the current epoch.
    public var stopTraining = false

    init(model: Module, optimizer: any Optimizer, epochs: Int, batchesPerEpoch: Int) {
        self.model = model
        self.optimizer = optimizer
        self.epochs = epochs
        self.batchesPerEpoch = batchesPerEpoch
    }
}
