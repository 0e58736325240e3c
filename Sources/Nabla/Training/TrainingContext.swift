import Foundation

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
    /// Samples per epoch.
    public let samplesPerEpoch: Int
    /// Set to `true` to end training after the current epoch.
    public var stopTraining = false
    /// Set to `true` to end training after the current batch, leaving the epoch unfinished (no
    /// `epochDidEnd` for it), as an interrupted run would.
    public var abortTraining = false

    /// The epoch under way, counted from 0.
    public private(set) var epoch = 0
    /// The batches finished so far in the current epoch (i + 1 when `batchDidEnd` reports batch i).
    public private(set) var batchesDone = 0
    /// The samples in those batches.
    public private(set) var samplesDone = 0
    /// When the current epoch began.
    public private(set) var epochStart = Date()
    private var lossTotal = 0.0
    private var metricTotals: [String: (sum: Double, count: Int)] = [:]
    private var metricNames: [String] = []

    init(model: Module, optimizer: any Optimizer, epochs: Int, batchesPerEpoch: Int, samplesPerEpoch: Int) {
        self.model = model
        self.optimizer = optimizer
        self.epochs = epochs
        self.batchesPerEpoch = batchesPerEpoch
        self.samplesPerEpoch = samplesPerEpoch
    }

    /// The mean loss and metrics of the current epoch so far.
    public var runningLogs: [String: Double] {
        var logs = ["loss": lossTotal / Double(Swift.max(samplesDone, 1))]
        for name in metricNames {
            if let total = metricTotals[name] { logs[name] = total.sum / Double(Swift.max(total.count, 1)) }
        }
        return logs
    }

    func beginEpoch(_ epoch: Int) {
        self.epoch = epoch
        batchesDone = 0
        samplesDone = 0
        lossTotal = 0
        metricTotals = [:]
        epochStart = Date()
    }

    func record(batch: Int, size: Int, loss: Double, metrics: [(String, (sum: Double, count: Int))]) {
        batchesDone = batch + 1
        samplesDone += size
        lossTotal += loss * Double(size)
        metricNames = metrics.map(\.0)
        for (name, value) in metrics {
            let total = metricTotals[name] ?? (0, 0)
            metricTotals[name] = (total.sum + value.sum, total.count + value.count)
        }
    }
}
