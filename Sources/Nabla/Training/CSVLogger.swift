import Foundation

/// Writes one CSV row per epoch (`epoch,learning_rate,loss,accuracy,val_loss,...`). The whole file is
/// rewritten atomically after each epoch, so it is never left half written.
public final class CSVLogger: Callback {
    /// The CSV file, rewritten after every epoch.
    public let url: URL
    private var rows: [[String: Double]] = []

    /// A logger that writes to `url`, replacing any file there after the first epoch.
    public init(url: URL) { self.url = url }

    /// Starts from the epochs already in the history (when resuming), whose learning rates are unknown.
    public func trainingWillBegin(_ context: TrainingContext) {
        rows = context.history.epochs.enumerated().map { index, logs in logs.merging(["epoch": Double(index + 1)]) { $1 } }
    }

    /// Adds the epoch's row (epoch counted from 1, the optimiser's learning rate, then the logs) and rewrites
    /// the file; a write error is printed to standard error and training goes on.
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
