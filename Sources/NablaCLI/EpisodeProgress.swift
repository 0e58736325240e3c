import Foundation
import NablaRL
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Shows deep Q-learning's progress: on a terminal, a bar over the environment steps redrawn in place
/// with the last episode's return and the mean of the last ten; otherwise one line per ten episodes.
/// Evaluations always get a line of their own.
final class EpisodeProgress {
    private let totalSteps: Int
    private let isTerminal: Bool
    private let width = 30
    private var recentReturns: [Double] = []
    private var lastDraw = Date.distantPast
    private var lineOpen = false

    /// A display for a run of `totalSteps` environment steps.
    init(totalSteps: Int, isTerminal: Bool = isatty(STDOUT_FILENO) != 0) {
        self.totalSteps = totalSteps
        self.isTerminal = isTerminal
    }

    /// Shows `event`.
    func show(_ event: DeepQLearningEvent) {
        switch event {
        case let .episode(number, episodeReturn, _, step, epsilon):
            recentReturns = Array((recentReturns + [episodeReturn]).suffix(10))
            let mean = recentReturns.reduce(0, +) / Double(recentReturns.count)
            let summary = "episode \(number): return \(Self.format(episodeReturn)), mean of last \(recentReturns.count) \(Self.format(mean)), ε \(String(format: "%.3f", epsilon))"
            if isTerminal {
                let now = Date()
                guard now.timeIntervalSince(lastDraw) >= 0.1 else { return }
                lastDraw = now
                let filled = min(width, width * step / max(totalSteps, 1))
                let bar = String(repeating: "=", count: filled) + (filled < width ? ">" : "") + String(repeating: " ", count: max(0, width - filled - 1))
                print("\r[\(bar)] \(step)/\(totalSteps) steps  \(summary)\u{1B}[K", terminator: "")
                lineOpen = true
            } else if number % 10 == 0 {
                print("step \(step)/\(totalSteps)  \(summary)")
            }
        case let .evaluation(step, averageReturn, isBest):
            closeLine()
            print("step \(step): greedy evaluation average return \(Self.format(averageReturn))\(isBest ? " (best so far, kept)" : "")")
        }
        fflush(nil)   // all output streams: the line must appear now
    }

    /// Ends a bar left open.
    func closeLine() {
        if lineOpen { print("\r\u{1B}[K", terminator: "") }
        lineOpen = false
    }

    /// `500`, `-0.84`, `187.3`.
    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(format: "%.2f", value)
    }
}
