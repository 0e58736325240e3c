import Foundation
import Testing
@testable import Nabla

/// A run interrupted in the middle of an epoch and resumed from the checkpoint of the last finished
/// epoch must end with exactly the weights of a run that was never interrupted.
@Suite struct ResumeTests {
    static func data() -> TensorDataset {
        var generator = RandomGenerator(seed: 5)
        let x = Tensor.randomNormal([96, 6], generator: &generator)
        let labels = Tensor((0..<96).map { Double($0 % 3) })
        return TensorDataset(inputs: x, targets: labels)
    }

    static func makeModel() -> Sequential {
        RandomGenerator.seeded(9) {
            Sequential {
                Linear(6, 16)
                ReLU()
                Dropout(probability: 0.2)
                Linear(16, 3)
            }
        }
    }

    static func train(_ model: Sequential, _ optimizer: any Optimizer, epochs: Int, from initialEpoch: Int = 0,
                      callbacks: [any Callback] = []) throws {
        let loader = DataLoader(data(), batchSize: 10, shuffle: true, seed: 3,
                                augmentation: nil, prefetch: 2)
        try model.fit(loader, epochs: epochs, initialEpoch: initialEpoch, optimizer: optimizer, loss: .crossEntropy,
                      callbacks: callbacks + [LearningRateScheduler(CosineAnnealing(epochs: epochs))], verbose: false)
    }

    /// Ends training in the middle of epoch `epoch`: the weights have changed as in a partly done epoch,
    /// and the objects are then abandoned, as a killed process loses them.
    final class Interrupt: Callback {
        let epoch: Int
        init(epoch: Int) { self.epoch = epoch }
        func batchDidEnd(_ batch: Int, loss: Double, context: TrainingContext) {
            if context.epoch == epoch && batch == 4 { context.abortTraining = true }
        }
    }

    @Test func resumedRunEndsWithTheSameWeights() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nabla-resume-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let checkpointURL = directory.appendingPathComponent("checkpoint.safetensors")

        // Uninterrupted: 4 epochs.
        let reference = Self.makeModel()
        try Self.train(reference, Adam(reference.trainableParameters(), learningRate: 0.01), epochs: 4)

        // Interrupted: checkpoints after each epoch; "killed" during epoch 2 (after 5 of its batches).
        let first = Self.makeModel()
        let firstOptimizer = Adam(first.trainableParameters(), learningRate: 0.01)
        let saver = ModelCheckpoint { epoch, context in
            try Checkpoint(model: first, optimizer: firstOptimizer, epoch: epoch, generator: RandomGenerator(seed: 3)).save(to: checkpointURL)
        }
        try Self.train(first, firstOptimizer, epochs: 4, callbacks: [Interrupt(epoch: 2), saver])
        let checkpoint = try Checkpoint.load(from: checkpointURL)
        #expect(checkpoint.epoch == 1, "the last finished epoch before the interruption")
        #expect(first.parameters().map(\.value.scalars) != reference.parameters().map(\.value.scalars),
                "the interrupted run must really differ before resuming")

        // Resumed in fresh objects, as a new process would.
        let resumed = Self.makeModel()
        let optimizer = Adam(resumed.trainableParameters(), learningRate: 0.01)
        try checkpoint.restore(into: resumed, optimizer: optimizer)
        optimizer.learningRate = 0.01
        try Self.train(resumed, optimizer, epochs: 4, from: checkpoint.epoch + 1)

        #expect(resumed.parameters().count == reference.parameters().count)
        for (a, b) in zip(resumed.parameters(), reference.parameters()) {
            expectIdentical(a.value.scalars, b.value.scalars, "weights differ after resuming")
        }
    }
}
