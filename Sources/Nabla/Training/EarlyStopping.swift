/// Stops training when a monitored value has not improved for `patience` epochs: the notes' early-stopping
/// criterion ("no improvement in validation accuracy for n epochs"). With `restoreBestWeights` the
/// model ends with the parameters (and buffers) of its best epoch.
public final class EarlyStopping: Callback {
    /// The value watched, e.g. `val_loss` (lower is better) or `val_accuracy` (higher is better).
    public let monitor: String
    /// The number of epochs in a row without improvement after which training stops (default 5).
    public let patience: Int
    /// The least change that counts as an improvement.
    public let minimumDelta: Double
    /// Whether to copy the best epoch's parameters and buffers back into the model when training ends (default `false`).
    public let restoreBestWeights: Bool
    /// Whether larger values are better; by default, true for names containing "accuracy".
    public let higherIsBetter: Bool

    /// The best value of `monitor` seen so far, or `nil` before the first.
    public private(set) var best: Double?
    /// The epoch of `best`, counted from 0.
    public private(set) var bestEpoch: Int?
    /// The epoch after which training was stopped, if it was.
    public private(set) var stoppedEpoch: Int?
    private var bestState: [String: Tensor] = [:]
    private var waited = 0

    /// Watches `monitor` (default `val_loss`; epochs whose logs lack it are skipped). `higherIsBetter` defaults
    /// to whether the name contains "accuracy".
    public init(monitor: String = "val_loss", patience: Int = 5, minimumDelta: Double = 0,
                restoreBestWeights: Bool = false, higherIsBetter: Bool? = nil) {
        self.monitor = monitor
        self.patience = patience
        self.minimumDelta = minimumDelta
        self.restoreBestWeights = restoreBestWeights
        self.higherIsBetter = higherIsBetter ?? monitor.lowercased().contains("accuracy")
    }

    /// Forgets the best value, its epoch, the stopped epoch and the epochs waited.
    public func trainingWillBegin(_ context: TrainingContext) {
        best = nil
        bestEpoch = nil
        stoppedEpoch = nil
        waited = 0
        bestState = [:]
    }

    /// Records an improvement by more than `minimumDelta` (with `restoreBestWeights`, copying the parameters and buffers),
    /// or counts an epoch without; after `patience` such epochs in a row, sets `context.stopTraining`.
    public func epochDidEnd(_ epoch: Int, logs: [String: Double], context: TrainingContext) {
        guard let value = logs[monitor] else { return }
        let improved = best.map { higherIsBetter ? value > $0 + minimumDelta : value < $0 - minimumDelta } ?? true
        if improved {
            best = value
            bestEpoch = epoch
            waited = 0
            if restoreBestWeights {
                bestState = Dictionary(uniqueKeysWithValues: context.model.namedState().map { ($0.name, $0.tensor.value) })
            }
        } else {
            waited += 1
            if waited >= patience {
                stoppedEpoch = epoch
                context.stopTraining = true
            }
        }
    }

    /// With `restoreBestWeights`, copies the best epoch's parameters and buffers back into the model.
    public func trainingDidEnd(_ context: TrainingContext) {
        guard restoreBestWeights, !bestState.isEmpty else { return }
        for (name, target) in context.model.namedState() {
            if let saved = bestState[name], saved.shape == target.value.shape { target.assign(saved) }
        }
    }
}
