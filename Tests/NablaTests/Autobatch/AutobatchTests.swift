import Testing
@testable import Nabla

/// `Autobatch`: batched results equal the same per-example code run eagerly, in values and in every
/// parameter's gradient, with either strategy; operations are really batched; unbatched computations,
/// unshared parameters, per-example inputs and `value()` inside the scope work.
@Suite struct AutobatchTests {
    /// Runs `body` once eagerly and once batched, and expects equal losses and equal gradients of `parameters`.
    static func expectEagerEqualsBatched(
        parameters: [Tensor], strategy: BatchingStrategy, sourceLocation: SourceLocation = #_sourceLocation,
        eager: () throws -> Tensor, batched: (Autobatch) throws -> LazyTensor
    ) throws -> AutobatchStatistics {
        for parameter in parameters { parameter.zeroGrad() }
        let eagerLoss = try eager()
        try eagerLoss.backward()
        let eagerGradients = parameters.map { $0.grad }
        for parameter in parameters { parameter.zeroGrad() }
        let scope = Autobatch(strategy: strategy)
        let batchedLoss = try scope.evaluate(batched)
        try batchedLoss.backward()
        expectValues(batchedLoss, eagerLoss.scalars(as: Double.self), shape: eagerLoss.shape, tolerance: 1e-12, sourceLocation: sourceLocation)
        for (index, (parameter, expected)) in zip(parameters, eagerGradients).enumerated() {
            guard let expected, let actual = parameter.grad else {
                #expect(parameter.grad == nil && expected == nil, "parameter \(index): a gradient on one side only", sourceLocation: sourceLocation)
                continue
            }
            expectValues(actual, expected.scalars(as: Double.self), shape: expected.shape, tolerance: 1e-12, sourceLocation: sourceLocation)
        }
        return scope.statistics
    }

    @Test(arguments: BatchingStrategy.allCases, [UInt64(1), 2, 3])
    func randomSentencesMatchEagerComputation(strategy: BatchingStrategy, seed: UInt64) throws {
        let model = AutobatchTestModel(seed: seed * 10)
        let examples = AutobatchTestModel.examples(count: 9, seed: seed)
        let statistics = try Self.expectEagerEqualsBatched(parameters: model.parameters, strategy: strategy) {
            Tensor.total(try examples.map { try model.loss(words: $0.words, label: $0.label, as: Tensor.self) })
        } batched: { _ in
            LazyTensor.total(try examples.map { try model.loss(words: $0.words, label: $0.label, as: LazyTensor.self) })
        }
        #expect(statistics.unbatchedNodes == 0)
        // Nine examples: with nothing batched there would be one operation per node.
        #expect(statistics.averageBatchSize > 3, "\(statistics)")
    }

    @Test func agendaNeedsFewerGroupsThanDepth() throws {
        let model = AutobatchTestModel(seed: 40)
        let examples = AutobatchTestModel.examples(count: 16, seed: 4)
        let groups = try BatchingStrategy.allCases.map { strategy in
            let scope = Autobatch(strategy: strategy)
            _ = try scope.evaluate { _ in LazyTensor.total(try examples.map { try model.loss(words: $0.words, label: $0.label, as: LazyTensor.self) }) }
            return scope.statistics.groups
        }
        // The classifier after sentences of different lengths lies at different depths.
        #expect(groups[BatchingStrategy.allCases.firstIndex(of: .agenda)!] < groups[BatchingStrategy.allCases.firstIndex(of: .depth)!], "\(groups)")
    }

    @Test(arguments: BatchingStrategy.allCases)
    func unbatchedComputationsRunAloneBetweenBatchedOnes(strategy: BatchingStrategy) throws {
        let weight = uniform([3, 2], seed: 5).requiringGrad(), bias = uniform([3], seed: 6).requiringGrad()
        let inputs = (0..<5).map { uniform([2], seed: 10 + UInt64($0)).requiringGrad() }
        func loss<Value: AutobatchValue>(_ x: Value) throws -> Value {
            let softplus = try x.linear(weight: weight, bias: bias).applying("softplus", resultShape: nil) { ($0.exp() + 1).log() }
            let shrunk = try softplus.applying("first two", resultShape: [2]) { $0.sliced(alongAxis: 0, 0..<2) }
            return (shrunk * x).tanh().sum()
        }
        let statistics = try Self.expectEagerEqualsBatched(parameters: [weight, bias] + inputs, strategy: strategy) {
            Tensor.total(try inputs.map { try loss($0) })
        } batched: { _ in
            LazyTensor.total(try inputs.map { try loss(LazyTensor.input($0)) })
        }
        #expect(statistics.unbatchedNodes == 10)
        // linear, multiply, tanh, sum and total once each for all five; the unbatched ones alone.
        #expect(statistics.groups == 5 + 10, "\(statistics)")
    }

    @Test(arguments: BatchingStrategy.allCases)
    func unsharedParametersRunInSeparateGroups(strategy: BatchingStrategy) throws {
        let shared = uniform([2, 3], seed: 20).requiringGrad()
        let own = (0..<2).map { uniform([3, 3], seed: 21 + UInt64($0)).requiringGrad() }
        let inputs = (0..<6).map { uniform([3], seed: 30 + UInt64($0)) }
        func loss<Value: AutobatchValue>(_ x: Value, example: Int) -> Value {
            x.linear(weight: own[example % 2], bias: nil).sigmoid().linear(weight: shared, bias: nil).sum()
        }
        let statistics = try Self.expectEagerEqualsBatched(parameters: own + [shared], strategy: strategy) {
            Tensor.total(inputs.enumerated().map { loss($1, example: $0) })
        } batched: { _ in
            LazyTensor.total(inputs.enumerated().map { loss(LazyTensor.input($1), example: $0) })
        }
        // Two groups for the unshared weights, then one each for sigmoid, the shared weight, sum, total.
        #expect(statistics.groups == 2 + 4, "\(statistics)")
    }

    /// Two constants that share storage (one a reshape of the other, neither in the graph) are two
    /// shared tensors: batched as one, the second example would silently use the first one's.
    @Test func aReshapedConstantIsAnotherSharedTensor() throws {
        let t = uniform([4], seed: 11)
        let column = t.reshaped([4, 1])
        let x0 = uniform([4, 4], seed: 12), x1 = uniform([4, 4], seed: 13)
        var values: [[Double]] = []
        _ = try Autobatch.run { _ in
            let a = LazyTensor.input(x0) + t, b = LazyTensor.input(x1) + column
            let second = try b.value().scalars(as: Double.self)
            values = [try a.value().scalars(as: Double.self), second]
            return LazyTensor.total([a.sum(), b.sum()])
        }
        expectValues(double(values[0], [4, 4]), (x0 + t).scalars(as: Double.self), shape: [4, 4], tolerance: 1e-12)
        expectValues(double(values[1], [4, 4]), (x1 + column).scalars(as: Double.self), shape: [4, 4], tolerance: 1e-12)
        // With different result shapes ([4] + [4] is [4], [4] + [4, 1] is [4, 4]) a wrong batch would trap.
        let y0 = uniform([4], seed: 14), y1 = uniform([4], seed: 15)
        let total = try Autobatch.run { _ in
            LazyTensor.total([(LazyTensor.input(y0) + t).sum(), (LazyTensor.input(y1) + column).sum()])
        }
        expectValues(total, [((y0 + t).sum() + (y1 + column).sum()).item], shape: [], tolerance: 1e-12)
    }

    @Test func valueInsideTheScopeFeedsLaterOperations() throws {
        let weight = uniform([2, 2], seed: 50).requiringGrad()
        let inputs = (0..<4).map { uniform([2], seed: 51 + UInt64($0)) }
        var read: [Double] = []
        let loss = try Autobatch.run { _ in
            let hidden = inputs.map { LazyTensor.input($0).linear(weight: weight, bias: nil).tanh() }
            let first = try hidden[0].value()
            read = first.scalars(as: Double.self)
            return LazyTensor.total(hidden.map { $0.linear(weight: weight, bias: nil).sum() })
        }
        try loss.backward()
        let expectedFirst = inputs[0].linear(weight: weight.detached(), bias: nil).tanh()
        expectValues(double(read, [2]), expectedFirst.scalars(as: Double.self), shape: [2], tolerance: 1e-12)
        let eager = Tensor.total(inputs.map { $0.linear(weight: weight.detached(), bias: nil).tanh().linear(weight: weight.detached(), bias: nil).sum() })
        expectValues(loss, eager.scalars(as: Double.self), shape: [], tolerance: 1e-12)
        #expect(weight.grad != nil)
    }

    @Test func batchedLossPassesAGradientCheck() throws {
        let examples = AutobatchTestModel.examples(count: 4, seed: 60)
        let model = AutobatchTestModel(seed: 61)
        try expectGradients(at: [model.inputWeight.detached(), model.recurrentWeight.detached(), model.mergeWeight.detached()]) { weights in
            let changed = AutobatchTestModel(model, inputWeight: weights[0], recurrentWeight: weights[1], mergeWeight: weights[2])
            return try Autobatch.run { _ in
                LazyTensor.total(try examples.map { try changed.loss(words: $0.words, label: $0.label, as: LazyTensor.self) })
            }
        }
    }

    @Test func unbatchedComputationBreakingItsShapeIsReported() throws {
        #expect(throws: AutobatchError.unexpectedResult(operation: "sum", expectedShape: [2], expectedType: .float64,
                                                         shape: [], dtype: .float64)) {
            try Autobatch.run { _ in LazyTensor.input(uniform([2], seed: 1)).applying("sum") { $0.sum() } }
        }
    }

    @Test func labelsAndRowsOutOfRangeAreReported() throws {
        let table = uniform([3, 2], seed: 1)
        #expect(throws: TensorValueError.self) { try Autobatch.run { _ in try LazyTensor.embedding(table, index: 3) } }
        #expect(throws: TensorValueError.self) { try Autobatch.run { _ in try LazyTensor.embedding(table, index: 0).crossEntropy(label: 2) } }
        #expect(throws: TensorValueError.self) { try Tensor.embedding(table, index: -1) }
    }
}

extension AutobatchTestModel {
    /// `model` with three of its weights replaced.
    init(_ model: AutobatchTestModel, inputWeight: Tensor, recurrentWeight: Tensor, mergeWeight: Tensor) {
        self = model
        self.inputWeight = inputWeight
        self.recurrentWeight = recurrentWeight
        self.mergeWeight = mergeWeight
    }
}
