import Foundation

/// Keras-style training of a layer with a loss: on in-memory tensors whose first dimension indexes
/// the samples, or on a `DataLoader`.
extension Layer {
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
    ///   - inputs: the samples, `[N, ...]`.
    ///   - targets: their targets, `[N, ...]` (class indices or values, as the loss wants).
    ///   - epochs: how many passes over the data.
    ///   - batchSize: the samples per optimiser step.
    ///   - optimizer: updates the parameters after each batch.
    ///   - loss: the cost that `backward()` differentiates.
    ///   - metrics: measured on every batch and on the validation data.
    ///   - validationData: evaluated after every epoch (`val_loss`, `val_<metric>`).
    ///   - shuffle: reshuffle the samples every epoch.
    ///   - callbacks: told of every epoch and batch (early stopping, checkpoints, logs, clipping).
    ///   - seed: seeds the shuffling and everything random in the model (dropout); by default it is
    ///     drawn from the process-wide generator.
    ///   - verbose: show a progress bar (a line per epoch when the output is not a terminal).
    ///   - truncatedBPTT: (k1, k2) to train sequences `[N, T, ...]` with a target per step by truncated
    ///     backpropagation through time (see `TruncatedBPTT`): one optimiser step per block of k1 steps,
    ///     gradients going back k2 steps, the state of the model's stateful recurrent layers carried
    ///     across blocks and batches, so every batch must have `batchSize` sequences (a short last batch
    ///     throws). Validation runs over whole sequences, each batch from a fresh state.
    /// - Returns: the loss and metrics of every epoch (`loss`, `accuracy`, `val_loss`, `val_accuracy`, ...).
    /// - Throws: `TrainingError` for data that does not fit together or a loss that becomes NaN or
    ///   infinite; what the loss or a metric throws for targets that do not fit (`TensorValueError`).
    @discardableResult
    public func fit(
        _ inputs: Tensor, _ targets: Tensor, epochs: Int, batchSize: Int = 32,
        optimizer: any Optimizer, loss: Loss, metrics: [Metric] = [],
        validationData: (inputs: Tensor, targets: Tensor)? = nil, shuffle: Bool = true, seed: UInt64? = nil,
        callbacks: [any Callback] = [], verbose: Bool = true, truncatedBPTT: (k1: Int, k2: Int)? = nil
    ) throws -> History {
        let loader = try Module.loader(inputs, targets, batchSize: batchSize, validationData: validationData, shuffle: shuffle, seed: seed)
        return try fit(loader, epochs: epochs, optimizer: optimizer, loss: loss, metrics: metrics,
                       validation: validationData.map { TensorDataset(inputs: $0.inputs, targets: $0.targets) },
                       callbacks: callbacks, verbose: verbose, truncatedBPTT: truncatedBPTT)
    }

    /// Trains the model on the batches of `loader` for epochs `initialEpoch..<epochs`; see
    /// `fit(_:epochs:initialEpoch:history:optimizer:step:metrics:validation:callbacks:verbose:)`, and
    /// `fit(_:_:epochs:...)` for `truncatedBPTT`.
    @discardableResult
    public func fit(
        _ loader: DataLoader, epochs: Int, initialEpoch: Int = 0, history: History = History(),
        optimizer: any Optimizer, loss: Loss, metrics: [Metric] = [], validation: (any Dataset)? = nil,
        callbacks: [any Callback] = [], verbose: Bool = true, truncatedBPTT: (k1: Int, k2: Int)? = nil
    ) throws -> History {
        let truncation = try truncatedBPTT.map {
            try TruncatedBPTTRun(TruncatedBPTT(forwardSteps: $0.k1, backwardSteps: $0.k2), model: self, loss: loss)
        }
        return try fit(loader, epochs: epochs, initialEpoch: initialEpoch, history: history, optimizer: optimizer,
                       step: truncation?.validationStep ?? .forward(self, loss: loss), truncation: truncation, metrics: metrics, validation: validation,
                       callbacks: callbacks, verbose: verbose)
    }
}

/// Training any module, whatever its call signature, with a `TrainingStep` that computes each batch's loss.
extension Module {
    /// `fit` on in-memory tensors with a training step of your own (see `Layer.fit(_:_:epochs:...)`
    /// for the rest).
    @discardableResult
    public func fit(
        _ inputs: Tensor, _ targets: Tensor, epochs: Int, batchSize: Int = 32,
        optimizer: any Optimizer, step: TrainingStep, metrics: [Metric] = [],
        validationData: (inputs: Tensor, targets: Tensor)? = nil, shuffle: Bool = true, seed: UInt64? = nil,
        callbacks: [any Callback] = [], verbose: Bool = true
    ) throws -> History {
        let loader = try Module.loader(inputs, targets, batchSize: batchSize, validationData: validationData, shuffle: shuffle, seed: seed)
        return try fit(loader, epochs: epochs, optimizer: optimizer, step: step, metrics: metrics,
                       validation: validationData.map { TensorDataset(inputs: $0.inputs, targets: $0.targets) },
                       callbacks: callbacks, verbose: verbose)
    }

    /// The loader of in-memory training data, after checking it and the validation data.
    static func loader(
        _ inputs: Tensor, _ targets: Tensor, batchSize: Int, validationData: (inputs: Tensor, targets: Tensor)?, shuffle: Bool, seed: UInt64?
    ) throws -> DataLoader {
        try Module.checkSamples(inputs, targets, "fit")
        if let validationData { try Module.checkSamples(validationData.inputs, validationData.targets, "fit (validation data)") }
        guard batchSize > 0 else { throw TrainingError.invalidData("fit: batchSize must be positive, got \(batchSize)") }
        return DataLoader(TensorDataset(inputs: inputs, targets: targets), batchSize: batchSize, shuffle: shuffle,
                          seed: seed ?? RandomGenerator.withGlobal { $0.next() })
    }

    /// Trains the model on the batches of `loader` for epochs `initialEpoch..<epochs`, with `step`
    /// computing each batch's loss.
    ///
    /// Each batch: callbacks' `batchWillBegin`, the gradients cleared, `step`, `backward()` on its loss,
    /// callbacks' `optimizerWillStep` (gradient clipping goes there), the optimiser's step, the state of
    /// every `StatefulModule` detached, callbacks' `batchDidEnd`. Stateful modules are also reset at the
    /// start of every epoch and before validation. A batch of no samples (a rank's empty part of a short
    /// global batch in data-parallel training) skips `step` and `backward()`: the optimiser steps with
    /// the gradients the `optimizerWillStep` hooks leave (none of its own), and the batch adds no samples
    /// to the epoch's loss and metrics.
    ///
    /// Each epoch's randomness (its sample order, augmentation and dropout masks) comes from the loader's
    /// seed and the epoch number alone, so training resumed at `initialEpoch` from a checkpoint taken
    /// after epoch `initialEpoch - 1` ends with exactly the weights of an uninterrupted run.
    ///
    /// - Parameters:
    ///   - loader: the training batches.
    ///   - epochs: the epochs in all, those already done included (it runs `initialEpoch..<epochs`).
    ///   - initialEpoch: the first epoch to run, when resuming from a checkpoint.
    ///   - optimizer: updates the parameters after each batch.
    ///   - step: runs one batch forward and returns its loss (and predictions).
    ///   - metrics: measured on the step's predictions, which must then not be `nil`.
    ///   - validation: evaluated with `step` after every epoch (`val_loss`, `val_<metric>`); with the
    ///     loader's `sampler`, only this rank's shard of it (`DataLoader.validationShard(of:)`), whose
    ///     results callbacks' `validationDidEnd` may combine across ranks.
    ///   - history: the epochs already done, when resuming.
    ///   - callbacks: told of every epoch and batch.
    ///   - verbose: show a progress bar (a line per epoch when the output is not a terminal).
    @discardableResult
    public func fit(
        _ loader: DataLoader, epochs: Int, initialEpoch: Int = 0, history: History = History(),
        optimizer: any Optimizer, step: TrainingStep, metrics: [Metric] = [], validation: (any Dataset)? = nil,
        callbacks: [any Callback] = [], verbose: Bool = true
    ) throws -> History {
        try fit(loader, epochs: epochs, initialEpoch: initialEpoch, history: history, optimizer: optimizer, step: step,
                truncation: nil, metrics: metrics, validation: validation, callbacks: callbacks, verbose: verbose)
    }

    /// `fit` on a loader, with truncated BPTT when `truncation` is given (`step` then serves validation).
    func fit(
        _ loader: DataLoader, epochs: Int, initialEpoch: Int, history: History, optimizer: any Optimizer, step: TrainingStep,
        truncation: TruncatedBPTTRun?, metrics: [Metric], validation: (any Dataset)?, callbacks: [any Callback], verbose: Bool
    ) throws -> History {
        guard epochs > 0, (0...epochs).contains(initialEpoch) else {
            throw TrainingError.invalidData("fit: epochs (\(epochs)) must be positive and initialEpoch (\(initialEpoch)) within 0...\(epochs)")
        }
        guard loader.batchCount > 0 else {
            throw TrainingError.invalidData("fit: no batches: \(loader.dataset.count) samples with batch size \(loader.batchSize)\(loader.dropLast ? " and dropLast" : "")")
        }
        let context = TrainingContext(model: self, optimizer: optimizer, epochs: epochs, batchesPerEpoch: loader.batchCount,
                                      samplesPerEpoch: loader.samplesPerEpoch)
        context.history = history
        let allCallbacks = callbacks + (verbose ? [ProgressBar()] : [])
        let run = EpochRun(model: self, loader: loader, optimizer: optimizer, step: step, truncation: truncation, metrics: metrics,
                           validation: validation, callbacks: allCallbacks, context: context)
        allCallbacks.forEach { $0.trainingWillBegin(context) }
        train()
        // Callbacks hear of the end even when training stops with an error (a NaN loss): the progress
        // line is closed and early stopping can still restore its best weights.
        do {
            for epoch in initialEpoch..<epochs {
                guard let logs = try run.train(epoch: epoch) else { break }
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

    /// Each metric's (sum, count) for a batch.
    /// - Throws: `TrainingError.invalidData` when there are metrics but the step gave no prediction; what a
    ///   metric throws for targets that do not fit (`TensorValueError`).
    static func measure(_ metrics: [Metric], _ prediction: Tensor?, _ targets: Tensor, operation: String) throws -> [(String, (sum: Double, count: Int))] {
        if metrics.isEmpty { return [] }
        guard let prediction else {
            throw TrainingError.invalidData("\(operation): the metrics \(metrics.map(\.name)) need a prediction, but the training step returned none")
        }
        return try metrics.map { ($0.name, try $0.measure(prediction, targets)) }
    }

    static func checkSamples(_ inputs: Tensor, _ targets: Tensor, _ operation: String) throws {
        guard inputs.rank > 0, targets.rank > 0, inputs.shape[0] > 0 else {
            throw TrainingError.invalidData("\(operation): inputs \(inputs.shape) and targets \(targets.shape) must have a first (sample) dimension with at least one sample")
        }
        guard inputs.shape[0] == targets.shape[0] else {
            throw TrainingError.invalidData("\(operation): \(inputs.shape[0]) input samples (shape \(inputs.shape)) but \(targets.shape[0]) targets (shape \(targets.shape))")
        }
    }
}

/// The epochs of one `fit`: what stays the same from epoch to epoch.
private struct EpochRun {
    let model: Module
    let loader: DataLoader
    let optimizer: any Optimizer
    let step: TrainingStep
    /// Truncated BPTT, which replaces `step` in training when given.
    let truncation: TruncatedBPTTRun?
    let metrics: [Metric]
    let validation: (any Dataset)?
    let callbacks: [any Callback]
    let context: TrainingContext
    /// The modules whose state is reset each epoch and detached after each batch.
    let statefulModules: [any StatefulModule]

    init(model: Module, loader: DataLoader, optimizer: any Optimizer, step: TrainingStep, truncation: TruncatedBPTTRun?,
         metrics: [Metric], validation: (any Dataset)?, callbacks: [any Callback], context: TrainingContext) {
        self.model = model
        self.loader = loader
        self.optimizer = optimizer
        self.step = step
        self.truncation = truncation
        self.metrics = metrics
        self.validation = validation
        self.callbacks = callbacks
        self.context = context
        statefulModules = ([model] + model.namedModules().map(\.module)).compactMap { $0 as? any StatefulModule }
    }

    /// One epoch: a gradient-descent step per batch, then the validation. Returns the epoch's logs, or
    /// `nil` when a callback aborted the epoch.
    func train(epoch: Int) throws -> [String: Double]? {
        context.beginEpoch(epoch)
        statefulModules.forEach { $0.resetState() }
        callbacks.forEach { $0.epochWillBegin(epoch, context: context) }
        // Dropout and other randomness inside the model draw from a generator of this epoch's own.
        try RandomGenerator.seeded(loader.modelSeed(epoch: epoch)) {
            for (index, batch) in loader.batches(epoch: epoch).enumerated() {
                try train(batch, index: index, epoch: epoch)
                if context.abortTraining { break }
            }
        }
        if context.abortTraining { return nil }
        var logs = context.runningLogs
        for callback in callbacks { callback.epochWillEnd(epoch, logs: &logs, context: context) }
        if let validation {
            statefulModules.forEach { $0.resetState() }
            let shard = loader.validationShard(of: validation)
            var results = try model.evaluate(shard, step: step, metrics: metrics, batchSize: Swift.max(loader.batchSize, 256))
            for callback in callbacks { callback.validationDidEnd(epoch, results: &results, sampleCount: shard.count, context: context) }
            for (name, value) in results { logs["val_" + name] = value }
        }
        return logs
    }

    private func train(_ batch: Batch, index: Int, epoch: Int) throws {
        callbacks.forEach { $0.batchWillBegin(index, context: context) }
        if batch.count == 0 { return try stepWithoutSamples(batch, index: index) }
        if let truncation {
            // One optimiser step per block; the batch's loss is the mean over its steps.
            let (lossValue, prediction) = try truncation.train(batch) { blockLoss, _ in
                optimizer.zeroGrad()
                guard blockLoss.item.isFinite else { throw TrainingError.nonFiniteLoss(epoch: epoch, batch: index, value: blockLoss.item) }
                try blockLoss.backward()
                callbacks.forEach { $0.optimizerWillStep(index, context: context) }
                optimizer.step()
            }
            context.record(batch: index, size: batch.count, loss: lossValue,
                           metrics: try Module.measure(metrics, prediction, TruncatedBPTTRun.stepsAsSamples(batch.targets), operation: "fit"))
            callbacks.forEach { $0.batchDidEnd(index, loss: lossValue, context: context) }
            return
        }
        optimizer.zeroGrad()
        let output = try step(batch)
        let lossValue = try output.scalarLoss(operation: "fit")
        guard lossValue.isFinite else { throw TrainingError.nonFiniteLoss(epoch: epoch, batch: index, value: lossValue) }
        try output.loss.backward()
        callbacks.forEach { $0.optimizerWillStep(index, context: context) }
        optimizer.step()
        statefulModules.forEach { $0.detachState() }
        context.record(batch: index, size: batch.count, loss: lossValue,
                       metrics: try Module.measure(metrics, output.prediction?.detached(), output.targets ?? batch.targets, operation: "fit"))
        callbacks.forEach { $0.batchDidEnd(index, loss: lossValue, context: context) }
    }

    /// A batch of no samples (in data-parallel training, this rank's empty part of a global batch with
    /// fewer samples than ranks): no forward pass, but the optimiser steps of a batch (one, or one per
    /// block with truncated BPTT) with every gradient cleared and the hooks around them, so that this
    /// process takes the steps the others take and makes the same collective calls. It counts no
    /// samples toward the epoch's loss and metrics; `batchDidEnd` reports a loss of 0.
    private func stepWithoutSamples(_ batch: Batch, index: Int) throws {
        let steps = try truncation?.blocks(of: batch).count ?? 1
        for _ in 0..<steps {
            optimizer.zeroGrad()
            callbacks.forEach { $0.optimizerWillStep(index, context: context) }
            optimizer.step()
        }
        context.record(batch: index, size: 0, loss: 0, metrics: metrics.map { ($0.name, (sum: 0, count: 0)) })
        callbacks.forEach { $0.batchDidEnd(index, loss: 0, context: context) }
    }
}
