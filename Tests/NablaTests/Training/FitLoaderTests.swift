import Foundation
import Testing
@testable import Nabla

/// Writes down every callback event as text ("begin", "epoch 2", "batch 2.0", "end 2", "done").
private final class EventLog: Callback {
    private(set) var events: [String] = []
    private(set) var historyAtStart: [[String: Double]] = []
    /// The context's batches and samples per epoch, as training begins.
    private(set) var epochSize: [Int] = []
    func trainingWillBegin(_ context: TrainingContext) {
        events.append("begin")
        historyAtStart = context.history.epochs
        epochSize = [context.batchesPerEpoch, context.samplesPerEpoch]
    }
    func epochWillBegin(_ epoch: Int, context: TrainingContext) { events.append("epoch \(epoch)") }
    func batchDidEnd(_ batch: Int, loss: Double, context: TrainingContext) { events.append("batch \(context.epoch).\(batch)") }
    func epochDidEnd(_ epoch: Int, logs: [String: Double], context: TrainingContext) { events.append("end \(epoch)") }
    func trainingDidEnd(_ context: TrainingContext) { events.append("done") }
}

/// Sets `abortTraining` after batch `batch` of epoch `epoch`.
private final class Abort: Callback {
    let epoch: Int, batch: Int
    init(epoch: Int, batch: Int) { (self.epoch, self.batch) = (epoch, batch) }
    func batchDidEnd(_ batch: Int, loss: Double, context: TrainingContext) {
        if context.epoch == epoch && batch == self.batch { context.abortTraining = true }
    }
}

/// 12 samples of y = 3x (float64), x = 0, 0.1, ..., 1.1.
private func line() -> TensorDataset {
    let x = Tensor((0..<12).map { Double($0) / 10 }, shape: [12, 1], dtype: .float64)
    return TensorDataset(inputs: x, targets: x * 3)
}

private func singleWeight() -> Sequential {
    Sequential { Linear(1, 1, bias: false, weightInitializer: .zeros, dtype: .float64) }
}

/// `fit` on a `DataLoader` (resuming, aborting, batch-less loaders) and `evaluate` / `predict` edge cases.
@Suite struct FitLoaderTests {
    @Test func resumingAppendsToTheGivenHistoryAndRunsTheRemainingEpochs() throws {
        let model = singleWeight()
        let log = EventLog()
        let earlier = History(epochs: [["loss": 9], ["loss": 8]])
        let loader = DataLoader(line(), batchSize: 5, seed: 1)
        let history = try model.fit(loader, epochs: 4, initialEpoch: 2, history: earlier, optimizer: SGD(model.trainableParameters(), learningRate: 0.1),
                                    loss: .meanSquaredError, callbacks: [log], verbose: false)
        #expect(log.historyAtStart == earlier.epochs, "callbacks see the earlier epochs from the start")
        #expect(log.events == ["begin", "epoch 2", "batch 2.0", "batch 2.1", "batch 2.2", "end 2",
                               "epoch 3", "batch 3.0", "batch 3.1", "batch 3.2", "end 3", "done"])
        #expect(history.epochs.count == 4)
        #expect(history["loss"].prefix(2) == [9, 8])
        #expect(history["loss"][2] < history["loss"][0], "real losses follow the given ones")
    }

    @Test func resumedEpochsMatchTheUninterruptedRun() throws {
        // Epochs 2 and 3 of a resumed run see the same batches as in a run from the start.
        let full = singleWeight(), resumed = singleWeight()
        let loader = DataLoader(line(), batchSize: 5, seed: 4)
        let fullHistory = try full.fit(loader, epochs: 4, optimizer: SGD(full.trainableParameters(), learningRate: 0.1), loss: .meanSquaredError, verbose: false)
        try resumed.fit(loader, epochs: 2, optimizer: SGD(resumed.trainableParameters(), learningRate: 0.1), loss: .meanSquaredError, verbose: false)
        let history = try resumed.fit(loader, epochs: 4, initialEpoch: 2, history: History(epochs: Array(fullHistory.epochs.prefix(2))),
                                      optimizer: SGD(resumed.trainableParameters(), learningRate: 0.1), loss: .meanSquaredError, verbose: false)
        #expect(history["loss"] == fullHistory["loss"])
        expectIdentical(resumed.parameters()[0].value.scalars(as: Double.self), full.parameters()[0].value.scalars(as: Double.self))
    }

    @Test func initialEpochEqualToEpochsRunsNothing() throws {
        let model = singleWeight()
        let log = EventLog()
        let history = try model.fit(DataLoader(line(), batchSize: 4), epochs: 3, initialEpoch: 3, history: History(epochs: [["loss": 1]]),
                                    optimizer: SGD(model.trainableParameters(), learningRate: 0.1), loss: .meanSquaredError, callbacks: [log], verbose: false)
        #expect(log.events == ["begin", "done"] && history.epochs.count == 1)
    }

    @Test(arguments: [(3, 4), (3, -1), (0, 0)])
    func initialEpochOutsideTheEpochsThrows(epochs: Int, initialEpoch: Int) {
        let model = singleWeight()
        #expect(throws: TrainingError.self) {
            try model.fit(DataLoader(line(), batchSize: 4), epochs: epochs, initialEpoch: initialEpoch,
                          optimizer: SGD(model.trainableParameters(), learningRate: 0.1), loss: .meanSquaredError, verbose: false)
        }
    }

    @Test func abortTrainingEndsAfterTheCurrentBatch() throws {
        let model = singleWeight()
        let log = EventLog()
        let steps = SGD(model.trainableParameters(), learningRate: 0.1)
        let history = try model.fit(DataLoader(line(), batchSize: 4, seed: 2), epochs: 3, optimizer: steps, loss: .meanSquaredError,
                                    callbacks: [log, Abort(epoch: 1, batch: 1)], verbose: false)
        // Epoch 1 stops after its batch 1: no further batch, no end of epoch 1, no epoch 2; training still ends.
        #expect(log.events == ["begin", "epoch 0", "batch 0.0", "batch 0.1", "batch 0.2", "end 0",
                               "epoch 1", "batch 1.0", "batch 1.1", "done"])
        #expect(history.epochs.count == 1)
    }

    @Test func abortTrainingKeepsTheAbortedBatchesSteps() throws {
        // The batches done before the abort have updated the weights: the same as a run of those batches alone.
        let aborted = singleWeight(), reference = singleWeight()
        let loader = DataLoader(line(), batchSize: 4, seed: 2)
        try aborted.fit(loader, epochs: 1, optimizer: SGD(aborted.trainableParameters(), learningRate: 0.1), loss: .meanSquaredError,
                        callbacks: [Abort(epoch: 0, batch: 1)], verbose: false)
        let optimizer = SGD(reference.trainableParameters(), learningRate: 0.1)
        reference.train()
        for batch in loader.batches(epoch: 0).prefix(2) {
            optimizer.zeroGrad()
            try Tensor.meanSquaredError(reference(batch.inputs), batch.targets).backward()
            optimizer.step()
        }
        expectIdentical(aborted.parameters()[0].value.scalars(as: Double.self), reference.parameters()[0].value.scalars(as: Double.self))
        #expect(aborted.parameters()[0].value.scalars(as: Double.self) != [0])
    }

    /// A loss that becomes infinite stops `fit` with `nonFiniteLoss`, but the callbacks still hear
    /// `trainingDidEnd` first: early stopping puts back the best weights before the error propagates.
    @Test func aNonFiniteLossStillEndsTrainingForTheCallbacks() throws {
        final class Snapshot: Callback {
            var weights: [[Double]] = []
            func epochDidEnd(_ epoch: Int, logs: [String: Double], context: TrainingContext) {
                weights.append(context.model.parameters()[0].value.scalars(as: Double.self))
            }
        }
        // L(w) = mean((w·x - 2x)²) = 2.5(w - 2)² on x = 1, 2; with η = 1e100 the weight goes 0 → 1e101 → -5e201,
        // and the loss 10 → 2.5e202 → ∞ (6.25e403 overflows): epoch 2 throws before its first step.
        let model = singleWeight()
        let x = Tensor([1, 2], shape: [2, 1], dtype: .float64)
        let loader = DataLoader(TensorDataset(inputs: x, targets: x * 2), batchSize: 2, shuffle: false)
        let log = EventLog(), snapshot = Snapshot()
        let stopping = EarlyStopping(monitor: "loss", patience: 5, restoreBestWeights: true)
        #expect {
            try model.fit(loader, epochs: 5, optimizer: SGD(model.trainableParameters(), learningRate: 1e100), loss: .meanSquaredError,
                          callbacks: [snapshot, stopping, log], verbose: false)
        } throws: { error in
            guard case TrainingError.nonFiniteLoss(let epoch, let batch, let value) = error else { return false }
            return epoch == 2 && batch == 0 && value == .infinity
        }
        #expect(log.events == ["begin", "epoch 0", "batch 0.0", "end 0", "epoch 1", "batch 1.0", "end 1", "epoch 2", "done"])
        try #require(snapshot.weights.count == 2 && stopping.bestEpoch == 0)
        #expect(Swift.abs(snapshot.weights[0][0] / 1e101 - 1) < 1e-12 && Swift.abs(snapshot.weights[1][0] / -5e201 - 1) < 1e-12, "\(snapshot.weights)")
        #expect(model.parameters()[0].value.scalars(as: Double.self) == snapshot.weights[0], "the best (epoch 0) weights are restored")
    }

    @Test func loaderWithoutBatchesThrowsInvalidData() throws {
        let model = singleWeight()
        let x = Tensor.zeros([3, 1], dtype: .float64)
        let loader = DataLoader(TensorDataset(inputs: x, targets: x), batchSize: 4, dropLast: true)
        #expect(loader.batchCount == 0)
        #expect {
            try model.fit(loader, epochs: 1, optimizer: SGD(model.trainableParameters(), learningRate: 0.1), loss: .meanSquaredError, verbose: false)
        } throws: { error in
            guard case TrainingError.invalidData(let message) = error else { return false }
            return message.contains("3 samples") && message.contains("batch size 4") && message.contains("dropLast")
        }
    }

    @Test func dropLastLeavesOutTheSmallLastBatch() throws {
        let model = singleWeight()
        let log = EventLog()
        try model.fit(DataLoader(line(), batchSize: 5, dropLast: true), epochs: 1, optimizer: SGD(model.trainableParameters(), learningRate: 0.1),
                      loss: .meanSquaredError, callbacks: [log], verbose: false)
        #expect(log.events == ["begin", "epoch 0", "batch 0.0", "batch 0.1", "end 0", "done"])
        #expect(log.epochSize == [2, 10], "2 batches of 5 samples; the last 2 samples are left out")
    }

    @Test func predictOnZeroSamplesIsEmpty() throws {
        let model = Sequential { Linear(3, 4, dtype: .float64); ReLU(); Linear(4, 2, dtype: .float64) }
        let output = model.predict(Tensor.zeros([0, 3], dtype: .float64))
        #expect(output.shape == [0, 2])
        #expect(!output.requiresGrad)
        #expect(model.isTraining, "predict restores training mode")
    }

    @Test func evaluateOnADatasetEqualsEvaluateOnTensors() throws {
        let data = separableData(count: 23, seed: 6)
        let model = RandomGenerator.seeded(2) { Sequential { Linear(2, 4); Tanh(); Linear(4, 2) } }
        let onTensors = try model.evaluate(data.x, data.labels, loss: .crossEntropy, metrics: [.accuracy], batchSize: 5)
        let onDataset = try model.evaluate(TensorDataset(inputs: data.x, targets: data.labels), loss: .crossEntropy, metrics: [.accuracy], batchSize: 5)
        #expect(onTensors == onDataset)
        // Both are the means over all samples, whatever the batch size: the whole set in one batch, by hand.
        let prediction = withoutGradients { model(data.x) }
        let loss = try Tensor.crossEntropy(logits: prediction, labels: data.labels).item
        let correct = zip(prediction.argmax(alongAxis: 1).scalars(as: Double.self), data.labels.scalars(as: Double.self)).filter { $0 == $1 }.count
        #expect(try Swift.abs(#require(onDataset["loss"]) - loss) < 1e-6, "\(onDataset) vs \(loss)")
        #expect(onDataset["accuracy"] == Double(correct) / 23)
        // A subset evaluates its own samples.
        let subset = DatasetSubset(TensorDataset(inputs: data.x, targets: data.labels), indices: [3, 7, 11])
        let selected = [3, 7, 11]
        let direct = try model.evaluate(try data.x.indexSelect(alongAxis: 0, indices: selected), try data.labels.indexSelect(alongAxis: 0, indices: selected),
                                    loss: .crossEntropy, metrics: [.accuracy])
        #expect(try model.evaluate(subset, loss: .crossEntropy, metrics: [.accuracy]) == direct)
    }

    @Test func validationLogsAreTheEvaluationOfTheValidationSet() throws {
        let data = separableData(count: 20, seed: 8)
        let dataset = TensorDataset(inputs: data.x, targets: data.labels)
        let (training, validation) = dataset.split(validationFraction: 0.25, seed: 3)
        let model = RandomGenerator.seeded(5) { Sequential { Linear(2, 2) } }
        let history = try model.fit(DataLoader(training, batchSize: 4, seed: 1), epochs: 2, optimizer: SGD(model.trainableParameters(), learningRate: 0.2),
                                    loss: .crossEntropy, metrics: [.accuracy], validation: validation, verbose: false)
        let final = try model.evaluate(validation, loss: .crossEntropy, metrics: [.accuracy])
        #expect(history["val_loss"].last == final["loss"] && history["val_accuracy"].last == final["accuracy"])
        #expect(history.epochs.count == 2 && history["val_loss"].count == 2)
    }

    /// A label out of range is a data error: `fit` stops with a `TensorValueError` naming it (no trap),
    /// the callbacks hear the end, and what a checkpoint saved before is left as it was.
    @Test func aBadLabelStopsFitCleanlyWithTheCheckpointIntact() throws {
        let model = Sequential { Linear(2, 3, dtype: .float64) }
        let inputs = Tensor([[0, 1], [1, 0], [1, 1], [0, 0]], dtype: .float64)
        // The fourth sample's label 7 is not a class of 3; the first epoch sees only the first three samples.
        let labels = Tensor([0, 1, 2, 7], dtype: .float64)
        let log = EventLog()
        var saved: [Int: [Double]] = [:]
        let checkpoint = ModelCheckpoint { epoch, context in saved[epoch] = context.model.parameters()[0].value.scalars(as: Double.self) }
        let epochOne = TensorDataset(inputs: inputs[0..<3], targets: labels[0..<3])
        try model.fit(DataLoader(epochOne, batchSize: 3, shuffle: false), epochs: 1, optimizer: SGD(model.trainableParameters(), learningRate: 0.1),
                      loss: .crossEntropy, callbacks: [checkpoint], verbose: false)
        let weightsAfterEpochOne = model.parameters()[0].value.scalars(as: Double.self)
        let error = try #require(throws: TensorValueError.self) {
            try model.fit(DataLoader(TensorDataset(inputs: inputs, targets: labels), batchSize: 4, shuffle: false), epochs: 1,
                          optimizer: SGD(model.trainableParameters(), learningRate: 0.1), loss: .crossEntropy, callbacks: [log], verbose: false)
        }
        #expect(error.operation == "crossEntropy labels" && error.message.contains("7"), "\(error)")
        #expect(log.events == ["begin", "epoch 0", "done"])
        #expect(saved[0] == weightsAfterEpochOne)
        #expect(model.parameters()[0].value.scalars(as: Double.self) == weightsAfterEpochOne, "no step was taken on the bad batch")
    }
}
