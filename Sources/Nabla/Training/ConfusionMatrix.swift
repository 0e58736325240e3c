/// Counts of (true class, predicted class) pairs: row i, column j is how often class i was predicted as j.
public struct ConfusionMatrix: CustomStringConvertible, Sendable, Equatable {
    /// `counts[trueClass][predictedClass]`.
    public private(set) var counts: [[Int]]
    /// Optional class names for printing; classes beyond the list are shown by their index.
    public var classNames: [String]?

    /// An empty matrix for `classCount` classes.
    public init(classCount: Int, classNames: [String]? = nil) {
        counts = Array(repeating: Array(repeating: 0, count: classCount), count: classCount)
        self.classNames = classNames
    }

    /// Adds a batch: `predictions` are scores `[N, k]` (the largest wins) and `labels` `[N]` or one-hot `[N, k]`.
    /// - Throws: `TensorValueError` for a label that is not a class of the matrix.
    public mutating func add(predictions: Tensor, labels: Tensor) throws {
        require(predictions.rank == 2 && predictions.shape[1] == counts.count,
                "ConfusionMatrix: expects predictions [N, \(counts.count)], got \(predictions.shape)")
        let predicted = try predictions.argmax(alongAxis: 1).wholeNumbers(operation: "ConfusionMatrix")
        let truth = try Metric.labels(of: labels)
        require(truth.count == predicted.count, "ConfusionMatrix: \(predicted.count) predictions but \(truth.count) labels")
        if let bad = truth.first(where: { $0 >= counts.count }) {
            throw TensorValueError(operation: "ConfusionMatrix", message: "label \(bad) is outside 0..<\(counts.count)")
        }
        for (t, p) in zip(truth, predicted) { counts[t][p] += 1 }
    }

    /// The fraction on the diagonal.
    public var accuracy: Double {
        let total = counts.joined().reduce(0, +)
        return total == 0 ? 0 : Double(counts.indices.reduce(0) { $0 + counts[$1][$1] }) / Double(total)
    }

    /// A table with true classes as rows and predicted classes as columns.
    public var description: String {
        let names = counts.indices.map { index in classNames.flatMap { $0.indices.contains(index) ? $0[index] : nil } ?? String(index) }
        let cellWidth = Swift.max(names.map(\.count).max() ?? 1, String(counts.joined().max() ?? 0).count, 4)
        let labelWidth = Swift.max(names.map(\.count).max() ?? 1, "true \\ predicted".count)
        func right(_ text: String, _ width: Int) -> String { String(repeating: " ", count: Swift.max(0, width - text.count)) + text }
        var lines = [right("true \\ predicted", labelWidth) + "  " + names.map { right($0, cellWidth) }.joined(separator: " ")]
        for (i, row) in counts.enumerated() {
            lines.append(right(names[i], labelWidth) + "  " + row.map { right(String($0), cellWidth) }.joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }
}
