import Testing
@testable import Nabla

/// A network with two outputs: class scores and a value, not a `Layer`.
private final class TwoHeaded: Module {
    let trunk = Linear(2, 8)
    let scores = Linear(8, 2)
    let value = Linear(8, 1)
    func callAsFunction(_ input: Tensor) -> (scores: Tensor, value: Tensor) {
        let features = trunk(input).tanh()
        return recordCall((scores(features), value(features)))
    }
}

/// `fit` and `evaluate` with a training step of one's own, for models that are not `Tensor -> Tensor`.
@Suite struct TrainingStepTests {
    /// Cross-entropy on the scores plus the value head's squared error against the label.
    private func step(_ network: TwoHeaded) -> TrainingStep {
        TrainingStep { batch in
            let (scores, value) = network(batch.inputs)
            let loss = try Tensor.crossEntropy(logits: scores, labels: batch.targets)
                + Tensor.meanSquaredError(value.reshaped([-1]), batch.targets)
            return .init(loss: loss, prediction: scores)
        }
    }

    @Test func aTwoHeadedNetworkTrainsWithFit() throws {
        let data = separableData(count: 64, seed: 5), validation = separableData(count: 32, seed: 6)
        let network = RandomGenerator.seeded(4) { TwoHeaded() }
        let step = step(network)
        let before = try network.evaluate(TensorDataset(inputs: data.x, targets: data.labels), step: step, metrics: [.accuracy])
        let history = try network.fit(data.x, data.labels, epochs: 20, batchSize: 8,
                                      optimizer: SGD(network.trainableParameters(), learningRate: 0.2), step: step,
                                      metrics: [.accuracy], validationData: (validation.x, validation.labels), seed: 2, verbose: false)
        let after = try network.evaluate(TensorDataset(inputs: data.x, targets: data.labels), step: step, metrics: [.accuracy])
        #expect(try #require(after["loss"]) < #require(before["loss"]) / 2, "\(before) → \(after)")
        #expect(try #require(after["accuracy"]) >= 0.95, "\(after)")
        #expect(history.names == ["accuracy", "loss", "val_accuracy", "val_loss"])
        #expect(history.epochs.count == 20)
    }

    @Test func theDefaultStepIsForwardAndLoss() throws {
        let model = RandomGenerator.seeded(1) { Sequential { Linear(2, 2) } }
        let data = separableData(count: 8, seed: 1)
        let output = try TrainingStep.forward(model, loss: .crossEntropy)(Batch(inputs: data.x, targets: data.labels))
        let prediction = model(data.x)
        let loss = try Tensor.crossEntropy(logits: prediction, labels: data.labels)
        #expect(output.prediction?.scalars == prediction.scalars)
        #expect(output.loss.item == loss.item)
    }

    @Test func whatTheStepThrowsStopsFit() throws {
        let network = TwoHeaded()
        let data = separableData(count: 4, seed: 1)
        let outOfRange = Tensor([0, 1, 7, 1])   // two classes: label 7 does not exist
        #expect(throws: TensorValueError.self) {
            try network.fit(data.x, outOfRange, epochs: 1, batchSize: 4, optimizer: SGD(network.trainableParameters(), learningRate: 0.1),
                            step: step(network), verbose: false)
        }
        #expect(network.isTraining)
    }

    @Test func metricsWithoutAPredictionThrow() throws {
        let network = TwoHeaded()
        let data = separableData(count: 4, seed: 1)
        let step = TrainingStep { batch in .init(loss: network(batch.inputs).value.mean()) }
        let error = try #require(throws: TrainingError.self) {
            try network.fit(data.x, data.labels, epochs: 1, optimizer: SGD(network.trainableParameters(), learningRate: 0.1),
                            step: step, metrics: [.accuracy], verbose: false)
        }
        #expect("\(error)".contains("accuracy") && "\(error)".contains("prediction"), "\(error)")
    }

    /// Mistakes in a custom step are errors, not traps: metrics without a prediction, a loss that is not a
    /// single value.
    @Test func stepMistakesThrow() throws {
        let model = Sequential { Linear(2, 3, dtype: .float64) }
        let data = TensorDataset(inputs: Tensor.zeros([4, 2], dtype: .float64), targets: Tensor(indices: [0, 1, 2, 0]))
        let noPrediction = TrainingStep { batch in .init(loss: (model(batch.inputs) * 0).sum()) }
        #expect(throws: TrainingError.self) {
            try model.fit(DataLoader(data, batchSize: 2), epochs: 1, optimizer: SGD(model.trainableParameters(), learningRate: 0.1),
                          step: noPrediction, metrics: [.accuracy], verbose: false)
        }
        let vectorLoss = TrainingStep { batch in .init(loss: model(batch.inputs).sum(alongAxis: 1)) }
        #expect(throws: TrainingError.self) {
            try model.fit(DataLoader(data, batchSize: 2), epochs: 1, optimizer: SGD(model.trainableParameters(), learningRate: 0.1),
                          step: vectorLoss, verbose: false)
        }
        #expect(throws: TrainingError.self) { try model.evaluate(data, step: vectorLoss) }
    }
}
