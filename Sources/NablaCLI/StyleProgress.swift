import Foundation
import Nabla
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Shows style transfer's progress: on a terminal, a bar over the steps redrawn in place with the three
/// loss terms and the time per step; otherwise one line every tenth of the run.
final class StyleProgress {
    private let totalSteps: Int
    private let isTerminal: Bool
    private let width = 30
    private var lastDraw = Date.distantPast
    private var lineOpen = false

    /// A display for a run of `totalSteps` steps.
    init(totalSteps: Int, isTerminal: Bool = isatty(STDOUT_FILENO) != 0) {
        self.totalSteps = totalSteps
        self.isTerminal = isTerminal
    }

    /// Shows the losses of step `step`, `elapsed` seconds into the run.
    func show(step: Int, losses: StyleTransfer.Losses, elapsed: TimeInterval) {
        let summary = String(format: "content %.4f  style %.4f  tv %.5f  %.2f s/step", losses.content, losses.style, losses.totalVariation, elapsed / Double(step))
        if isTerminal {
            let now = Date()
            guard now.timeIntervalSince(lastDraw) >= 0.1 || step == totalSteps else { return }
            lastDraw = now
            let filled = min(width, width * step / max(totalSteps, 1))
            let bar = String(repeating: "=", count: filled) + (filled < width ? ">" : "") + String(repeating: " ", count: max(0, width - filled - 1))
            print("\r[\(bar)] \(step)/\(totalSteps)  \(summary)\u{1B}[K", terminator: "")
            lineOpen = true
        } else if step == 1 || step % max(1, totalSteps / 10) == 0 || step == totalSteps {
            print("step \(step)/\(totalSteps)  \(summary)")
        }
        fflush(nil)
    }

    /// Prints `message` on a line of its own.
    func note(_ message: String) {
        finish()
        print(message)
        fflush(nil)
    }

    /// Ends a bar left open.
    func finish() {
        if lineOpen { print("") }
        lineOpen = false
    }
}
