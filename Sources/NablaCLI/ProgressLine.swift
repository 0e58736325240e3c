import Foundation

/// A progress line on standard error that each call rewrites in place ("epoch 2/10: batch 40/313");
/// the empty line clears it, so that the next report printed to standard output starts clean.
enum ProgressLine {
    /// Rewrites the current terminal line with `line`, or clears it for "".
    static func show(_ line: String) {
        FileHandle.standardError.write(Data(("\r" + line.padding(toLength: 60, withPad: " ", startingAt: 0) + (line.isEmpty ? "\r" : "")).utf8))
    }
}
