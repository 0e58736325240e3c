import Foundation

/// Calls `save` after epochs, to write checkpoints: after every epoch, or only when the monitored value
/// (e.g. `val_accuracy`) reached a new best.
///
/// ```swift
/// ModelCheckpoint(monitor: "val_accuracy") { epoch, context in try saveModel(context.model, to: path) }
/// ```
public final class ModelCheckpoint: Callback {
    /// The logged value that must improve for a save (e.g. `val_accuracy`), or `nil` to save after every epoch.
    public let monitor: String?
    /// Whether larger values of `monitor` are better; by default, true for names containing "accuracy".
    public let higherIsBetter: Bool
    private let save: (Int, TrainingContext) throws -> Void
    private var best: Double?
    /// The last error `save` threw, if any (training goes on).
    public private(set) var lastError: Error?

    /// With `monitor` nil, saves after every epoch; otherwise only on improvement of that value.
    public init(monitor: String? = nil, higherIsBetter: Bool? = nil, save: @escaping (_ epoch: Int, _ context: TrainingContext) throws -> Void) {
        self.monitor = monitor
        self.higherIsBetter = higherIsBetter ?? (monitor?.lowercased().contains("accuracy") ?? false)
        self.save = save
    }

    /// Starts from the best value in the history so far (none for a new run, the earlier epochs' when
    /// resuming), so that a callback used for a second `fit` does not compare with the first run.
    public func trainingWillBegin(_ context: TrainingContext) {
        guard let monitor else { return }
        let values = context.history[monitor].filter(\.isFinite)
        best = higherIsBetter ? values.max() : values.min()
    }

    /// Calls `save` when there is no `monitor` or its value beat the best so far (strictly; epochs whose logs
    /// lack it are skipped). An error `save` throws is printed to standard error and kept in `lastError`.
    public func epochDidEnd(_ epoch: Int, logs: [String: Double], context: TrainingContext) {
        if let monitor {
            guard let value = logs[monitor] else { return }
            if let best, higherIsBetter ? value <= best : value >= best { return }
            best = value
        }
        do { try save(epoch, context) } catch {
            lastError = error
            FileHandle.standardError.write(Data("ModelCheckpoint: saving after epoch \(epoch + 1) failed: \(error)\n".utf8))
        }
    }
}
