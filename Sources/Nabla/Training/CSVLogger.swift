import Foundation

/// Writes one CSV row per epoch (`epoch,learning_rate,loss,accuracy,val_loss,...`). The whole file is
/// rewritten atomically after each epoch, so it is never left half written.
public final class CSVLogger: Callback {
    public let url: URL
    private var rows: [[String: Double]] = []

    public init(url: URL) { self.url = url }

    public func trainingWillBegin(_ context: TrainingContext) { rows = [] }

    public func epochDidEnd(_ epoch: Int, logs: [String: Double], context: TrainingContext) {
        var row = logs
        row["epoch"] = Double(epoch + 1)
        row["learning_rate"] = context.optimizer.learningRate
        rows.append(row)
        var history = History()
        history.epochs = rows.map { $0.filter { $0.key != "epoch" && $0.key != "learning_rate" } }
        let columns = ["epoch", "learning_rate"] + history.names
        let lines = [columns.joined(separator: ",")] + rows.map { row in
            columns.map { column in row[column].map { column == "epoch" ? String(Int($0)) : String($0) } ?? "" }.joined(separator: ",")
        }
        do {
            try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        } catch {
            FileHandle.standardError.write(Data("CSVLogger: cannot write \(url.path): \(error.localizedDescription)\n".utf8))
        }
    }
}

/// Calls `save` after epochs, to write checkpoints: after every epoch, or only when the monitored value
/// (e.g. `val_accuracy`) reached a new best.
///
/// ```swift
/// ModelCheckpoint(monitor: "val_accuracy") { epoch, context in try saveModel(context.model, to: path) }
/// ```
public final class ModelCheckpoint: Callback {
    public let monitor: String?
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
