import Testing
@testable import Nabla

/// Training with `int64` class labels gives exactly what float labels give: losses, metrics, the
/// confusion matrix, and the loader's batches, which keep the labels' type.
@Suite struct IntegerLabelsTrainingTests {
    @Test func fitAndEvaluateMatchFloatLabels() throws {
        let data = separableData(count: 48, seed: 5)
        let integerLabels = data.labels.converted(to: .int64)
        #expect(integerLabels.dtype == .int64)
        func train(_ labels: Tensor) throws -> (History, [String: Double]) {
            let model = RandomGenerator.seeded(2) { Sequential { Linear(2, 6); Tanh(); Linear(6, 2) } }
            let history = try model.fit(data.x, labels, epochs: 3, batchSize: 8, optimizer: SGD(model.trainableParameters(), learningRate: 0.2),
                                        loss: .crossEntropy, metrics: [.accuracy, .topKAccuracy(1)], seed: 4, verbose: false)
            return (history, try model.evaluate(data.x, labels, loss: .crossEntropy, metrics: [.accuracy]))
        }
        let (floatHistory, floatScores) = try train(data.labels)
        let (integerHistory, integerScores) = try train(integerLabels)
        #expect(integerHistory["loss"] == floatHistory["loss"])
        #expect(integerHistory["accuracy"] == floatHistory["accuracy"])
        #expect(integerScores == floatScores)
    }

    @Test func confusionMatrixAndAccuracyWithIntegerLabels() throws {
        let scores = Tensor([[0.9, 0.1, 0], [0.2, 0.7, 0.1], [0.1, 0.1, 0.8], [0.6, 0.3, 0.1]])
        var fromIntegers = ConfusionMatrix(classCount: 3), fromFloats = ConfusionMatrix(classCount: 3)
        try fromIntegers.add(predictions: scores, labels: Tensor(indices: [0, 1, 2, 1]))
        try fromFloats.add(predictions: scores, labels: Tensor([0, 1, 2, 1]))
        #expect(fromIntegers == fromFloats && fromIntegers.counts[1] == [1, 1, 0])
        #expect(try Metric.accuracy.measure(scores, Tensor(indices: [0, 1, 2, 1])).sum == 3)
        #expect(scores.argmax(alongAxis: 1).dtype == .int64)
    }

    @Test func loaderBatchesKeepIntegerLabels() {
        let dataset = TensorDataset(inputs: Tensor.arange(0, 10).reshaped([5, 2]), targets: Tensor(indices: [4, 3, 2, 1, 20_000_001]))
        let loader = DataLoader(dataset, batchSize: 2, shuffle: false, prefetch: 0)
        let targets = Array(loader.batches(epoch: 0)).map(\.targets)
        #expect(targets.allSatisfy { $0.dtype == .int64 })
        #expect(targets.map { $0.scalars(as: Int.self) } == [[4, 3], [2, 1], [20_000_001]])
    }

    /// Costs that compare values take int64 targets too (0/1 labels, a one-hot made as int64).
    @Test func valueCostsAcceptIntegerTargets() throws {
        let prediction = Tensor([[0.2, 0.8], [0.6, 0.4]], dtype: .float64)
        let integer = Tensor(indices: [0, 1, 1, 0], shape: [2, 2]), float = Tensor([[0, 1], [1, 0]], dtype: .float64)
        for loss in [Loss.meanSquaredError, .quadratic, .meanAbsoluteError, .binaryCrossEntropy, .binaryCrossEntropyWithLogits, .crossEntropy] {
            #expect(try loss(prediction, integer).item == loss(prediction, float).item, "\(loss.name)")
        }
    }
}
