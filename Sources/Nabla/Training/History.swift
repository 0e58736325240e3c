/// What `fit` measured: one row of named values per epoch (`loss`, `accuracy`, `val_loss`, ...).
public struct History: Sendable, CustomStringConvertible {
    /// The values of each epoch, in order.
    public internal(set) var epochs: [[String: Double]] = []

    /// An empty history.
    public init() {}

    /// A history from recorded epochs (e.g. read back from a checkpoint).
    public init(epochs: [[String: Double]]) { self.epochs = epochs }

    /// The values of `name` over the epochs (epochs without it are skipped).
    public subscript(name: String) -> [Double] { epochs.compactMap { $0[name] } }

    /// The names that occur, in a stable order (training values first, then validation ones).
    public var names: [String] {
        let all = Set(epochs.flatMap(\.keys))
        return all.sorted { ($0.hasPrefix("val_") ? 1 : 0, $0) < ($1.hasPrefix("val_") ? 1 : 0, $1) }
    }

    /// One line per epoch with every value measured.
    public var description: String {
        epochs.enumerated().map { index, values in
            "epoch \(index + 1): " + names.compactMap { name in values[name].map { "\(name) \(formatMetric($0))" } }.joined(separator: ", ")
        }.joined(separator: "\n")
    }
}

/// Four significant decimals, as in training logs.
func formatMetric(_ value: Double) -> String {
    let rounded = (value * 10_000).rounded() / 10_000
    return String(rounded)
}
