/// What `fit` and `evaluate` compute for one batch: the loss to minimise and, for metrics, the
/// prediction. The default for a `Layer` runs the layer and the loss (`.forward(_:loss:)`); a model of
/// another shape (several inputs, several outputs, a state) brings its own:
///
/// ```swift
/// let step = TrainingStep { batch in
///     let (policy, value) = network(batch.inputs)
///     let loss = try Tensor.crossEntropy(logits: policy, labels: batch.targets) + 0.1 * value.squared().mean()
///     return .init(loss: loss, prediction: policy)
/// }
/// try network.fit(loader, epochs: 5, optimizer: Adam(network.trainableParameters()), step: step)
/// ```
///
/// `fit` clears the gradients before the step and runs `backward()` on the loss and the optimiser
/// after it; `evaluate` runs the step in evaluation mode without gradients.
public struct TrainingStep {
    /// What a step computes for a batch.
    public struct Output {
        /// The batch's loss, a scalar tensor whose graph leads to the parameters.
        public var loss: Tensor
        /// The prediction that metrics compare with the batch's targets; may be `nil` when no metric is asked for.
        public var prediction: Tensor?
        /// The targets metrics compare the prediction with, when the step reshapes them (a target per
        /// step of a sequence, `[N, T]` → `[N·T]`); `nil`: the batch's targets.
        public var targets: Tensor?

        /// The loss, and the prediction (and reshaped targets) for metrics.
        public init(loss: Tensor, prediction: Tensor? = nil, targets: Tensor? = nil) {
            self.loss = loss
            self.prediction = prediction
            self.targets = targets
        }

        /// The loss as a number.
        /// - Throws: `TrainingError.invalidData` when the step's loss is not a single value.
        func scalarLoss(operation: String) throws -> Double {
            guard loss.count == 1 else {
                throw TrainingError.invalidData("\(operation): the training step's loss has shape \(loss.shape); it must be a single value (reduce it with mean() or sum())")
            }
            return loss.item
        }
    }

    private let body: (Batch) throws -> Output

    /// A step computed by `body` from the batch; what it throws (a `TensorValueError` for labels out of
    /// range) stops `fit` or `evaluate`.
    public init(_ body: @escaping (Batch) throws -> Output) {
        self.body = body
    }

    /// The loss (and prediction) for `batch`.
    public func callAsFunction(_ batch: Batch) throws -> Output { try body(batch) }

    /// The default step: the layer's output for the batch's inputs is the prediction, and `loss` of
    /// prediction and targets the loss.
    public static func forward(_ layer: any Layer, loss: Loss) -> TrainingStep {
        TrainingStep { batch in
            let prediction = layer(batch.inputs)
            return Output(loss: try loss(prediction, batch.targets), prediction: prediction)
        }
    }
}
