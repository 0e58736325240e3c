import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line progress display for a download: percent done, megabytes, and rate.
///
/// On a terminal the line is redrawn in place at most ten times a second:
///
/// ```text
/// train-images-idx3-ubyte.gz  45% [=============>                 ] 11.9/26.4 MB  3.2 MB/s
/// ```
///
/// Elsewhere (a log file, CI) only the final line is written. Lines go to `write`, which by
/// default writes to standard error so that they never mix with a program's output.
public final class DownloadProgress: @unchecked Sendable {
    /// Writes text (with its own `\r` and `\n`) somewhere a person will see it.
    public typealias Writer = @Sendable (String) -> Void

    private let name: String
    private let interactive: Bool
    private let write: Writer
    private let width = 30
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var received: Int64 = 0
    private var expected: Int64?

    /// A display for the download of `name`.
    ///
    /// - Parameters:
    ///   - name: the file's name, shown before the bar.
    ///   - interactive: redraw a live bar (`true`) or write only the final line (`false`); by
    ///     default, whether standard error is a terminal.
    ///   - write: where the text goes; standard error by default.
    public init(name: String, interactive: Bool? = nil, write: @escaping Writer = DownloadProgress.standardError) {
        self.name = name
        self.interactive = interactive ?? (isatty(STDERR_FILENO) != 0)
        self.write = write
    }

    /// Writes `text` to standard error.
    public static let standardError: Writer = { text in
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Records the total size, when the server tells it (`nil` or negative: unknown).
    public func begin(expectedBytes: Int64?) {
        expected = expectedBytes.flatMap { $0 > 0 ? $0 : nil }
        if interactive { write("\r" + line(now: Date()) + "\u{1B}[K") }
    }

    /// Records `count` more bytes received, redrawing the bar if it is time.
    public func advance(by count: Int) {
        received += Int64(count)
        guard interactive else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        write("\r" + line(now: now) + "\u{1B}[K")
    }

    /// Writes the final line and ends it.
    public func finish() {
        write((interactive ? "\r" : "") + line(now: Date()) + (interactive ? "\u{1B}[K" : "") + "\n")
    }

    /// The text of the progress line at `now`.
    func line(now: Date) -> String {
        let seconds = Swift.max(now.timeIntervalSince(start), 1e-3)
        let rate = Self.megabytes(Double(received) / seconds) + " MB/s"
        guard let expected else {
            return "\(name)  \(Self.megabytes(Double(received))) MB  \(rate)"
        }
        let fraction = Swift.min(Double(received) / Double(expected), 1)
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "=", count: filled) + (filled < width ? ">" : "")
            + String(repeating: " ", count: Swift.max(0, width - filled - 1))
        let percent = String(Int(fraction * 100)).leftPadded(to: 3)
        return "\(name) \(percent)% [\(bar)] \(Self.megabytes(Double(received)))/\(Self.megabytes(Double(expected))) MB  \(rate)"
    }

    /// Bytes as megabytes (10⁶ bytes) with one decimal.
    private static func megabytes(_ bytes: Double) -> String {
        let tenths = Int((bytes / 100_000).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
