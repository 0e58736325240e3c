import Foundation
import Testing
@testable import Nabla

/// Records the learning rate in effect at the end of each epoch and at each optimiser step.
private final class LearningRateRecorder: Callback {
    private(set) var rates: [Double] = []
    private(set) var stepRates: [Double] = []
    func optimizerWillStep(_ batch: Int, context: TrainingContext) { stepRates.append(context.optimizer.learningRate) }
    func epochDidEnd(_ epoch: Int, logs: [String: Double], context: TrainingContext) { rates.append(context.optimizer.learningRate) }
}

/// Expects exactly as many rates as `expected`, each within 1e-15 of it.
private func expectRates(_ rates: [Double], _ expected: [Double], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(rates.count == expected.count, "\(rates)", sourceLocation: sourceLocation)
    for (rate, wanted) in zip(rates, expected) {
        #expect(Swift.abs(rate - wanted) < 1e-15, "\(rates)", sourceLocation: sourceLocation)
    }
}

/// A model with a single parameter, for driving callbacks by hand.
private final class Single: Module, Layer {
    @Parameter var weight: Tensor
    override init() {
        _weight = Parameter(Tensor([0.0], dtype: .float64))
        super.init()
    }
    func forward(_ input: Tensor) -> Tensor { input * weight }
}

/// EarlyStopping, the learning-rate schedules, CSVLogger and ModelCheckpoint.
@Suite struct CallbackTests {
    private func context(_ model: Module, learningRate: Double = 1, epochs: Int = 20) -> TrainingContext {
        TrainingContext(model: model, optimizer: SGD(model.trainableParameters(), learningRate: learningRate), epochs: epochs, batchesPerEpoch: 1, samplesPerEpoch: 1)
    }

    @Test func earlyStoppingWaitsPatienceEpochsAndRestoresTheBest() {
        let model = Single()
        let training = context(model)
        let stopping = EarlyStopping(monitor: "val_loss", patience: 3, restoreBestWeights: true)
        stopping.trainingWillBegin(training)
        let losses = [1.0, 0.8, 0.9, 0.85, 0.95, 0.5]
        var epochsRun = 0
        for (epoch, loss) in losses.enumerated() {
            // "Training" sets the weight to the epoch number.
            model.$weight.update { $0.assign(Tensor([Double(epoch)], dtype: .float64)) }
            stopping.epochDidEnd(epoch, logs: ["val_loss": loss], context: training)
            epochsRun += 1
            if training.stopTraining { break }
        }
        // Best at epoch 1 (0.8); epochs 2, 3 and 4 without improvement → stop after epoch 4.
        #expect(epochsRun == 5 && stopping.stoppedEpoch == 4)
        #expect(stopping.best == 0.8 && stopping.bestEpoch == 1)
        stopping.trainingDidEnd(training)
        #expect(model.weight.scalars(as: Double.self) == [1])
    }

    /// A second `fit` with the same callback starts from nothing: the first run's best weights are not
    /// restored when the second one records none.
    @Test func earlyStoppingForgetsTheBestWeightsOfAnEarlierRun() {
        let model = Single()
        let training = context(model)
        let stopping = EarlyStopping(monitor: "val_loss", restoreBestWeights: true)
        stopping.trainingWillBegin(training)
        model.$weight.update { $0.assign(Tensor([7], dtype: .float64)) }
        stopping.epochDidEnd(0, logs: ["val_loss": 1], context: training)
        stopping.trainingDidEnd(training)
        model.$weight.update { $0.assign(Tensor([100], dtype: .float64)) }
        stopping.trainingWillBegin(training)
        stopping.trainingDidEnd(training)
        #expect(model.weight.scalars(as: Double.self) == [100])
    }

    @Test func earlyStoppingOnAccuracyAndMinimumDelta() {
        let training = context(Single())
        let stopping = EarlyStopping(monitor: "val_accuracy", patience: 2, minimumDelta: 0.01)
        #expect(stopping.higherIsBetter)
        stopping.trainingWillBegin(training)
        // 0.905 is not better than 0.9 by more than 0.01.
        for (epoch, accuracy) in [0.8, 0.9, 0.905, 0.909].enumerated() {
            stopping.epochDidEnd(epoch, logs: ["val_accuracy": accuracy], context: training)
        }
        #expect(training.stopTraining && stopping.stoppedEpoch == 3 && stopping.bestEpoch == 1)
    }

    @Test func earlyStoppingOnLossAndMinimumDelta() {
        let training = context(Single())
        let stopping = EarlyStopping(monitor: "val_loss", patience: 2, minimumDelta: 0.01)
        #expect(!stopping.higherIsBetter)
        stopping.trainingWillBegin(training)
        // 0.995 and 0.992 are lower than 1 but not by more than 0.01: two epochs without improvement.
        for (epoch, loss) in [1.0, 0.995, 0.992].enumerated() {
            stopping.epochDidEnd(epoch, logs: ["val_loss": loss], context: training)
        }
        #expect(training.stopTraining && stopping.stoppedEpoch == 2 && stopping.bestEpoch == 0)
    }

    @Test func earlyStoppingInFit() throws {
        // With a zero learning rate nothing improves: the first epoch is the best, and `patience` more are run.
        let model = Single()
        let x = Tensor([1, 2, 3, 4], shape: [4, 1], dtype: .float64)
        let stopping = EarlyStopping(monitor: "loss", patience: 2, minimumDelta: 1e-9)
        let history = try model.fit(x, x, epochs: 10, batchSize: 4, optimizer: SGD(model.trainableParameters(), learningRate: 0),
                                    loss: .meanSquaredError, callbacks: [stopping], verbose: false)
        #expect(history.epochs.count == 3 && stopping.stoppedEpoch == 2)
    }

    @Test func restoreBestWeightsAfterRealTraining() throws {
        // Plain SGD with a rate that makes the loss diverge after a good first step: the best weights are
        // the ones after epoch 0, and they come back exactly.
        let model = Single()
        let x = Tensor([1, 2], shape: [2, 1], dtype: .float64)
        final class Snapshot: Callback {
            var weights: [[Double]] = []
            func epochDidEnd(_ epoch: Int, logs: [String: Double], context: TrainingContext) {
                weights.append(context.model.parameters()[0].value.scalars(as: Double.self))
            }
        }
        let snapshot = Snapshot()
        let stopping = EarlyStopping(monitor: "loss", patience: 2, restoreBestWeights: true)
        // L(w) = mean((w·x - 2x)²) = 2.5(w - 2)², dL/dw = 5(w - 2); with η = 0.5 the weight goes 0 → 5 → -2.5 → 8.75.
        // The loss of an epoch is measured before its step (10, 22.5, 50.625), so epoch 0 is the best, and its weights are those after its step.
        let history = try model.fit(x, x * 2, epochs: 10, batchSize: 2, optimizer: SGD(model.trainableParameters(), learningRate: 0.5),
                                    loss: .meanSquaredError, shuffle: false, callbacks: [snapshot, stopping], verbose: false)
        #expect(snapshot.weights == [[5], [-2.5], [8.75]])
        #expect(history["loss"] == [10, 22.5, 50.625])
        #expect(history.epochs.count == 3 && stopping.bestEpoch == 0)
        #expect(model.weight.scalars(as: Double.self) == [5])
    }

    /// The rate of every epoch of a fit on three samples in batches of one, checked to stay the same for
    /// the epoch's three optimiser steps (a per-batch decay would change it between them).
    private func ratesDuringFit(_ schedule: any LearningRateSchedule, epochs: Int) throws -> [Double] {
        let model = Single()
        let recorder = LearningRateRecorder()
        let x = Tensor([1, 0.5, -1], shape: [3, 1], dtype: .float64)
        try model.fit(x, x, epochs: epochs, batchSize: 1, optimizer: SGD(model.trainableParameters(), learningRate: 1), loss: .meanSquaredError,
                      callbacks: [LearningRateScheduler(schedule), recorder], verbose: false)
        #expect(recorder.stepRates == recorder.rates.flatMap { [$0, $0, $0] }, "rates per step \(recorder.stepRates)")
        return recorder.rates
    }

    @Test func stepExponentialAndCosineSchedules() throws {
        #expect(try ratesDuringFit(StepDecay(stepSize: 2, gamma: 0.5), epochs: 5) == [1, 1, 0.5, 0.5, 0.25])
        expectRates(try ratesDuringFit(ExponentialDecay(gamma: 0.9), epochs: 4), [1, 0.9, 0.81, 0.729])
        expectRates(try ratesDuringFit(CosineAnnealing(epochs: 4, minimum: 0.1), epochs: 6),
                    [1.0, 0.8681980515339464, 0.55, 0.23180194846605365, 0.1, 0.1])
    }

    @Test func reduceOnPlateauReducesAfterPatience() {
        let training = context(Single())
        let scheduler = LearningRateScheduler(ReduceOnPlateau(factor: 0.5, patience: 1))
        scheduler.trainingWillBegin(training)
        var rates: [Double] = []
        for (epoch, loss) in [1.0, 1.0, 1.0, 0.5, 0.6, 0.7, 0.4].enumerated() {
            scheduler.epochWillBegin(epoch, context: training)
            rates.append(training.optimizer.learningRate)
            scheduler.epochDidEnd(epoch, logs: ["val_loss": loss], context: training)
        }
        // Each epoch sees the previous one's validation loss: 1.0 sets the best, two epochs without
        // improvement (more than patience 1) halve the rate, 0.5 is a new best, 0.6 and 0.7 halve it again.
        #expect(rates == [1, 1, 1, 0.5, 0.5, 0.5, 0.25])
    }

    @Test func csvLoggerWritesAHeaderAndOneRowPerEpoch() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nabla-csv-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        let data = separableData(count: 12, seed: 9)
        let model = RandomGenerator.seeded(4) { Sequential { Linear(2, 2) } }
        let history = try model.fit(data.x, data.labels, epochs: 3, batchSize: 4, optimizer: SGD(model.trainableParameters(), learningRate: 0.25),
                                    loss: .crossEntropy, metrics: [.accuracy], validationData: (data.x, data.labels),
                                    callbacks: [CSVLogger(url: url)], verbose: false)
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.first == "epoch,learning_rate,accuracy,loss,val_accuracy,val_loss")
        #expect(lines.count == 4)
        for (index, line) in lines.dropFirst().enumerated() {
            let cells = line.split(separator: ",").map(String.init)
            try #require(cells.count == 6)
            #expect(cells[0] == "\(index + 1)" && Double(cells[1]) == 0.25)
            #expect(Double(cells[3]) == history["loss"][index] && Double(cells[5]) == history["val_loss"][index])
            #expect(Double(cells[2]) == history["accuracy"][index])
        }
    }

    /// A resumed run's CSV log holds the earlier epochs too, numbered on from 1, with the learning rates
    /// given for them: the same file, byte for byte, as an uninterrupted run's. Without the rates that
    /// column is left empty for the earlier epochs.
    @Test func csvLoggerResumedWritesTheEarlierEpochsToo() throws {
        let directory = try makeTemporaryDirectory("nabla-csv")
        defer { removeDirectory(directory) }
        let (fullURL, resumedURL, withoutRatesURL) = (directory.appendingPathComponent("full.csv"),
                                                      directory.appendingPathComponent("resumed.csv"), directory.appendingPathComponent("without.csv"))
        let x = Tensor([1, 2, 3, 4, 5, 6], shape: [6, 1], dtype: .float64) / 6
        let loader = DataLoader(TensorDataset(inputs: x, targets: x * 3), batchSize: 2, seed: 4)
        let full = Single(), resumed = Single()
        try full.fit(loader, epochs: 4, optimizer: SGD(full.trainableParameters(), learningRate: 0.5), loss: .meanSquaredError,
                     callbacks: [CSVLogger(url: fullURL)], verbose: false)
        let earlier = try resumed.fit(loader, epochs: 2, optimizer: SGD(resumed.trainableParameters(), learningRate: 0.5),
                                      loss: .meanSquaredError, verbose: false)
        try Single().fit(loader, epochs: 2, initialEpoch: 2, history: earlier, optimizer: SGD(Single().trainableParameters(), learningRate: 0.5),
                         loss: .meanSquaredError, callbacks: [CSVLogger(url: withoutRatesURL)], verbose: false)
        try resumed.fit(loader, epochs: 4, initialEpoch: 2, history: earlier, optimizer: SGD(resumed.trainableParameters(), learningRate: 0.5),
                        loss: .meanSquaredError, callbacks: [CSVLogger(url: resumedURL, learningRates: [0.5, 0.5])], verbose: false)
        #expect(try Data(contentsOf: resumedURL) == Data(contentsOf: fullURL))
        let withoutRates = try String(contentsOf: withoutRatesURL, encoding: .utf8).split(separator: "\n")
        #expect(withoutRates.count == 3, "nothing left to train: the restored epochs are written at the start")
        #expect(withoutRates.dropFirst().allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false)[1].isEmpty })
    }

    /// A resumed fit whose optimiser comes back with the last scheduled rate continues the schedule exactly
    /// when the scheduler is given the original rate; from the restored rate it would be decayed twice.
    @Test func learningRateSchedulerResumedFromTheInitialRate() throws {
        let x = Tensor([1], shape: [1, 1], dtype: .float64)
        let loader = DataLoader(TensorDataset(inputs: x, targets: x), batchSize: 1)
        func rates(epochs: Int, initialEpoch: Int, optimizer: SGD, model: any Layer, initialLearningRate: Double?) throws -> [Double] {
            let recorder = LearningRateRecorder()
            try model.fit(loader, epochs: epochs, initialEpoch: initialEpoch, history: History(epochs: Array(repeating: [:], count: initialEpoch)),
                          optimizer: optimizer, loss: .meanSquaredError,
                          callbacks: [LearningRateScheduler(StepDecay(stepSize: 1, gamma: 0.5), initialLearningRate: initialLearningRate), recorder],
                          verbose: false)
            return recorder.rates
        }
        let full = Single()
        #expect(try rates(epochs: 4, initialEpoch: 0, optimizer: SGD(full.trainableParameters(), learningRate: 1), model: full,
                          initialLearningRate: nil) == [1, 0.5, 0.25, 0.125])
        // Interrupted after epoch 1: the optimiser (as restored from a checkpoint) holds epoch 1's rate, 0.5.
        let interrupted = Single()
        let optimizer = SGD(interrupted.trainableParameters(), learningRate: 1)
        #expect(try rates(epochs: 2, initialEpoch: 0, optimizer: optimizer, model: interrupted, initialLearningRate: nil) == [1, 0.5])
        #expect(optimizer.learningRate == 0.5)
        #expect(try rates(epochs: 4, initialEpoch: 2, optimizer: optimizer, model: interrupted, initialLearningRate: 1) == [0.25, 0.125])
    }

    @Test func modelCheckpointEveryEpochOrOnImprovement() {
        let training = context(Single())
        var everyEpoch: [Int] = [], onAccuracy: [Int] = [], onLoss: [Int] = []
        let all = ModelCheckpoint { epoch, _ in everyEpoch.append(epoch) }
        let accuracy = ModelCheckpoint(monitor: "val_accuracy") { epoch, _ in onAccuracy.append(epoch) }
        let loss = ModelCheckpoint(monitor: "val_loss") { epoch, _ in onLoss.append(epoch) }
        let logs: [[String: Double]] = [
            ["val_accuracy": 0.5, "val_loss": 1.0], ["val_accuracy": 0.7, "val_loss": 1.2], ["val_accuracy": 0.6, "val_loss": 0.9],
            ["val_accuracy": 0.8, "val_loss": 0.9], ["val_loss": 0.1],
        ]
        for (epoch, values) in logs.enumerated() {
            for callback in [all, accuracy, loss] { callback.epochDidEnd(epoch, logs: values, context: training) }
        }
        #expect(everyEpoch == [0, 1, 2, 3, 4])
        #expect(onAccuracy == [0, 1, 3])
        #expect(onLoss == [0, 2, 4])
    }

    /// A checkpoint callback used for a second run starts from that run's history, not the first run's best.
    @Test func modelCheckpointStartsEachRunFromItsOwnHistory() {
        var saved: [Int] = []
        let checkpoint = ModelCheckpoint(monitor: "val_loss") { epoch, _ in saved.append(epoch) }
        let first = context(Single())
        checkpoint.trainingWillBegin(first)
        checkpoint.epochDidEnd(0, logs: ["val_loss": 0.1], context: first)
        let second = context(Single())
        checkpoint.trainingWillBegin(second)
        checkpoint.epochDidEnd(0, logs: ["val_loss": 0.5], context: second)
        #expect(saved == [0, 0], "the second run's first epoch must be saved")
        // Resuming: the best of the earlier epochs counts.
        let resumed = context(Single())
        resumed.history = History(epochs: [["val_loss": 0.3]])
        checkpoint.trainingWillBegin(resumed)
        checkpoint.epochDidEnd(1, logs: ["val_loss": 0.4], context: resumed)
        checkpoint.epochDidEnd(2, logs: ["val_loss": 0.2], context: resumed)
        #expect(saved == [0, 0, 2])
    }

    @Test func modelCheckpointKeepsGoingAfterAFailedSave() {
        struct DiskFull: Error {}
        let checkpoint = ModelCheckpoint { _, _ in throw DiskFull() }
        checkpoint.epochDidEnd(0, logs: [:], context: context(Single()))
        #expect(checkpoint.lastError is DiskFull)
    }
}
