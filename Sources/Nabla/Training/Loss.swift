/// A cost function for `fit` and `evaluate`: maps (prediction, target) to a scalar tensor.
///
/// ```swift
/// model.fit(x, y, epochs: 5, optimizer: Adam(model.trainableParameters()), loss: .crossEntropy)
/// ```
public struct Loss: Sendable {
    /// The name shown in logs.
    public let name: String
    private let function: @Sendable (Tensor, Tensor) throws -> Tensor

    /// A loss from any differentiable function of prediction and target (it may throw for targets that
    /// do not fit, such as a label out of range).
    public init(name: String, _ function: @escaping @Sendable (_ prediction: Tensor, _ target: Tensor) throws -> Tensor) {
        self.name = name
        self.function = function
    }

    /// The loss value for a batch.
    /// - Throws: what the cost throws: `TensorValueError` for labels out of range or predictions that are not probabilities.
    public func callAsFunction(_ prediction: Tensor, _ target: Tensor) throws -> Tensor { try function(prediction, target) }

    /// Mean squared error, mean((ŷ - y)²).
    public static let meanSquaredError = Loss(name: "meanSquaredError") { Tensor.meanSquaredError($0, valued($1, like: $0)) }
    /// The notes' quadratic cost, 1/(2n) Σ ‖ŷ - y‖².
    public static let quadratic = Loss(name: "quadratic") { Tensor.quadraticCost($0, valued($1, like: $0)) }
    /// Mean absolute error.
    public static let meanAbsoluteError = Loss(name: "meanAbsoluteError") { Tensor.meanAbsoluteError($0, valued($1, like: $0)) }
    /// The Huber loss with δ = 1: ½ d² for |d| ≤ 1, |d| - ½ beyond (d = ŷ - y), averaged.
    public static let huber = Loss(name: "huber") { Tensor.huber($0, valued($1, like: $0)) }
    /// Binary cross-entropy on probabilities (after a sigmoid).
    public static let binaryCrossEntropy = Loss(name: "binaryCrossEntropy") { try Tensor.binaryCrossEntropy($0, valued($1, like: $0)) }
    /// Binary cross-entropy on logits (the model ends without a sigmoid).
    public static let binaryCrossEntropyWithLogits = Loss(name: "binaryCrossEntropyWithLogits") {
        Tensor.binaryCrossEntropy(logits: $0, valued($1, like: $0))
    }
    /// Softmax cross-entropy on logits `[N, k]`, with integer labels `[N]` or target distributions `[N, k]`.
    public static let crossEntropy = crossEntropy(labelSmoothing: 0)

    /// Softmax cross-entropy on logits with label smoothing ε: integer labels count as the target
    /// (1 - ε)·onehot(y) + ε/k (PyTorch's `CrossEntropyLoss(label_smoothing: ε)`); target distributions `[N, k]`
    /// are mixed the same way with the uniform one.
    ///
    /// ```swift
    /// try model.fit(loader, epochs: 30, optimizer: optimizer, loss: .crossEntropy(labelSmoothing: 0.1))
    /// ```
    public static func crossEntropy(labelSmoothing: Double) -> Loss {
        require((0...1).contains(labelSmoothing), "Loss.crossEntropy: labelSmoothing must be in 0...1, got \(labelSmoothing)")
        return Loss(name: labelSmoothing > 0 ? "crossEntropy(labelSmoothing: \(labelSmoothing))" : "crossEntropy") { prediction, target in
            if target.rank == 1 { return try Tensor.crossEntropy(logits: prediction, labels: target, labelSmoothing: labelSmoothing) }
            let targets = valued(target, like: prediction)
            guard labelSmoothing > 0 else { return Tensor.crossEntropy(logits: prediction, targets: targets) }
            let classes = Double(prediction.shape[prediction.rank - 1])
            return Tensor.crossEntropy(logits: prediction, targets: targets * (1 - labelSmoothing) + labelSmoothing / classes)
        }
    }

    /// Targets that are values rather than class labels (an int64 0/1 target, a one-hot made as int64)
    /// in the prediction's element type, as the costs compare them with it.
    private static func valued(_ target: Tensor, like prediction: Tensor) -> Tensor {
        target.dtype.isFloatingPoint ? target : target.converted(to: prediction.dtype)
    }
    /// Negative log-likelihood of integer labels, for models that end in `LogSoftmax`.
    public static let negativeLogLikelihood = Loss(name: "negativeLogLikelihood") { try Tensor.negativeLogLikelihood(logProbabilities: $0, labels: $1) }
}
