import Foundation

/// Why `fit` stopped early or could not start.
public enum TrainingError: Error, CustomStringConvertible, Equatable {
    /// The loss became NaN or infinite (learning rate too high, bad data, log of 0).
    case nonFiniteLoss(epoch: Int, batch: Int, value: Double)
    /// The data does not fit together (counts of inputs and targets, empty data).
    case invalidData(String)

    public var description: String {
        switch self {
        case .nonFiniteLoss(let epoch, let batch, let value):
            return "training stopped: the loss became \(value) in epoch \(epoch + 1), batch \(batch + 1); try a smaller learning rate or check the data for NaN/infinite values"
        case .invalidData(let message):
            return message
        }
    }
}

/// Keras-style training: `fit`, `evaluate` and `predict` on in-memory tensors whose first dimension
/// indexes the samples.
extension Module {
    /// Trains the model by minibatch gradient descent: for each epoch the samples are reshuffled and cut
    /// into batches of `batchSize`; each batch runs forward, `backward()` and one optimiser step.
    /// A batch size of 1 is stochastic gradient descent, the whole data set is batch gradient descent.
    ///
    /// ```swift
    /// let history = try model.fit(x, labels, epochs: 10, batchSize: 64,
    ///                             optimizer: Adam(model.trainableParameters()), loss: .crossEntropy,
    ///                             metrics: [.accuracy], validationData: (xTest, labelsTest))
    /// ```
    ///
    /// - Parameters:
    ///   - seed: seeds the shuffling; by default it is drawn from the process-wide generator.
    ///   - verbose: print one line per epoch.
    /// - Returns: the loss and metrics of every epoch (`loss`, `accuracy`, `val_loss`, `val_accuracy`, ...).
    /// - Throws: `TrainingError` for data that does not fit together or a loss that becomes NaN or infinite.
    @discardableResult
    public func fit(
        _ inputs: Tensor, _ targets: Tensor, epochs: Int, batchSize: Int = 32,
        optimizer: any Optimizer, loss: Loss, metrics: [Metric] = [],
        validationData: (inputs: Tensor, targets: Tensor)? = nil, shuffle: Bool = true, seed: UInt64? = nil,
        callbacks: [any Callback] = [], verbose: Bool = true
    ) throws -> History {
        try Module.checkSamples(inputs, targets, "fit")
        if let validationData { try Module.checkSamples(validationData.inputs, validationData.targets, "fit (validation data)") }
        guard epochs > 0, batchSize > 0 else { throw TrainingError.invalidData("fit: epochs (\(epochs)) and batchSize (\(batchSize)) must be positive") }
        let sampleCount = inputs.shape[0]
        let size = Swift.min(batchSize, sampleCount)
        let batchCount = (sampleCount + size - 1) / size
        let runSeed = seed ?? RandomGenerator.withGlobal { $0.next() }
        let context = TrainingContext(model: self, optimizer: optimizer, epochs: epochs, batchesPerEpoch: batchCount)
        // One generator, seeded once, drives the shuffles and everything random in the model (dropout),
        // so that a seed reproduces the whole run.
        return try RandomGenerator.seeded(runSeed) {
            callbacks.forEach { $0.trainingWillBegin(context) }
            train()
            for epoch in 0..<epochs {
                callbacks.forEach { $0.epochWillBegin(epoch, context: context) }
                let start = Date()
                var order = Array(0..<sampleCount)
                if shuffle { RandomGenerator.withGlobal { order.shuffle(using: &$0) } }
                var lossTotal = 0.0
                var metricTotals = metrics.map { _ in (sum: 0.0, count: 0) }
                for batch in 0..<batchCount {
                    let indices = Array(order[(batch * size)..<Swift.min((batch + 1) * size, sampleCount)])
                    let x = inputs.indexSelect(alongAxis: 0, indices: indices)
                    let y = targets.indexSelect(alongAxis: 0, indices: indices)
                    optimizer.zeroGrad()
                    let prediction = self(x)
                    let value = loss(prediction, y)
                    let lossValue = value.item
                    guard lossValue.isFinite else { throw TrainingError.nonFiniteLoss(epoch: epoch, batch: batch, value: lossValue) }
                    try value.backward()
                    optimizer.step()
                    lossTotal += lossValue * Double(indices.count)
                    for (i, metric) in metrics.enumerated() {
                        let (sum, count) = metric.measure(prediction.detached(), y)
                        metricTotals[i].sum += sum
                        metricTotals[i].count += count
                    }
                    callbacks.forEach { $0.batchDidEnd(batch, loss: lossValue, context: context) }
                }
                var logs = ["loss": lossTotal / Double(sampleCount)]
                for (metric, total) in zip(metrics, metricTotals) { logs[metric.name] = total.sum / Double(Swift.max(total.count, 1)) }
                if let validationData {
                    let validation = evaluate(validationData.inputs, validationData.targets, loss: loss, metrics: metrics, batchSize: Swift.max(size, 256))
                    for (name, value) in validation { logs["val_" + name] = value }
                }
                context.history.epochs.append(logs)
                if verbose {
                    let seconds = Date().timeIntervalSince(start)
                    print("epoch \(epoch + 1)/\(epochs): " + History(epochs: [logs]).line + String(format: " (%.1f s)", seconds))
                }
                callbacks.forEach { $0.epochDidEnd(epoch, logs: logs, context: context) }
                if context.stopTraining { break }
            }
            callbacks.forEach { $0.trainingDidEnd(context) }
            return context.history
        }
    }

    /// The mean loss and metrics over `inputs` and `targets`, in evaluation mode without gradients.
    /// Keys: `loss` and each metric's name.
    public func evaluate(_ inputs: Tensor, _ targets: Tensor, loss: Loss, metrics: [Metric] = [], batchSize: Int = 256) -> [String: Double] {
        var lossTotal = 0.0
        var totals = metrics.map { _ in (sum: 0.0, count: 0) }
        let sampleCount = inputs.shape.first ?? 0
        inEvaluationMode {
            forEachBatch(count: sampleCount, batchSize: batchSize) { range in
                let x = inputs.sliced(alongAxis: 0, range), y = targets.sliced(alongAxis: 0, range)
                let prediction = self(x)
                lossTotal += loss(prediction, y).item * Double(range.count)
                for (i, metric) in metrics.enumerated() {
                    let (sum, count) = metric.measure(prediction, y)
                    totals[i].sum += sum
                    totals[i].count += count
                }
            }
        }
        var result = ["loss": lossTotal / Double(Swift.max(sampleCount, 1))]
        for (metric, total) in zip(metrics, totals) { result[metric.name] = total.sum / Double(Swift.max(total.count, 1)) }
        return result
    }

    /// The model's outputs for `inputs`, computed in batches in evaluation mode without gradients.
    public func predict(_ inputs: Tensor, batchSize: Int = 256) -> Tensor {
        var outputs: [Tensor] = []
        inEvaluationMode {
            forEachBatch(count: inputs.shape.first ?? 0, batchSize: batchSize) { range in
                outputs.append(self(inputs.sliced(alongAxis: 0, range)))
            }
        }
        return outputs.count == 1 ? outputs[0] : Tensor.concatenate(outputs, alongAxis: 0)
    }

    /// Runs `body` in evaluation mode without gradients, restoring the previous mode after.
    func inEvaluationMode(_ body: () -> Void) {
        let wasTraining = isTraining
        eval()
        withoutGradients(body)
        if wasTraining { train() }
    }

    private func forEachBatch(count: Int, batchSize: Int, _ body: (Range<Int>) -> Void) {
        require(batchSize > 0, "batchSize must be positive, got \(batchSize)")
        var start = 0
        while start < count {
            body(start..<Swift.min(start + batchSize, count))
            start += batchSize
        }
    }

    private static func checkSamples(_ inputs: Tensor, _ targets: Tensor, _ operation: String) throws {
        guard inputs.rank > 0, targets.rank > 0, inputs.shape[0] > 0 else {
            throw TrainingError.invalidData("\(operation): inputs \(inputs.shape) and targets \(targets.shape) must have a first (sample) dimension with at least one sample")
        }
        guard inputs.shape[0] == targets.shape[0] else {
            throw TrainingError.invalidData("\(operation): \(inputs.shape[0]) input samples (shape \(inputs.shape)) but \(targets.shape[0]) targets (shape \(targets.shape))")
        }
    }
}

extension History {
    init(epochs: [[String: Double]]) { self.epochs = epochs }

    /// The last epoch as `name value, name value`.
    var line: String {
        guard let last = epochs.last else { return "" }
        return names.compactMap { name in last[name].map { "\(name) \(formatMetric($0))" } }.joined(separator: ", ")
    }
}
