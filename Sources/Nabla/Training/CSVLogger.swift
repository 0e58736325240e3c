import Foundation

/// Writes one CSV row per epoch (`epoch,learning_rate,loss,accuracy,val_loss,...`). The whole file is
/// rewritten atomically after each epoch, so it is never left half written.
///
/// When resuming, the logger starts from the history's epochs; give their learning rates (saved with
/// the checkpoint) so that the restored rows keep that column:
///
/// ```swift
/// let logger = CSVLogger(url: runDirectory.appendingPathComponent("history.csv"), learningRates: savedRates)
/// ```
public final class CSVLogger: Callback {
    /// The CSV file, rewritten after every epoch.
    public let url: URL
    /// The learning rate of each epoch logged so far (the restored ones first).
    private var learningRates: [Double]
    private var rows: [[String: Double]] = []

    /// A logger that writes to `url`, replacing any file there. `learningRates` are the rates of the
    /// epochs already in the history when training is resumed (missing ones are left empty).
    public init(url: URL, learningRates: [Double] = []) {
        self.url = url
        self.learningRates = learningRates
    }

    /// Starts from the epochs already in the history (when resuming) and, if there are any, writes them
    /// at once, so that a file left behind by an interrupted run matches the history resumed from.
    public func trainingWillBegin(_ context: TrainingContext) {
        let restored = context.history.epochs
        learningRates = Array(learningRates.prefix(restored.count))
        rows = restored.enumerated().map { index, logs in
            var row = logs
            row["epoch"] = Double(index + 1)
            if index < learningRates.count { row["learning_rate"] = learningRates[index] }
            return row
        }
        if !rows.isEmpty { writeRows() }
    }

    /// Adds the epoch's row (epoch counted from 1, the optimiser's learning rate, then the logs) and
    /// rewrites the file.
    public func epochDidEnd(_ epoch: Int, logs: [String: Double], context: TrainingContext) {
        var row = logs
        row["epoch"] = Double(epoch + 1)
        row["learning_rate"] = context.optimizer.learningRate
        learningRates.append(context.optimizer.learningRate)
        rows.append(row)
        writeRows()
    }

    /// Writes every row; a write error is printed to standard error and training goes on.
    private func writeRows() {
        let history = History(epochs: rows.map { $0.filter { $0.key != "epoch" && $0.key != "learning_rate" } })
        let columns = ["epoch", "learning_rate"] + history.names
        let lines = [columns.joined(separator: ",")] + rows.map { row in
            columns.map { column in row[column].map { column == "epoch" ? String(Int($0)) : String($0) } ?? "" }.joined(separator: ",")
        }
        do {
            try AtomicFile.write(Data((lines.joined(separator: "\n") + "\n").utf8), to: url)
        } catch {
            FileHandle.standardError.write(Data("CSVLogger: cannot write \(url.path): \(error)\n".utf8))
        }
    }
}
