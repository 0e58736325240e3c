import Testing
import Nabla
@testable import NablaExamples

/// The BiLSTM tagger and the Tree-LSTM: per-example eager, autobatched and hand-batched losses agree in
/// value and in every parameter's gradient (Float64), and autobatching really batches them.
@Suite struct AutobatchedModelsTests {
    /// The loss and the gradients of `parameters` after `backward()` on `loss()`.
    static func lossAndGradients(_ parameters: [Parameter], _ loss: () throws -> Tensor) throws -> (Double, [[Double]]) {
        for parameter in parameters { parameter.zeroGrad() }
        let value = try loss()
        try value.backward()
        return (value.item, parameters.map { $0.grad?.scalars(as: Double.self) ?? [] })
    }

    static func expectClose(_ a: (Double, [[Double]]), _ b: (Double, [[Double]]), _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(Swift.abs(a.0 - b.0) <= 1e-10 * Swift.max(1, Swift.abs(a.0)), "\(what): loss \(a.0) vs \(b.0)", sourceLocation: sourceLocation)
        for (index, (x, y)) in zip(a.1, b.1).enumerated() {
            #expect(x.count == y.count && !x.isEmpty, "\(what): parameter \(index) has \(x.count) and \(y.count) gradient values", sourceLocation: sourceLocation)
            let worst = zip(x, y).map { Swift.abs($0 - $1) / Swift.max(1, Swift.abs($1)) }.max() ?? 0
            #expect(worst <= 1e-10, "\(what): parameter \(index) differs by \(worst)", sourceLocation: sourceLocation)
        }
    }

    @Test func taggerLossesAgreeEagerAutobatchedAndPadded() throws {
        let tagger = RandomGenerator.seeded(1) { BiLSTMTagger(embeddingSize: 5, hiddenSize: 6, dtype: .float64) }
        let sentences = TaggingTask.sentences(count: 7, lengths: 1...9, seed: 2)
        let parameters = tagger.trainableParameters()
        let eager = try Self.lossAndGradients(parameters) {
            Tensor.total(try sentences.map { try tagger.loss(of: $0, as: Tensor.self) })
        }
        let scope = Autobatch()
        let batched = try Self.lossAndGradients(parameters) {
            try scope.evaluate { _ in LazyTensor.total(try sentences.map { try tagger.loss(of: $0, as: LazyTensor.self) }) }
        }
        let padded = try Self.lossAndGradients(parameters) { try tagger.paddedLoss(of: sentences) }
        Self.expectClose(batched, eager, "autobatched")
        Self.expectClose(padded, eager, "padded")
        // Seven sentences: most operations run for several of them at once.
        #expect(scope.statistics.averageBatchSize > 4, "\(scope.statistics)")
    }

    @Test func treeLossesAgreeEagerAutobatchedAndLevelBatched() throws {
        let model = RandomGenerator.seeded(3) { TreeLSTM(embeddingSize: 4, hiddenSize: 5, dtype: .float64) }
        let trees = ArithmeticTrees.trees(count: 6, leaves: 1...7, seed: 4)
        let parameters = model.trainableParameters()
        let eager = try Self.lossAndGradients(parameters) {
            Tensor.total(try trees.map { try model.loss(of: $0, as: Tensor.self) })
        }
        let scope = Autobatch()
        let batched = try Self.lossAndGradients(parameters) {
            try scope.evaluate { _ in LazyTensor.total(try trees.map { try model.loss(of: $0, as: LazyTensor.self) }) }
        }
        let levels = try Self.lossAndGradients(parameters) { try model.levelBatchedLoss(of: trees) }
        Self.expectClose(batched, eager, "autobatched")
        Self.expectClose(levels, eager, "level-batched")
        #expect(scope.statistics.averageBatchSize > 3, "\(scope.statistics)")
    }

    @Test func treesAreComputedByTheirOperators() {
        for tree in ArithmeticTrees.trees(count: 20, leaves: 1...6, seed: 5) {
            var values: [Int] = []
            for node in tree.nodes {
                switch node {
                case .digit(let digit): values.append(digit)
                case .operation(let operation, let left, let right): values.append(operation.apply(values[left], values[right]))
                }
            }
            #expect(values.last == tree.label)
            #expect((0..<10).contains(tree.label))
        }
    }

    @Test func tagsMarkTheWordBeforeAMarker() {
        #expect(TaggingTask.tags(of: [5, 24, 7]) == [TaggingTask.classCount, 0, 7])
        for sentence in TaggingTask.sentences(count: 10, lengths: 3...5, seed: 6) {
            #expect((3...5).contains(sentence.words.count) && sentence.tags.count == sentence.words.count)
        }
    }
}
