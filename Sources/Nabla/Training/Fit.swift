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

/// Keras-style training: `fit`, `evaluate` and `predict`, on in-memory tensors whose first dimension
/// indexes the samples, or on a `DataLoader`.
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
    ///   - seed: seeds the shuffling and everything random in the model (dropout); by default it is
    ///     drawn from the process-wide generator.
    ///   - verbose: show a progress bar (a line per epoch when the output is not a terminal).
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
        guard batchSize > 0 else { throw TrainingError.invalidData("fit: batchSize must be positive, got \(batchSize)") }
        let loader = DataLoader(TensorDataset(inputs: inputs, targets: targets), batchSize: batchSize, shuffle: shuffle,
                                seed: seed ?? RandomGenerator.withGlobal { $0.next() })
        return try fit(loader, epochs: epochs, optimizer: optimizer, loss: loss, metrics: metrics,
                       validation: validationData.map { TensorDataset(inputs: $0.inputs, targets: $0.targets) },
                       callbacks: callbacks, verbose: verbose)
    }

    /// Trains the model on the batches of `loader` for epochs `initialEpoch..<epochs`.
    ///
    /// Each epoch's randomness (its sample order, augmentation and dropout masks) comes from the loader's
    /// seed and the epoch number alone, so training resumed at `initialEpoch` from a checkpoint taken
    /// after epoch `initialEpoch - 1` ends with exactly the weights of an uninterrupted run.
    ///
    /// - Parameters:
    ///   - validation: evaluated after every epoch (`val_loss`, `val_<metric>`).
    ///   - history: the epochs already done, when resuming.
    @discardableResult
    public func fit(
        _ loader: DataLoader, epochs: Int, initialEpoch: Int = 0, history: History = History(),
        optimizer: any Optimizer, loss: Loss, metrics: [Metric] = [], validation: (any Dataset)? = nil,
        callbacks: [any Callback] = [], verbose: Bool = true
    ) throws -> History {
        guard epochs > 0, (0...epochs).contains(initialEpoch) else {
            throw TrainingError.invalidData("fit: epochs (\(epochs)) must be positive and initialEpoch (\(initialEpoch)) within 0...\(epochs)")
        }
        guard loader.batchCount > 0 else {
            throw TrainingError.invalidData("fit: no batches: \(loader.dataset.count) samples with batch size \(loader.batchSize)\(loader.dropLast ? " and dropLast" : "")")
        }
        let context = TrainingContext(model: self, optimizer: optimizer, epochs: epochs, batchesPerEpoch: loader.batchCount,
                                      samplesPerEpoch: loader.dropLast ? loader.batchCount * loader.batchSize : loader.dataset.count)
        context.history = history
        let allCallbacks = callbacks + (verbose ? [ProgressBar()] : [])
        allCallbacks.forEach { $0.trainingWillBegin(context) }
        train()
        // Callbacks hear of the end even when training stops with an error (a NaN loss): the progress
        // line is closed and early stopping can still restore its best weights.
        do {
            for epoch in initialEpoch..<epochs {
                guard let logs = try trainEpoch(epoch, on: loader, optimizer: optimizer, loss: loss, metrics: metrics,
                                                validation: validation, callbacks: allCallbacks, context: context) else { break }
                context.history.epochs.append(logs)
                allCallbacks.forEach { $0.epochDidEnd(epoch, logs: logs, context: context) }
                if context.stopTraining { break }
            }
        } catch {
            allCallbacks.forEach { $0.trainingDidEnd(context) }
            throw error
        }
        allCallbacks.forEach { $0.trainingDidEnd(context) }
        return context.history
    }

    /// One epoch: a gradient-descent step per batch, then the validation. Returns the epoch's logs, or
    /// `nil` when a callback aborted the epoch.
    private func trainEpoch(
        _ epoch: Int, on loader: DataLoader, optimizer: any Optimizer, loss: Loss, metrics: [Metric],
        validation: (any Dataset)?, callbacks: [any Callback], context: TrainingContext
    ) throws -> [String: Double]? {
        context.beginEpoch(epoch)
        callbacks.forEach { $0.epochWillBegin(epoch, context: context) }
        // Dropout and other randomness inside the model draw from a generator of this epoch's own.
        try RandomGenerator.seeded(DataLoader.mix(loader.seed, UInt64(epoch), 0xD)) {
            for (index, batch) in loader.batches(epoch: epoch).enumerated() {
                optimizer.zeroGrad()
                let prediction = self(batch.inputs)
                let value = try loss(prediction, batch.targets)
                let lossValue = value.item
                guard lossValue.isFinite else { throw TrainingError.nonFiniteLoss(epoch: epoch, batch: index, value: lossValue) }
                try value.backward()
                optimizer.step()
                context.record(batch: index, size: batch.count, loss: lossValue,
                               metrics: try metrics.map { ($0.name, try $0.measure(prediction.detached(), batch.targets)) })
                callbacks.forEach { $0.batchDidEnd(index, loss: lossValue, context: context) }
                if context.abortTraining { break }
            }
        }
        if context.abortTraining { return nil }
        var logs = context.runningLogs
        if let validation {
            let results = try evaluate(validation, loss: loss, metrics: metrics, batchSize: Swift.max(loader.batchSize, 256))
            for (name, value) in results { logs["val_" + name] = value }
        }
        return logs
    }

    /// The mean loss and metrics over a dataset, in evaluation mode without gradients.
    /// - Throws: what the loss or a metric throws for targets that do not fit (`TensorValueError`).
    public func evaluate(_ dataset: any Dataset, loss: Loss, metrics: [Metric] = [], batchSize: Int = 256) throws -> [String: Double] {
        var lossTotal = 0.0
        var totals = metrics.map { _ in (sum: 0.0, count: 0) }
        try inEvaluationMode {
            try forEachBatch(count: dataset.count, batchSize: batchSize) { range in
                let (x, y) = dataset.batch(at: Array(range))
                let prediction = self(x)
                lossTotal += try loss(prediction, y).item * Double(range.count)
                for (i, metric) in metrics.enumerated() {
                    let (sum, count) = try metric.measure(prediction, y)
                    totals[i].sum += sum
                    totals[i].count += count
                }
            }
        }
        var result = ["loss": lossTotal / Double(Swift.max(dataset.count, 1))]
        for (metric, total) in zip(metrics, totals) { result[metric.name] = total.sum / Double(Swift.max(total.count, 1)) }
        return result
    }

    /// The mean loss and metrics over `inputs` and `targets`, in evaluation mode without gradients.
    /// Keys: `loss` and each metric's name.
    /// - Throws: what the loss or a metric throws for targets that do not fit (`TensorValueError`).
    public func evaluate(_ inputs: Tensor, _ targets: Tensor, loss: Loss, metrics: [Metric] = [], batchSize: Int = 256) throws -> [String: Double] {
        try evaluate(TensorDataset(inputs: inputs, targets: targets), loss: loss, metrics: metrics, batchSize: batchSize)
    }

    /// The model's outputs for `inputs`, computed in batches in evaluation mode without gradients.
    public func predict(_ inputs: Tensor, batchSize: Int = 256) -> Tensor {
        var outputs: [Tensor] = []
        inEvaluationMode {
            forEachBatch(count: inputs.shape.first ?? 0, batchSize: batchSize) { range in
                outputs.append(self(inputs.sliced(alongAxis: 0, range)))
            }
            if outputs.isEmpty { outputs.append(self(inputs)) }   // no samples: the model's empty output
        }

        return outputs.count == 1 ? outputs[0] : Tensor.concatenate(outputs, alongAxis: 0)
    }

    /// Runs `body` in evaluation mode without gradients, restoring the previous mode after.
    func inEvaluationMode(_ body: () throws -> Void) rethrows {
        let wasTraining = isTraining
        eval()
        defer { if wasTraining { train() } }
        try withoutGradients(body)
    }

    private func forEachBatch(count: Int, batchSize: Int, _ body: (Range<Int>) throws -> Void) rethrows {
        require(batchSize > 0, "batchSize must be positive, got \(batchSize)")
        var start = 0
        while start < count {
            try body(start..<Swift.min(start + batchSize, count))
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
