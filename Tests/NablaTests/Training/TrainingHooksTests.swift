import Testing
@testable import Nabla

/// One shared, ordered record of what happened during a `fit`.
private final class EventLog {
    var events: [String] = []
}

/// Writes every hook call into the log, with what the parameters look like at that moment.
private final class HookRecorder: Callback {
    let log: EventLog
    init(_ log: EventLog) { self.log = log }
    func trainingWillBegin(_ context: TrainingContext) { log.events.append("trainingWillBegin") }
    func epochWillBegin(_ epoch: Int, context: TrainingContext) { log.events.append("epochWillBegin \(epoch)") }
    func batchWillBegin(_ batch: Int, context: TrainingContext) { log.events.append("batchWillBegin \(batch)") }
    func optimizerWillStep(_ batch: Int, context: TrainingContext) {
        let hasGradients = context.model.parameters().allSatisfy { $0.grad != nil }
        log.events.append("optimizerWillStep \(batch)\(hasGradients ? "" : " without gradients")")
    }
    func batchDidEnd(_ batch: Int, loss: Double, context: TrainingContext) { log.events.append("batchDidEnd \(batch)") }
    func epochWillEnd(_ epoch: Int, logs: inout [String: Double], context: TrainingContext) {
        log.events.append("epochWillEnd \(epoch)")
        logs["loss"] = -1
    }
    func validationDidEnd(_ epoch: Int, results: inout [String: Double], sampleCount: Int, context: TrainingContext) {
        log.events.append("validationDidEnd \(epoch) of \(sampleCount)")
        results["loss"] = -2
    }
    func epochDidEnd(_ epoch: Int, logs: [String: Double], context: TrainingContext) {
        log.events.append("epochDidEnd \(epoch)\(logs["loss"] == -1 ? " with the changed logs" : "")\(logs["val_loss"] == -2 ? " and validation" : "")")
    }
    func trainingDidEnd(_ context: TrainingContext) { log.events.append("trainingDidEnd") }
}

/// y = x·w, carrying a running state from call to call (the previous output, added in), and writing
/// its forward passes and state changes into the log.
private final class Accumulator: Module, Layer, StatefulModule {
    @Parameter var weight = Tensor([0.5], dtype: .float64)
    var state: Tensor?
    let log: EventLog
    init(_ log: EventLog) {
        self.log = log
        super.init()
    }
    func forward(_ input: Tensor) -> Tensor {
        log.events.append(isTraining ? "forward" : "forward (evaluation)")
        let output = input * weight + (state ?? Tensor.zeros([1], dtype: .float64)).mean()
        state = output
        return output
    }
    func resetState() {
        log.events.append("resetState")
        state = nil
    }
    func detachState() {
        log.events.append("detachState")
        state = state?.detached()
    }
}

/// The order of `fit`'s hooks, the gradient clipper, and stateful modules across batches.
@Suite struct TrainingHooksTests {
    private let x = Tensor([1, 2, 3, 4], shape: [4, 1], dtype: .float64)
    private let y = Tensor([1, 1, 1, 1], shape: [4, 1], dtype: .float64)

    @Test func everyHookInOrderWithStatefulModules() throws {
        let log = EventLog()
        let model = Accumulator(log)
        try model.fit(x, y, epochs: 2, batchSize: 2, optimizer: SGD(model.trainableParameters(), learningRate: 0.01),
                      loss: .meanSquaredError, validationData: (x, y), shuffle: false, callbacks: [HookRecorder(log)], verbose: false)
        let batch = { (index: Int) in
            ["batchWillBegin \(index)", "forward", "optimizerWillStep \(index)", "detachState", "batchDidEnd \(index)"]
        }
        let epoch = { (index: Int) in
            ["resetState", "epochWillBegin \(index)"] + batch(0) + batch(1)
                + ["epochWillEnd \(index)", "resetState", "forward (evaluation)", "validationDidEnd \(index) of 4",   // validation: one batch of 4
                   "epochDidEnd \(index) with the changed logs and validation"]
        }
        #expect(log.events == ["trainingWillBegin"] + epoch(0) + epoch(1) + ["trainingDidEnd"])
    }

    @Test func withoutDetachingTheSecondBatchRunsIntoAFreedGraph() throws {
        let model = Accumulator(EventLog())
        let optimizer = SGD(model.trainableParameters(), learningRate: 0.01)
        try Tensor.meanSquaredError(model(x), y).backward()
        optimizer.step()
        #expect(throws: AutogradError.graphReleased) { try Tensor.meanSquaredError(model(x), y).backward() }
        // What fit does between batches: the state keeps its values and leaves the old graph behind.
        model.resetState()
        try Tensor.meanSquaredError(model(x), y).backward()
        model.detachAllStates()
        #expect(model.state.map { !$0.requiresGrad } == true)
        try Tensor.meanSquaredError(model(x), y).backward()
    }

    @Test func statefulModulesAnywhereInTheModelAreReached() {
        let log = EventLog()
        let model = Sequential { Linear(1, 1, dtype: .float64); Accumulator(log); Sequential { Accumulator(log) } }
        model.resetAllStates()
        model.detachAllStates()
        #expect(log.events == ["resetState", "resetState", "detachState", "detachState"])
    }

    /// A batch of no samples (rank 1's part of the last global batch of 3 samples in batches of 2 on 2
    /// ranks): no forward pass, but the hooks and the optimiser's step, with the gradient a hook leaves.
    @Test func aBatchWithoutSamplesStepsWithoutAForwardPass() throws {
        final class GradientSetter: Callback {
            func optimizerWillStep(_ batch: Int, context: TrainingContext) {
                if batch == 1 { context.model.parameters()[0].value.grad = Tensor([2], dtype: .float64) }
            }
        }
        let log = EventLog()
        let model = Accumulator(log)
        let loader = DataLoader(TensorDataset(inputs: x.sliced(alongAxis: 0, 0..<3), targets: y.sliced(alongAxis: 0, 0..<3)), batchSize: 2,
                                shuffle: false, sampler: DistributedSampler(rank: 1, rankCount: 2))
        var weightAfterFirstBatch = 0.0
        final class WeightReader: Callback {
            let read: (Double) -> Void
            init(_ read: @escaping (Double) -> Void) { self.read = read }
            func batchDidEnd(_ batch: Int, loss: Double, context: TrainingContext) {
                if batch == 0 { read(context.model.parameters()[0].value.scalars(as: Double.self)[0]) }
            }
        }
        let history = try model.fit(loader, epochs: 1, optimizer: SGD(model.trainableParameters(), learningRate: 0.1), loss: .meanSquaredError,
                                    metrics: [.binaryAccuracy()], callbacks: [HookRecorder(log), GradientSetter(), WeightReader { weightAfterFirstBatch = $0 }],
                                    verbose: false)
        #expect(log.events == ["trainingWillBegin", "resetState", "epochWillBegin 0",
                               "batchWillBegin 0", "forward", "optimizerWillStep 0", "detachState", "batchDidEnd 0",
                               "batchWillBegin 1", "optimizerWillStep 1 without gradients", "batchDidEnd 1",
                               "epochWillEnd 0", "epochDidEnd 0 with the changed logs", "trainingDidEnd"])
        #expect(abs(model.weight.scalars(as: Double.self)[0] - (weightAfterFirstBatch - 0.1 * 2)) < 1e-12, "the step applied the hook's gradient")
        #expect(Set(history.epochs[0].keys) == ["loss", Metric.binaryAccuracy().name], "the metric is logged although the last batch had no sample")
    }

    /// With a sampler, each rank validates only its part of the validation set: of 5 samples, rank 0
    /// of 2 takes 3 and rank 1 takes 2, one evaluation each (the results are combined by a callback).
    @Test(arguments: [(0, 3), (1, 2)]) func eachRankValidatesOnlyItsShard(rank: Int, shardSize: Int) throws {
        let log = EventLog()
        let model = Accumulator(log)
        let inputs = Tensor([1, 2, 3, 4, 5], shape: [5, 1], dtype: .float64)
        let targets = Tensor([1, 1, 1, 1, 1], shape: [5, 1], dtype: .float64)
        let loader = DataLoader(TensorDataset(inputs: x, targets: y), batchSize: 4, shuffle: false,
                                sampler: DistributedSampler(rank: rank, rankCount: 2))
        try model.fit(loader, epochs: 1, optimizer: SGD(model.trainableParameters(), learningRate: 0.01), loss: .meanSquaredError,
                      validation: TensorDataset(inputs: inputs, targets: targets), callbacks: [HookRecorder(log)], verbose: false)
        #expect(log.events.filter { $0.hasPrefix("validationDidEnd") } == ["validationDidEnd 0 of \(shardSize)"])
        #expect(log.events.filter { $0 == "forward (evaluation)" }.count == 1)
    }

    @Test func anAbortedEpochEndsAfterTheBatchWithoutEpochDidEnd() throws {
        final class Aborter: Callback {
            func batchDidEnd(_ batch: Int, loss: Double, context: TrainingContext) { context.abortTraining = true }
        }
        let log = EventLog()
        let model = Accumulator(log)
        try model.fit(x, y, epochs: 3, batchSize: 2, optimizer: SGD(model.trainableParameters(), learningRate: 0.01),
                      loss: .meanSquaredError, shuffle: false, callbacks: [HookRecorder(log), Aborter()], verbose: false)
        #expect(log.events == ["trainingWillBegin", "resetState", "epochWillBegin 0", "batchWillBegin 0", "forward",
                               "optimizerWillStep 0", "detachState", "batchDidEnd 0", "trainingDidEnd"])
    }
}

/// `GradientClipper`: gradients bounded between `backward()` and the optimiser's step.
@Suite struct GradientClipperTests {
    /// One batch of a linear model with large gradients, one SGD step with learning rate 1.
    private func trainOneStep(clipper: GradientClipper?) throws -> (before: [Double], after: [Double]) {
        let model = RandomGenerator.seeded(3) { Linear(2, 1, dtype: .float64) }
        let before = model.parameters().flatMap { $0.value.scalars(as: Double.self) }
        let x = Tensor([10, -20, 30, 40], shape: [2, 2], dtype: .float64), y = Tensor([100, -100], shape: [2, 1], dtype: .float64)
        try model.fit(x, y, epochs: 1, batchSize: 2, optimizer: SGD(model.trainableParameters(), learningRate: 1),
                      loss: .meanSquaredError, callbacks: clipper.map { [$0] } ?? [], verbose: false)
        return (before, model.parameters().flatMap { $0.value.scalars(as: Double.self) })
    }

    private func norm(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
    }

    @Test func clippingByNormBoundsTheStep() throws {
        let unclipped = try trainOneStep(clipper: nil)
        let clipper = GradientClipper(maxNorm: 0.5)
        let clipped = try trainOneStep(clipper: clipper)
        let lastNorm = try #require(clipper.lastNorm)
        // With learning rate 1 the step is the gradient: unclipped, its norm is the one the clipper saw.
        #expect(Swift.abs(norm(unclipped.before, unclipped.after) - lastNorm) < 1e-6 * lastNorm)
        #expect(lastNorm > 0.5)
        #expect(Swift.abs(norm(clipped.before, clipped.after) - 0.5) < 1e-6)
    }

    @Test func clippingByValueBoundsEachElement() throws {
        let clipped = try trainOneStep(clipper: GradientClipper(limit: 0.25))
        #expect(zip(clipped.before, clipped.after).allSatisfy { Swift.abs($0 - $1) <= 0.25 + 1e-12 })
        #expect(zip(clipped.before, clipped.after).contains { Swift.abs($0 - $1) > 0.2 })
    }

    @Test func aNonPositiveBoundStops() async {
        await #expect(processExitsWith: .failure) { _ = GradientClipper(maxNorm: 0) }
    }
}
