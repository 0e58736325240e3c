import Foundation
import Testing
@testable import Nabla

/// Training checkpoints: parameters, optimiser state, epoch and random state in one safetensors file,
/// restored exactly so that training resumes as if it had never stopped.
@Suite struct CheckpointTests {
    func network(seed: UInt64) -> Sequential {
        RandomGenerator.seeded(seed) { Sequential { Linear(2, 3); Tanh(); Linear(3, 1) } }
    }

    let x = Tensor([[0.5, -1], [1, 2], [-0.3, 0.8], [2, 0]])
    let y = Tensor([[1], [0], [0.5], [-1]])

    /// One optimisation step on the fixed batch; returns the loss.
    @discardableResult
    func step(_ model: any Layer, _ optimizer: any Optimizer) throws -> Double {
        optimizer.zeroGrad()
        let loss = ((model(x) - y) * (model(x) - y)).mean()
        try loss.backward()
        optimizer.step()
        return loss.item
    }

    @Test func saveLoadRoundTripIsExact() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("checkpoint.safetensors")
            let model = network(seed: 1)
            let optimizer = Adam(model.trainableParameters(), learningRate: 0.01)
            for _ in 0..<3 { try step(model, optimizer) }
            var generator = RandomGenerator(seed: 99)
            _ = generator.next()
            let saved = Checkpoint(model: model, optimizer: optimizer, epoch: 4, generator: generator, metadata: ["run": "a/b \"c\""])
            try saved.save(to: url)

            let loaded = try Checkpoint.load(from: url)
            #expect(loaded.epoch == 4)
            #expect(loaded.randomState == generator)
            #expect(loaded.optimizerState == saved.optimizerState)
            #expect(loaded.optimizerState.kind == "Adam" && loaded.optimizerState.step == 3 && loaded.optimizerState.learningRate == 0.01)
            #expect(loaded.metadata == ["run": "a/b \"c\""])
            #expect(loaded.parameters.keys.sorted() == saved.parameters.keys.sorted())
            for (name, tensor) in saved.parameters { #expect(loaded.parameters[name].map { identical($0, tensor) } == true, "\(name)") }
            #expect(try fileNames(in: directory) == ["checkpoint.safetensors"])
        }
    }

    @Test func theFileIsPlainSafeTensors() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("checkpoint.safetensors")
            let model = network(seed: 1)
            let optimizer = SGD(model.trainableParameters(), learningRate: 0.125, momentum: 0.9)
            try step(model, optimizer)
            try Checkpoint(model: model, optimizer: optimizer, epoch: 0, generator: RandomGenerator(seed: 0)).save(to: url)
            let (tensors, metadata) = try SafeTensors.read(from: url)
            #expect(tensors.keys.sorted() == ["layers.0.bias", "layers.0.weight", "layers.2.bias", "layers.2.weight",
                                               "optimizer/0.velocity", "optimizer/1.velocity", "optimizer/2.velocity", "optimizer/3.velocity"])
            #expect(metadata == [
                "nabla.checkpoint": "1", "nabla.epoch": "0", "nabla.optimizer.kind": "SGD", "nabla.optimizer.step": "1",
                "nabla.optimizer.learning_rate": "0.125",
                "nabla.random_state": "e220a8397b1dcdaf 6e789e6aa1b965f4 06c45d188009454f f88bb8a8724c81ec",
            ])
        }
    }

    /// Training 3 steps, checkpointing, then 3 more steps gives exactly what a fresh model and
    /// optimiser restored from the checkpoint give in their 3 steps.
    @Test(arguments: ["SGD", "Adam", "RMSProp", "Adagrad"])
    func resumingContinuesExactly(_ kind: String) throws {
        func makeOptimizer(_ model: Module) -> any Optimizer {
            switch kind {
            case "SGD": return SGD(model.trainableParameters(), learningRate: 0.05, momentum: 0.9, nesterov: true)
            case "Adam": return Adam(model.trainableParameters(), learningRate: 0.01)
            case "RMSProp": return RMSProp(model.trainableParameters(), learningRate: 0.01)
            default: return Adagrad(model.trainableParameters(), learningRate: 0.1)
            }
        }
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("checkpoint.safetensors")
            let model = network(seed: 1), optimizer = makeOptimizer(model)
            var generator = RandomGenerator(seed: 5)
            for _ in 0..<3 { try step(model, optimizer) }
            _ = generator.next()
            try Checkpoint(model: model, optimizer: optimizer, epoch: 2, generator: generator).save(to: url)
            let continued = try (0..<3).map { _ in try step(model, optimizer) }
            let nextRandom = generator.next()

            let resumedModel = network(seed: 7), resumedOptimizer = makeOptimizer(resumedModel)
            var resumedGenerator = RandomGenerator(seed: 0)
            let checkpoint = try Checkpoint.load(from: url)
            try checkpoint.restore(into: resumedModel, optimizer: resumedOptimizer, generator: &resumedGenerator)
            #expect(checkpoint.epoch == 2)
            let resumed = try (0..<3).map { _ in try step(resumedModel, resumedOptimizer) }
            #expect(resumed == continued)
            #expect(resumedGenerator.next() == nextRandom)
            for (a, b) in zip(model.parameters(), resumedModel.parameters()) { #expect(identical(a.value, b.value)) }
        }
    }

    @Test func restoreReportsModelAndOptimizerProblemsTogetherAndChangesNothing() throws {
        let source = network(seed: 1)
        let sourceOptimizer = Adam(source.trainableParameters())
        try step(source, sourceOptimizer)
        let checkpoint = Checkpoint(model: source, optimizer: sourceOptimizer, epoch: 1, generator: RandomGenerator(seed: 1))

        let other = RandomGenerator.seeded(2) { Sequential { Linear(2, 4); Tanh(); Linear(4, 1) } }
        let otherOptimizer = SGD(other.trainableParameters(), learningRate: 0.1, momentum: 0.5)
        try step(other, otherOptimizer)
        let before = other.parameterTensors(), optimizerBefore = otherOptimizer.state()
        do {
            try checkpoint.restore(into: other, optimizer: otherOptimizer)
            Issue.record("expected a CheckpointError")
        } catch let error as CheckpointError {
            #expect(error.problems.first == "parameter layers.0.weight: shape [3, 2] in the file, [4, 2] in the model")
            #expect(error.problems.contains("optimizer: state is from Adam, not SGD"), "\(error)")
            #expect(error.problems.count > 4, "\(error)")
        }
        for (name, tensor) in other.parameterTensors() { #expect(before[name].map { identical(tensor, $0) } == true, "\(name)") }
        #expect(otherOptimizer.state() == optimizerBefore)
    }

    @Test func optimizerIsPutBackWhenOnlyTheModelDoesNotFit() throws {
        let source = network(seed: 1)
        let sourceOptimizer = SGD(source.trainableParameters(), learningRate: 0.3)
        for _ in 0..<2 { try step(source, sourceOptimizer) }
        var checkpoint = Checkpoint(model: source, optimizer: sourceOptimizer, epoch: 1, generator: RandomGenerator(seed: 1))
        checkpoint.parameters["layers.2.bias"] = nil

        let target = network(seed: 2)
        let targetOptimizer = SGD(target.trainableParameters(), learningRate: 0.1)
        let stateBefore = targetOptimizer.state()
        #expect { try checkpoint.restore(into: target, optimizer: targetOptimizer) } throws: { error in
            (error as? CheckpointError)?.problems == ["parameter layers.2.bias: missing from the file (parameter of shape [1])"]
        }
        #expect(targetOptimizer.state() == stateBefore && targetOptimizer.learningRate == 0.1)
    }

    @Test func reservedNamesAreRefusedOnSave() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("checkpoint.safetensors")
            let state = OptimizerState(kind: "SGD", step: 0, learningRate: 0.1, tensors: [:])
            let checkpoint = Checkpoint(epoch: 0, randomState: RandomGenerator(seed: 0), optimizerState: state,
                                        parameters: ["optimizer/x": Tensor([1])], metadata: ["nabla.epoch": "9"])
            #expect { try checkpoint.save(to: url) } throws: { error in (error as? CheckpointError)?.problems.count == 2 }
            let remaining = try fileNames(in: directory)
            #expect(remaining.isEmpty)
        }
    }

    @Test func missingAndMalformedEntriesAreAllListed() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("checkpoint.safetensors")
            try SafeTensors.write(["w": Tensor([1])], metadata: [
                "nabla.checkpoint": "1", "nabla.epoch": "three", "nabla.optimizer.learning_rate": "fast",
                "nabla.random_state": "1 2 3 4",
            ], to: url)
            #expect { try Checkpoint.load(from: url) } throws: { error in
                (error as? CheckpointError)?.problems == [
                    #"metadata nabla.epoch is "three", not an integer"#,
                    "metadata nabla.optimizer.step is missing",
                    "metadata nabla.optimizer.kind is missing",
                    #"metadata nabla.optimizer.learning_rate is "fast", not a number"#,
                    #"metadata nabla.random_state is "1 2 3 4", not four 64-bit hexadecimal words"#,
                ]
            }
        }
    }

    /// An epoch or step count near `Int.max` parses, but counting on from it would trap: refused on load.
    @Test func countsNearIntMaxAreRefused() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("checkpoint.safetensors")
            let model = network(seed: 1)
            let optimizer = Adam(model.trainableParameters())
            try step(model, optimizer)
            try Checkpoint(model: model, optimizer: optimizer, epoch: 0, generator: RandomGenerator(seed: 1)).save(to: url)
            let (tensors, stored) = try SafeTensors.read(from: url)
            var metadata = stored
            metadata["nabla.epoch"] = String(Int.max)
            metadata["nabla.optimizer.step"] = "-1"
            try SafeTensors.write(tensors, metadata: metadata, to: url)
            #expect { try Checkpoint.load(from: url) } throws: { error in
                (error as? CheckpointError)?.problems == [
                    "metadata nabla.epoch is \(Int.max), outside 0 ... \(Checkpoint.maximumCount)",
                    "metadata nabla.optimizer.step is -1, outside 0 ... \(Checkpoint.maximumCount)",
                ]
            }
        }
    }

    /// An optimiser state whose step count would overflow on the next step is refused, and the
    /// optimiser keeps its state.
    @Test func optimizerStepNearIntMaxIsRefused() throws {
        let model = network(seed: 1)
        let optimizer = Adam(model.trainableParameters())
        try step(model, optimizer)
        var state = optimizer.state()
        state.step = Int.max
        #expect { try optimizer.load(state) } throws: { error in
            (error as? OptimizerStateError)?.problems == ["step count \(Int.max) is outside 0 ... \(OptimizerState.maximumStep)"]
        }
        #expect(optimizer.state().step == 1)
        try step(model, optimizer)
    }

    @Test func randomStateTextRoundTrips() {
        var generator = RandomGenerator(seed: 123)
        for _ in 0..<50 {
            _ = generator.next()
            #expect(Checkpoint.parse(randomState: Checkpoint.format(generator)) == generator)
        }
        #expect(Checkpoint.parse(randomState: "") == nil)
        #expect(Checkpoint.parse(randomState: "0000000000000000 0000000000000000 0000000000000000") == nil)
        #expect(Checkpoint.parse(randomState: "000000000000000g 0000000000000000 0000000000000000 0000000000000000") == nil)
    }
}
