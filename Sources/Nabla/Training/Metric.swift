/// A quality measure accumulated over batches, like accuracy: each batch contributes a sum and a count,
/// and the metric is Σ sums / Σ counts.
public struct Metric: Sendable {
    /// The name used in logs and history (`accuracy`, `val_accuracy`).
    public let name: String
    private let measure: @Sendable (Tensor, Tensor) throws -> (sum: Double, count: Int)

    /// A metric from a function giving (sum, count) for a batch of predictions and targets (it may throw
    /// for targets that do not fit, such as a label out of range).
    public init(name: String, _ measure: @escaping @Sendable (_ prediction: Tensor, _ target: Tensor) throws -> (sum: Double, count: Int)) {
        self.name = name
        self.measure = measure
    }

    /// The batch's (sum, count).
    /// - Throws: `TensorValueError` for labels that are not whole numbers in range.
    public func measure(_ prediction: Tensor, _ target: Tensor) throws -> (sum: Double, count: Int) { try measure(prediction, target) }

    /// The fraction of correctly classified samples. Predictions `[N, k]` are scored by their largest entry
    /// against labels `[N]` or one-hot targets `[N, k]`; a single output `[N]` or `[N, 1]` is a probability
    /// thresholded at 0.5 (for a model that outputs logits, use `binaryAccuracy(threshold: 0)`).
    public static let accuracy = Metric(name: "accuracy") { prediction, target in
        if prediction.rank == 2 && prediction.shape[1] > 1 {
            return (topKCorrect(prediction, try labels(of: target, classes: prediction.shape[1]), k: 1), prediction.shape[0])
        }
        return binaryCorrect(prediction, target, threshold: 0.5)
    }

    /// The fraction of samples whose label is among the `k` largest predictions.
    public static func topKAccuracy(_ k: Int) -> Metric {
        Metric(name: "top\(k)Accuracy") { prediction, target in
            require(prediction.rank == 2, "topKAccuracy: expects predictions [N, classes], got \(prediction.shape)")
            return (topKCorrect(prediction, try labels(of: target, classes: prediction.shape[1]), k: k), prediction.shape[0])
        }
    }

    /// The fraction of single-output predictions on the right side of `threshold`.
    public static func binaryAccuracy(threshold: Double = 0.5) -> Metric {
        Metric(name: "binaryAccuracy") { binaryCorrect($0, $1, threshold: threshold) }
    }

    /// Class labels from labels `[N]` or one-hot targets `[N, k]`.
    static func labels(of target: Tensor, classes: Int? = nil) throws -> [Int] {
        if target.rank == 1 { return try target.wholeNumbers(operation: "accuracy labels", below: classes) }
        if let classes, target.rank != 2 || target.shape[1] != classes {
            throw TensorValueError(operation: "accuracy", message: "targets of shape \(target.shape) do not give one score per class of the \(classes) predicted")
        }
        return try target.argmax(alongAxis: 1).wholeNumbers(operation: "accuracy")
    }

    private static func topKCorrect(_ prediction: Tensor, _ labels: [Int], k: Int) -> Double {
        let classes = prediction.shape[1]
        require(labels.count == prediction.shape[0], "accuracy: \(prediction.shape[0]) predictions but \(labels.count) labels")
        let scores = prediction.scalars(as: Double.self)
        var correct = 0
        for (row, label) in labels.enumerated() {
            let rowScores = Array(scores[(row * classes)..<((row + 1) * classes)])
            // A score ranks above the label's when it is larger; NaN ranks above every number and above
            // the NaNs after it (as in argmax, where the first NaN wins). Ties with numbers do not count,
            // so a sample is correct unless k scores rank above its label's.
            let labelScore = rowScores[label]
            let above = rowScores.indices.filter { j in
                let score = rowScores[j]
                if labelScore.isNaN { return score.isNaN && j < label }
                return score.isNaN || score > labelScore
            }
            if above.count < k { correct += 1 }
        }
        return Double(correct)
    }

    private static func binaryCorrect(_ prediction: Tensor, _ target: Tensor, threshold: Double) -> (sum: Double, count: Int) {
        require(prediction.count == target.count, "binaryAccuracy: prediction \(prediction.shape) and target \(target.shape) differ in size")
        let p = prediction.scalars(as: Double.self), t = target.scalars(as: Double.self)
        let correct = zip(p, t).filter { ($0 > threshold) == ($1 > 0.5) }.count
        return (Double(correct), p.count)
    }
}
