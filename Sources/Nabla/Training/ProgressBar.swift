import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Shows training progress: on a terminal, a bar per epoch redrawn in place (batches done, time left,
/// running loss and accuracy, samples per second); otherwise one plain line per epoch.
/// `fit(verbose: true)` adds one by itself.
public final class ProgressBar: Callback {
    private let isTerminal: Bool
    private let width: Int
    private var lastDraw = Date.distantPast
    private var lineOpen = false

    /// - Parameter isTerminal: draw the bar (`true`) or plain lines (`false`); by default, whether
    ///   standard output is a terminal.
    /// - Parameter width: the length of the bar in characters (default 30).
    public init(isTerminal: Bool? = nil, width: Int = 30) {
        self.isTerminal = isTerminal ?? (isatty(STDOUT_FILENO) != 0)
        self.width = width
    }

    /// On a terminal, redraws the bar (at most every 0.1 s, and always after the epoch's last batch).
    public func batchDidEnd(_ batch: Int, loss: Double, context: TrainingContext) {
        guard isTerminal else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.1 || context.batchesDone == context.batchesPerEpoch else { return }
        lastDraw = now
        let done = Double(context.batchesDone) / Double(Swift.max(context.batchesPerEpoch, 1))
        let filled = Int(done * Double(width))
        let bar = String(repeating: "=", count: filled) + (filled < width ? ">" : "") + String(repeating: " ", count: Swift.max(0, width - filled - 1))
        let elapsed = now.timeIntervalSince(context.epochStart)
        let remaining = done > 0 ? elapsed * (1 - done) / done : 0
        let line = "epoch \(context.epoch + 1)/\(context.epochs) [\(bar)] \(context.batchesDone)/\(context.batchesPerEpoch)"
            + " ETA \(Self.duration(remaining)) " + Self.format(context.runningLogs)
            + String(format: " %.0f samples/s", Double(context.samplesDone) / Swift.max(elapsed, 1e-9))
        print("\r" + line + "\u{1B}[K", terminator: "")
        lineOpen = true
        fflush(nil)   // all output streams: the bar must appear now
    }

    /// Prints the epoch's final line: its logs, duration and samples per second.
    public func epochDidEnd(_ epoch: Int, logs: [String: Double], context: TrainingContext) {
        let seconds = Date().timeIntervalSince(context.epochStart)
        let line = "epoch \(epoch + 1)/\(context.epochs): " + Self.format(logs)
            + String(format: " (%.1f s, %.0f samples/s)", seconds, Double(context.samplesDone) / Swift.max(seconds, 1e-9))
        print((isTerminal ? "\r" : "") + line + (isTerminal ? "\u{1B}[K" : ""))
        lineOpen = false
        fflush(nil)   // all output streams: the bar must appear now
    }

    /// Ends a bar left open by an epoch that did not finish.
    public func trainingDidEnd(_ context: TrainingContext) {
        if lineOpen { print("") }
        lineOpen = false
    }

    /// `loss 0.3121, accuracy 0.8876, val_loss ...` in History's order.
    static func format(_ logs: [String: Double]) -> String {
        History(epochs: [logs]).names.compactMap { name in logs[name].map { "\(name) \(String(format: "%.4f", $0))" } }.joined(separator: ", ")
    }

    private static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 60 ? "\(s / 60)m\(String(format: "%02d", s % 60))s" : "\(s)s"
    }
}
