import Testing
@testable import Nabla

/// Records every parameter's gradient at each optimiser step (one per truncated-BPTT block).
private final class GradientRecorder: Callback {
    var gradients: [[Double]] = []
    func optimizerWillStep(_ batch: Int, context: TrainingContext) {
        gradients.append(context.model.parameters().flatMap { $0.grad?.scalars(as: Double.self) ?? [] })
    }
}

/// `fit(..., truncatedBPTT: (k1, k2))`: one optimiser step per block of k1 steps, gradients reaching
/// back k2 steps, the state carried across blocks and batches; each case against the same training
/// written out by hand with explicit states.
@Suite struct TruncatedBPTTTests {
    /// An LSTM (stateful or not) and a linear read-out per step, float64, with the same parameters for every seed.
    func model(stateful: Bool) -> (model: Sequential, lstm: LSTM, head: Linear) {
        RandomGenerator.seeded(3) {
            let lstm = LSTM(inputSize: 2, hiddenSize: 3, stateful: stateful, dtype: .float64)
            let head = Linear(3, 1, dtype: .float64)
            return (Sequential([lstm, head]), lstm, head)
        }
    }

    let inputs = uniform([4, 4, 2], seed: 71)
    let targets = uniform([4, 4, 1], seed: 72)

    /// The loss of steps `range` of `output` `[N, T', 1]` (its last `range.count` steps) against `targets`.
    func blockLoss(_ output: Tensor, _ targets: Tensor, _ range: Range<Int>) -> Tensor {
        let steps = output.sliced(alongAxis: 1, (output.shape[1] - range.count)..<output.shape[1])
        return Tensor.meanSquaredError(steps, targets.sliced(alongAxis: 1, range))
    }

    func parameters(_ module: Module) -> [Double] { module.parameters().flatMap { $0.value.scalars(as: Double.self) } }

    func gradients(_ module: Module) -> [Double] { module.parameters().flatMap { $0.grad?.scalars(as: Double.self) ?? [] } }

    @Test func wholeSequenceBlocksAreFullBPTT() throws {
        let (trained, _, _) = model(stateful: true)
        let (reference, _, _) = model(stateful: false)
        let recorder = GradientRecorder()
        let x = inputs.sliced(alongAxis: 0, 0..<2), y = targets.sliced(alongAxis: 0, 0..<2)
        try trained.fit(x, y, epochs: 1, batchSize: 2, optimizer: SGD(trained.trainableParameters(), learningRate: 0.5), loss: .meanSquaredError,
                        shuffle: false, callbacks: [recorder], verbose: false, truncatedBPTT: (4, 4))
        let loss = Tensor.meanSquaredError(reference(x), y)
        try loss.backward()
        #expect(recorder.gradients.count == 1)
        expectValues(Tensor(recorder.gradients[0], dtype: .float64), gradients(reference), shape: [gradients(reference).count], tolerance: 1e-12)
        SGD(reference.trainableParameters(), learningRate: 0.5).step()
        expectValues(Tensor(parameters(trained), dtype: .float64), parameters(reference), shape: [parameters(reference).count], tolerance: 1e-12)
    }

    /// A rank whose part of a global batch is empty (3 sequences in batches of 2 on 2 ranks: rank 1 has
    /// one sequence in the first batch, none in the second) still takes one optimiser step per block,
    /// without gradients of its own, so that its steps stay in lock-step with the other ranks'.
    @Test func anEmptyBatchStepsOncePerBlock() throws {
        let (trained, _, _) = model(stateful: true)
        let recorder = GradientRecorder()
        let loader = DataLoader(TensorDataset(inputs: inputs.sliced(alongAxis: 0, 0..<3), targets: targets.sliced(alongAxis: 0, 0..<3)),
                                batchSize: 2, shuffle: false, sampler: DistributedSampler(rank: 1, rankCount: 2))
        try trained.fit(loader, epochs: 1, optimizer: SGD(trained.trainableParameters(), learningRate: 0.3), loss: .meanSquaredError,
                        callbacks: [recorder], verbose: false, truncatedBPTT: (2, 2))
        #expect(recorder.gradients.count == 4, "two blocks of the batch with a sample, two of the empty one")
        #expect(recorder.gradients[0].isEmpty == false && recorder.gradients[1].isEmpty == false)
        #expect(recorder.gradients[2].isEmpty && recorder.gradients[3].isEmpty, "no gradients without samples")
    }

    /// k1 = k2 = 2 over 4 steps and two batches: each block starts from the last block's final state,
    /// detached, also across the batch boundary.
    @Test func stateIsCarriedAcrossBlocksAndBatches() throws {
        let (trained, _, _) = model(stateful: true)
        let (reference, lstm, head) = model(stateful: false)
        let recorder = GradientRecorder()
        try trained.fit(inputs, targets, epochs: 1, batchSize: 2, optimizer: SGD(trained.trainableParameters(), learningRate: 0.3),
                        loss: .meanSquaredError, shuffle: false, callbacks: [recorder], verbose: false, truncatedBPTT: (2, 2))
        let optimizer = SGD(reference.trainableParameters(), learningRate: 0.3)
        var state: RecurrentState?
        var expected: [[Double]] = []
        for batch in [0..<2, 2..<4] {
            for block in [0..<2, 2..<4] {
                reference.zeroGrad()
                let x = inputs.sliced([batch, block, 0..<2])
                let run = lstm.run(x, initialState: state, lengths: nil)
                try blockLoss(head(run.output), targets.sliced(alongAxis: 0, batch), block).backward()
                expected.append(gradients(reference))
                optimizer.step()
                state = run.state.detached()
            }
        }
        #expect(recorder.gradients.count == 4)
        for (got, want) in zip(recorder.gradients, expected) { expectValues(Tensor(got, dtype: .float64), want, shape: [want.count], tolerance: 1e-12) }
        expectValues(Tensor(parameters(trained), dtype: .float64), parameters(reference), shape: [parameters(reference).count], tolerance: 1e-12)
    }

    /// Trains `reference` by hand, one SGD step per window: `lstm` runs `window` of `x` from `state`
    /// (split at `saveAt`, whose state is returned detached), the loss covers `block`'s steps.
    func trainByHand(_ reference: (model: Sequential, lstm: LSTM, head: Linear), optimizer: SGD, _ x: Tensor, _ y: Tensor,
                     from state: RecurrentState?, _ window: Range<Int>, block: Range<Int>, saveAt: Int?) throws -> RecurrentState? {
        reference.model.zeroGrad()
        var saved: RecurrentState?
        var outputs: [Tensor] = []
        var current = state
        let pieces = saveAt.map { [window.lowerBound..<$0, $0..<window.upperBound] } ?? [window]
        for piece in pieces {
            let run = reference.lstm.run(x.sliced(alongAxis: 1, piece), initialState: current, lengths: nil)
            outputs.append(run.output)
            current = run.state
            if piece.upperBound == saveAt { saved = run.state.detached() }
        }
        try blockLoss(reference.head(Tensor.concatenate(outputs, alongAxis: 1)), y, block).backward()
        optimizer.step()
        return saved ?? current?.detached()
    }

    /// k1 = 1, k2 = 2 over 3 steps: blocks [0, 1), [1, 2), [2, 3) run the windows [0, 1), [0, 2), [1, 3),
    /// each from the detached state at its start, the loss on the block's step only.
    @Test func longerBackwardWindowsRecomputeFromAnEarlierState() throws {
        let (trained, _, _) = model(stateful: true)
        let reference = model(stateful: false)
        let x = inputs.sliced([0..<2, 0..<3, 0..<2]), y = targets.sliced([0..<2, 0..<3, 0..<1])
        try trained.fit(x, y, epochs: 1, batchSize: 2, optimizer: SGD(trained.trainableParameters(), learningRate: 0.3),
                        loss: .meanSquaredError, shuffle: false, verbose: false, truncatedBPTT: (1, 2))
        let optimizer = SGD(reference.model.trainableParameters(), learningRate: 0.3)
        _ = try trainByHand(reference, optimizer: optimizer, x, y, from: nil, 0..<1, block: 0..<1, saveAt: nil)
        let stateAtOne = try trainByHand(reference, optimizer: optimizer, x, y, from: nil, 0..<2, block: 1..<2, saveAt: 1)
        _ = try trainByHand(reference, optimizer: optimizer, x, y, from: stateAtOne, 1..<3, block: 2..<3, saveAt: nil)
        expectValues(Tensor(parameters(trained), dtype: .float64), parameters(reference.model), shape: [parameters(reference.model).count], tolerance: 1e-12)
    }

    /// k1 = k2 = 2 over 3 steps: the short last block [2, 3) runs from the state after step 1, not
    /// from step 1 again.
    @Test func equalWindowsWithAShortLastBlock() throws {
        let (trained, lstm, _) = model(stateful: true)
        let reference = model(stateful: false)
        let x = inputs.sliced([0..<2, 0..<3, 0..<2]), y = targets.sliced([0..<2, 0..<3, 0..<1])
        let recorder = GradientRecorder()
        try trained.fit(x, y, epochs: 1, batchSize: 2, optimizer: SGD(trained.trainableParameters(), learningRate: 0.3),
                        loss: .meanSquaredError, shuffle: false, callbacks: [recorder], verbose: false, truncatedBPTT: (2, 2))
        let optimizer = SGD(reference.model.trainableParameters(), learningRate: 0.3)
        var expected: [[Double]] = []
        let afterOne = try trainByHand(reference, optimizer: optimizer, x, y, from: nil, 0..<2, block: 0..<2, saveAt: nil)
        expected.append(gradients(reference.model))
        let afterTwo = try trainByHand(reference, optimizer: optimizer, x, y, from: afterOne, 2..<3, block: 2..<3, saveAt: nil)
        expected.append(gradients(reference.model))
        #expect(recorder.gradients.count == 2)
        for (got, want) in zip(recorder.gradients, expected) { expectValues(Tensor(got, dtype: .float64), want, shape: [want.count], tolerance: 1e-12) }
        expectValues(Tensor(parameters(trained), dtype: .float64), parameters(reference.model), shape: [parameters(reference.model).count], tolerance: 1e-12)
        let kept = try #require(lstm.keptState), want = try #require(afterTwo)
        expectValues(kept.hidden[0], want.hidden[0].scalars(as: Double.self), shape: [2, 3], tolerance: 1e-12)
        expectValues(kept.cell[0], want.cell[0].scalars(as: Double.self), shape: [2, 3], tolerance: 1e-12)
    }

    /// k1 = 2, k2 = 3 over 5 steps: blocks [0, 2), [2, 4), [4, 5) run the windows [0, 2), [1, 4), [2, 5).
    @Test func longerBackwardWindowsWithAShortLastBlock() throws {
        let (trained, _, _) = model(stateful: true)
        let reference = model(stateful: false)
        let x = uniform([2, 5, 2], seed: 73), y = uniform([2, 5, 1], seed: 74)
        let recorder = GradientRecorder()
        try trained.fit(x, y, epochs: 1, batchSize: 2, optimizer: SGD(trained.trainableParameters(), learningRate: 0.3),
                        loss: .meanSquaredError, shuffle: false, callbacks: [recorder], verbose: false, truncatedBPTT: (2, 3))
        let optimizer = SGD(reference.model.trainableParameters(), learningRate: 0.3)
        var expected: [[Double]] = []
        let stateAtOne = try trainByHand(reference, optimizer: optimizer, x, y, from: nil, 0..<2, block: 0..<2, saveAt: 1)
        expected.append(gradients(reference.model))
        let stateAtTwo = try trainByHand(reference, optimizer: optimizer, x, y, from: stateAtOne, 1..<4, block: 2..<4, saveAt: 2)
        expected.append(gradients(reference.model))
        _ = try trainByHand(reference, optimizer: optimizer, x, y, from: stateAtTwo, 2..<5, block: 4..<5, saveAt: nil)
        expected.append(gradients(reference.model))
        #expect(recorder.gradients.count == 3)
        for (got, want) in zip(recorder.gradients, expected) { expectValues(Tensor(got, dtype: .float64), want, shape: [want.count], tolerance: 1e-12) }
        expectValues(Tensor(parameters(trained), dtype: .float64), parameters(reference.model), shape: [parameters(reference.model).count], tolerance: 1e-12)
    }

    /// Validation batches are unrelated sequences: each starts from a fresh state, and a short last
    /// batch (257 = 256 + 1) is evaluated like the others.
    @Test func validationStartsEveryBatchAfresh() throws {
        let (trained, _, _) = model(stateful: true)
        let (reference, _, _) = model(stateful: false)
        let x = uniform([257, 2, 2], seed: 75), y = uniform([257, 2, 1], seed: 76)
        let history = try trained.fit(x.sliced(alongAxis: 0, 0..<2), y.sliced(alongAxis: 0, 0..<2), epochs: 1, batchSize: 2,
                                      optimizer: SGD(trained.trainableParameters(), learningRate: 0), loss: .meanSquaredError,
                                      validationData: (x, y), shuffle: false, verbose: false, truncatedBPTT: (1, 1))
        let want = Tensor.meanSquaredError(reference(x), y).item
        #expect(Swift.abs(try #require(history.epochs.last?["val_loss"]) - want) < 1e-12)
    }

    /// The state of a batch of 2 cannot go on into a batch of 1: a clear error, not a crash.
    @Test func aBatchOfAnotherSizeThrows() throws {
        let (trained, _, _) = model(stateful: true)
        let x = inputs.sliced(alongAxis: 0, 0..<3), y = targets.sliced(alongAxis: 0, 0..<3)
        #expect {
            try trained.fit(x, y, epochs: 1, batchSize: 2, optimizer: SGD(trained.trainableParameters(), learningRate: 0.1),
                            loss: .meanSquaredError, shuffle: false, verbose: false, truncatedBPTT: (2, 2))
        } throws: { error in
            guard case TrainingError.invalidData(let message) = error else { return false }
            return message.contains("batch of 2") && message.contains("batch of 1")
        }
    }

    /// k1 = 3, k2 = 1: one block whose state is detached one step before its end; all three steps count.
    @Test func shorterBackwardWindowsDetachInsideTheBlock() throws {
        let (trained, _, _) = model(stateful: true)
        let (reference, lstm, head) = model(stateful: false)
        let x = inputs.sliced([0..<2, 0..<3, 0..<2]), y = targets.sliced([0..<2, 0..<3, 0..<1])
        let recorder = GradientRecorder()
        try trained.fit(x, y, epochs: 1, batchSize: 2, optimizer: SGD(trained.trainableParameters(), learningRate: 0.3),
                        loss: .meanSquaredError, shuffle: false, callbacks: [recorder], verbose: false, truncatedBPTT: (3, 1))
        let first = lstm.run(x.sliced(alongAxis: 1, 0..<2), initialState: nil, lengths: nil)
        let last = lstm.run(x.sliced(alongAxis: 1, 2..<3), initialState: first.state.detached(), lengths: nil)
        try blockLoss(head(Tensor.concatenate([first.output, last.output], alongAxis: 1)), y, 0..<3).backward()
        #expect(recorder.gradients.count == 1)
        expectValues(Tensor(recorder.gradients[0], dtype: .float64), gradients(reference), shape: [gradients(reference).count], tolerance: 1e-12)
        // Cut: a gradient different from full BPTT's.
        let full = gradients(reference)
        reference.zeroGrad()
        try Tensor.meanSquaredError(reference(x), y).backward()
        #expect(gradients(reference) != full)
    }

    /// A `GradientClipper` (here by value) bounds the gradient of every block before its step.
    @Test func clippingRunsBeforeEveryBlocksStep() throws {
        let (trained, _, _) = model(stateful: true)
        let recorder = GradientRecorder()
        try trained.fit(inputs, targets, epochs: 1, batchSize: 4, optimizer: SGD(trained.trainableParameters(), learningRate: 0.1),
                        loss: .meanSquaredError, callbacks: [GradientClipper(limit: 1e-3), recorder], verbose: false, truncatedBPTT: (1, 2))
        #expect(recorder.gradients.count == 4)
        #expect(recorder.gradients.allSatisfy { block in block.allSatisfy { Swift.abs($0) <= 1e-3 } })
        #expect(recorder.gradients.contains { block in block.contains { Swift.abs($0) == 1e-3 } })
    }

    @Test func unsuitableModelsAndDataThrow() throws {
        let (plain, _, _) = model(stateful: false)
        #expect(throws: TrainingError.self) {
            try plain.fit(inputs, targets, epochs: 1, optimizer: SGD(plain.trainableParameters(), learningRate: 0.1), loss: .meanSquaredError,
                          verbose: false, truncatedBPTT: (2, 2))
        }
        let lastStep = Sequential { LSTM(inputSize: 2, hiddenSize: 3, returnSequences: false, stateful: true, dtype: .float64); Linear(3, 1, dtype: .float64) }
        #expect(throws: TrainingError.self) {
            try lastStep.fit(inputs, targets, epochs: 1, optimizer: SGD(lastStep.trainableParameters(), learningRate: 0.1), loss: .meanSquaredError,
                             verbose: false, truncatedBPTT: (2, 2))
        }
        let (stateful, _, _) = model(stateful: true)
        #expect {
            try stateful.fit(inputs.sliced(alongAxis: 1, 0..<0), targets.sliced(alongAxis: 1, 0..<0), epochs: 1,
                             optimizer: SGD(stateful.trainableParameters(), learningRate: 0.1), loss: .meanSquaredError, verbose: false, truncatedBPTT: (2, 2))
        } throws: { error in
            guard case TrainingError.invalidData(let message) = error else { return false }
            return message.contains("at least one time step")
        }
        #expect(throws: TrainingError.self) {
            try stateful.fit(inputs, targets.sliced(alongAxis: 1, 0..<3), epochs: 1, optimizer: SGD(stateful.trainableParameters(), learningRate: 0.1),
                             loss: .meanSquaredError, verbose: false, truncatedBPTT: (2, 2))
        }
    }

    @Test func perStepLabelsWithCrossEntropyAndValidation() throws {
        let network = RandomGenerator.seeded(4) {
            Sequential { Embedding(5, 4, dtype: .float64); LSTM(inputSize: 4, hiddenSize: 8, stateful: true, dtype: .float64); Linear(8, 5, dtype: .float64) }
        }
        // Predict the next symbol of a cycle 0, 1, 2, 3, 4, 0, ...
        let sequence = (0..<40).map { Double($0 % 5) }
        let x = Tensor(sequence.dropLast().map { $0 }, shape: [1, 39], dtype: .float64)
        let y = Tensor(sequence.dropFirst().map { $0 }, shape: [1, 39], dtype: .float64)
        let history = try network.fit(x, y, epochs: 30, batchSize: 1, optimizer: Adam(network.trainableParameters(), learningRate: 0.05),
                                      loss: .crossEntropy, metrics: [.accuracy], validationData: (x, y), verbose: false, truncatedBPTT: (10, 15))
        let last = try #require(history.epochs.last)
        #expect(try #require(last["val_accuracy"]) == 1, "\(last)")
        let firstLoss = try #require(history.epochs.first?["loss"])
        #expect(try #require(last["loss"]) < firstLoss)
    }
}
