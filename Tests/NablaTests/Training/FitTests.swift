import Foundation
import Testing
@testable import Nabla

/// Counts the optimiser steps (batches) of every epoch.
final class BatchCounter: Callback {
    private(set) var batchesPerEpoch: [Int] = []
    func epochWillBegin(_ epoch: Int, context: TrainingContext) { batchesPerEpoch.append(0) }
    func batchDidEnd(_ batch: Int, loss: Double, context: TrainingContext) { batchesPerEpoch[batchesPerEpoch.count - 1] += 1 }
}

/// y = x·w with one weight, remembering the samples of every batch it sees in training mode
/// (inputs are the sample indices).
private final class BatchRecorder: Module, Layer {
    @Parameter var weight: Tensor
    var batches: [[Double]] = []
    override init() {
        _weight = Parameter(Tensor([1.0], dtype: .float64))
        super.init()
    }
    func forward(_ input: Tensor) -> Tensor {
        if isTraining { batches.append(input.scalars(as: Double.self)) }
        return input * weight
    }
}

/// Two linearly separable classes of points in [-2, 2]²: label 1 when x₀ + x₁ > 0, points kept away from the line.
func separableData(count: Int, seed: UInt64) -> (x: Tensor, labels: Tensor) {
    var generator = RandomGenerator(seed: seed)
    var points: [Double] = [], labels: [Double] = []
    while labels.count < count {
        let a = generator.nextUniform() * 4 - 2, b = generator.nextUniform() * 4 - 2
        guard Swift.abs(a + b) > 0.5 else { continue }
        points += [a, b]
        labels.append(a + b > 0 ? 1 : 0)
    }
    return (Tensor(points, shape: [count, 2]), Tensor(labels))
}

/// `fit`, `evaluate` and `predict`: minibatch gradient descent, reproducibility, validation, errors.
@Suite struct FitTests {
    @Test func fitReducesTheLossOnASeparableProblem() throws {
        let data = separableData(count: 64, seed: 1)
        let model = RandomGenerator.seeded(1) { Sequential { Linear(2, 8); Tanh(); Linear(8, 2) } }
        let before = try model.evaluate(data.x, data.labels, loss: .crossEntropy, metrics: [.accuracy])
        let history = try model.fit(data.x, data.labels, epochs: 15, batchSize: 8, optimizer: SGD(model.trainableParameters(), learningRate: 0.3),
                                    loss: .crossEntropy, metrics: [.accuracy], seed: 3, verbose: false)
        let after = try model.evaluate(data.x, data.labels, loss: .crossEntropy, metrics: [.accuracy])
        #expect(try #require(after["loss"]) < #require(before["loss"]) / 3, "\(before) → \(after)")
        #expect(try #require(after["accuracy"]) >= 0.95, "\(after)")
        #expect(try #require(history["loss"].last) < #require(history["loss"].first))
        #expect(history.epochs.count == 15 && history["accuracy"].count == 15)
    }

    @Test(arguments: [(10, 1), (100, 1), (1, 10), (3, 4), (4, 3), (5, 2)])
    func stepsPerEpochAreCeilOfNOverBatchSize(batchSize: Int, steps: Int) throws {
        let model = BatchRecorder()
        let counter = BatchCounter()
        let x = Tensor((0..<10).map(Double.init), shape: [10, 1], dtype: .float64)
        try model.fit(x, Tensor.zeros([10, 1], dtype: .float64), epochs: 2, batchSize: batchSize,
                      optimizer: SGD(model.trainableParameters(), learningRate: 0.001), loss: .meanSquaredError,
                      callbacks: [counter], verbose: false)
        #expect(counter.batchesPerEpoch == [steps, steps])
        // Every sample is seen exactly once per epoch, in batches of batchSize (the last may be smaller).
        let firstEpoch = model.batches.prefix(steps)
        #expect(firstEpoch.flatMap { $0 }.sorted() == (0..<10).map(Double.init))
        #expect(firstEpoch.dropLast().allSatisfy { $0.count == Swift.min(batchSize, 10) })
    }

    @Test func reshufflingChangesBatchesEachEpoch() throws {
        let model = BatchRecorder()
        let x = Tensor((0..<12).map(Double.init), shape: [12, 1], dtype: .float64)
        try model.fit(x, Tensor.zeros([12, 1], dtype: .float64), epochs: 3, batchSize: 4,
                      optimizer: SGD(model.trainableParameters(), learningRate: 0), loss: .meanSquaredError, seed: 5, verbose: false)
        let epochs = stride(from: 0, to: 9, by: 3).map { Set(model.batches[$0..<($0 + 3)].map { Set($0) }) }
        #expect(epochs[0] != epochs[1] && epochs[1] != epochs[2])
        // Without shuffling the batches are the samples in order, every epoch.
        let ordered = BatchRecorder()
        try ordered.fit(x, Tensor.zeros([12, 1], dtype: .float64), epochs: 2, batchSize: 5,
                        optimizer: SGD(ordered.trainableParameters(), learningRate: 0), loss: .meanSquaredError, shuffle: false, verbose: false)
        #expect(ordered.batches == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9], [10, 11], [0, 1, 2, 3, 4], [5, 6, 7, 8, 9], [10, 11]])
    }

    private func trainedWeights(modelSeed: UInt64, fitSeed: UInt64) throws -> [[Float]] {
        let data = separableData(count: 20, seed: 2)
        let model = RandomGenerator.seeded(modelSeed) { Sequential { Linear(2, 6); ReLU(); Dropout(probability: 0.3); Linear(6, 2) } }
        try model.fit(data.x, data.labels, epochs: 3, batchSize: 6, optimizer: Adam(model.trainableParameters()),
                      loss: .crossEntropy, seed: fitSeed, verbose: false)
        return model.parameters().map(\.value.scalars)
    }

    @Test func seedsReproduceTheRunBitForBit() throws {
        let first = try trainedWeights(modelSeed: 10, fitSeed: 7)
        let second = try trainedWeights(modelSeed: 10, fitSeed: 7)
        #expect(first == second)
        // Another shuffling and dropout seed, same initial weights: different results.
        #expect(try trainedWeights(modelSeed: 10, fitSeed: 8) != first)
    }

    @Test func validationMetricsAndHistory() throws {
        let train = separableData(count: 24, seed: 3), validation = separableData(count: 10, seed: 4)
        let model = RandomGenerator.seeded(2) { Sequential { Linear(2, 2) } }
        let history = try model.fit(train.x, train.labels, epochs: 4, batchSize: 8,
                                    optimizer: SGD(model.trainableParameters(), learningRate: 0.1), loss: .crossEntropy,
                                    metrics: [.accuracy], validationData: (validation.x, validation.labels), seed: 1, verbose: false)
        #expect(history.epochs.count == 4)
        #expect(history.names == ["accuracy", "loss", "val_accuracy", "val_loss"])
        // The last epoch's validation values are those of evaluate on the final model.
        let evaluated = try model.evaluate(validation.x, validation.labels, loss: .crossEntropy, metrics: [.accuracy])
        #expect(try Swift.abs(#require(history["val_loss"].last) - #require(evaluated["loss"])) < 1e-6)
        #expect(try #require(history["val_accuracy"].last) == #require(evaluated["accuracy"]))
        #expect(history["val_accuracy"].allSatisfy { (0...1).contains($0) && ($0 * 10).rounded() == $0 * 10 })
    }

    @Test func nonFiniteLossThrowsNamingEpochAndBatch() throws {
        var values = (0..<8).map(Double.init)
        values[5] = .nan
        let x = Tensor(values, shape: [8, 1], dtype: .float64)
        let model = BatchRecorder()
        do {
            try model.fit(x, Tensor.zeros([8, 1], dtype: .float64), epochs: 2, batchSize: 2,
                          optimizer: SGD(model.trainableParameters(), learningRate: 0), loss: .meanSquaredError, shuffle: false, verbose: false)
            Issue.record("fit did not throw")
        } catch let error as TrainingError {
            guard case .nonFiniteLoss(let epoch, let batch, let value) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(epoch == 0 && batch == 2 && value.isNaN)
            #expect(error.description.contains("epoch 1, batch 3"), "\(error)")
        }
    }

    @Test func invalidDataThrows() throws {
        let model = BatchRecorder()
        let optimizer = SGD(model.trainableParameters(), learningRate: 0.1)
        #expect(throws: TrainingError.invalidData("fit: 4 input samples (shape [4, 1]) but 3 targets (shape [3, 1])")) {
            try model.fit(Tensor.zeros([4, 1], dtype: .float64), Tensor.zeros([3, 1], dtype: .float64), epochs: 1,
                          optimizer: optimizer, loss: .meanSquaredError, verbose: false)
        }
        #expect(throws: TrainingError.self) {
            try model.fit(Tensor.zeros([4, 1], dtype: .float64), Tensor.zeros([4, 1], dtype: .float64), epochs: 1,
                          optimizer: optimizer, loss: .meanSquaredError,
                          validationData: (Tensor.zeros([2, 1], dtype: .float64), Tensor.zeros([3, 1], dtype: .float64)), verbose: false)
        }
        #expect(throws: TrainingError.self) {
            try model.fit(Tensor.zeros([4, 1], dtype: .float64), Tensor.zeros([4, 1], dtype: .float64), epochs: 1, batchSize: 0,
                          optimizer: optimizer, loss: .meanSquaredError, verbose: false)
        }
    }

    @Test func evaluateWeighsUnevenBatchesBySize() throws {
        let model = RandomGenerator.seeded(3) { Sequential { Linear(3, 2, dtype: .float64) } }
        let x = uniform([7, 3], seed: 81), y = uniform([7, 2], seed: 82)
        let direct = Tensor.meanSquaredError(model(x), y).item
        // Batches of 3, 3 and 1: each batch mean weighted by its size gives the mean over all samples.
        let evaluated = try model.evaluate(x, y, loss: .meanSquaredError, batchSize: 3)
        #expect(try Swift.abs(#require(evaluated["loss"]) - direct) < 1e-12)
        expectValues(model.predict(x, batchSize: 3), model(x).scalars(as: Double.self), shape: [7, 2], tolerance: 1e-15)
    }

    @Test func evaluateAndPredictRestoreTheMode() throws {
        let model = Sequential { Linear(2, 2); Dropout(probability: 0.5) }
        let x = Tensor.ones([4, 2]), labels = Tensor([0, 1, 0, 1])
        model.train()
        _ = try model.evaluate(x, labels, loss: .crossEntropy)
        #expect(model.isTraining && model.layers[1].isTraining)
        _ = model.predict(x)
        #expect(model.isTraining && model.layers[1].isTraining)
        model.eval()
        _ = try model.evaluate(x, labels, loss: .crossEntropy)
        _ = model.predict(x)
        #expect(!model.isTraining && !model.layers[1].isTraining)
        // Predictions are made in evaluation mode: dropout is off, so they are deterministic.
        model.train()
        #expect(model.predict(x).scalars == model.predict(x).scalars)
    }

    @Test func wrongInputShapeStopsAtTheFirstForwardPass() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let model = Sequential { Linear(4, 3); ReLU(); Linear(3, 2) }
            try model.fit(Tensor.zeros([6, 5]), Tensor([0, 1, 0, 1, 0, 1]), epochs: 1, batchSize: 3,
                          optimizer: SGD(model.trainableParameters(), learningRate: 0.1), loss: .crossEntropy, verbose: false)
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("Linear(4 → 3)") && message.contains("[..., 4]") && message.contains("[3, 5]"), "\(message)")
    }
}
