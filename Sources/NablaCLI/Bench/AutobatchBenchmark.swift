import ArgumentParser
import Foundation
import Nabla
import NablaExamples
#if canImport(Glibc)
import Glibc
#endif

extension BenchCommand {
    struct Autobatching: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "autobatch",
            abstract: "Training speed of a BiLSTM tagger and a Tree-LSTM: per-example eager, autobatched, and batched by hand.",
            discussion: """
                Each model is trained for one pass over generated data (TaggingTask sentences, ArithmeticTrees trees) in \
                minibatches, forward + backward + SGD step: per example on tensors, with the same per-example code \
                autobatched (Autobatch.run), and batched by hand (padded and masked sentences; trees level by level). \
                A warm-up minibatch is not timed.
                """)

        @Option(name: .customLong("sentences"), parsing: .unconditional, help: "Sentences to train on.") var sentenceCount = 640
        @Option(name: .customLong("trees"), parsing: .unconditional, help: "Trees to train on.") var treeCount = 640
        @Option(name: .customLong("batch"), parsing: .unconditional, help: "Examples per minibatch.") var batchSize = 32
        @Option(name: .customLong("lengths"), help: "Sentence lengths, lowest-highest.") var lengths = "5-40"
        @Option(name: .customLong("leaves"), help: "Leaves per tree, lowest-highest.") var leaves = "2-24"
        @Option(name: .customLong("embedding"), parsing: .unconditional, help: "Word and symbol vector size.") var embeddingSize = 128
        @Option(name: .customLong("hidden"), parsing: .unconditional, help: "LSTM hidden size.") var hiddenSize = 256
        @Option(help: "Autobatching strategy: agenda or depth.") var strategy = "agenda"

        func run() throws {
            let sentenceLengths = try OptionCheck.range(lengths, flag: "--lengths")
            let leafCounts = try OptionCheck.range(leaves, flag: "--leaves")
            guard let batching = BatchingStrategy.named(strategy) else {
                throw ValidationError("--strategy must be agenda or depth, got \(strategy)")
            }
            try OptionCheck.positive(batchSize, "--batch")
            try OptionCheck.positive(embeddingSize, "--embedding")
            try OptionCheck.positive(hiddenSize, "--hidden")
            guard sentenceCount >= 2 * batchSize, treeCount >= 2 * batchSize else {
                throw ValidationError("--sentences and --trees must be at least twice --batch (\(batchSize)), one minibatch being a warm-up")
            }
            print("load average: \(AutobatchBenchmark.loadAverage()), threads: \(CPU.usableCores)")
            let sentences = TaggingTask.sentences(count: sentenceCount, lengths: sentenceLengths, seed: 1)
            let tagger = RandomGenerator.seeded(2) { BiLSTMTagger(embeddingSize: embeddingSize, hiddenSize: hiddenSize) }
            print("BiLSTM tagger, \(sentenceCount) sentences of \(lengths) words, batch \(batchSize), embedding \(embeddingSize), hidden \(hiddenSize)")
            try AutobatchBenchmark.report(unit: "sentences/s", examples: sentences, batchSize: batchSize, parameters: tagger.trainableParameters(),
                                          strategy: batching, handBatchedName: "padded + masked") { batch in
                Tensor.total(try batch.map { try tagger.loss(of: $0, as: Tensor.self) })
            } autobatched: { batch in
                LazyTensor.total(try batch.map { try tagger.loss(of: $0, as: LazyTensor.self) })
            } handBatched: { batch in
                try tagger.paddedLoss(of: batch)
            }
            let trees = ArithmeticTrees.trees(count: treeCount, leaves: leafCounts, seed: 3)
            let treeModel = RandomGenerator.seeded(4) { TreeLSTM(embeddingSize: embeddingSize, hiddenSize: hiddenSize) }
            print("Tree-LSTM, \(treeCount) trees of \(leaves) leaves, batch \(batchSize), embedding \(embeddingSize), hidden \(hiddenSize)")
            try AutobatchBenchmark.report(unit: "trees/s", examples: trees, batchSize: batchSize, parameters: treeModel.trainableParameters(),
                                          strategy: batching, handBatchedName: "level by level") { batch in
                Tensor.total(try batch.map { try treeModel.loss(of: $0, as: Tensor.self) })
            } autobatched: { batch in
                LazyTensor.total(try batch.map { try treeModel.loss(of: $0, as: LazyTensor.self) })
            } handBatched: { batch in
                try treeModel.levelBatchedLoss(of: batch)
            }
        }
    }
}

/// Times the three ways of training one model for `nabla bench autobatch`.
enum AutobatchBenchmark {
    /// Trains with each way for one pass over `examples` and prints examples per second.
    static func report<Example>(
        unit: String, examples: [Example], batchSize: Int, parameters: [Parameter], strategy: BatchingStrategy, handBatchedName: String,
        eager: ([Example]) throws -> Tensor, autobatched: @escaping ([Example]) throws -> LazyTensor, handBatched: ([Example]) throws -> Tensor
    ) throws {
        let batches = stride(from: 0, to: examples.count, by: batchSize).map { Array(examples[$0..<Swift.min($0 + batchSize, examples.count)]) }
        let optimizer = SGD(parameters, learningRate: 0.01)
        var statistics = AutobatchStatistics()
        func rate(_ loss: ([Example]) throws -> Tensor) throws -> (wall: Double, processor: Double) {
            func train(_ batch: [Example]) throws {
                optimizer.zeroGrad()
                try loss(batch).backward()
                optimizer.step()
            }
            try train(batches[0])
            let start = BenchmarkClock.wall.nanoseconds(), processorStart = BenchmarkClock.processor.nanoseconds()
            for batch in batches.dropFirst() { try train(batch) }
            let seconds = Double(BenchmarkClock.wall.nanoseconds() - start) / 1e9
            let processorSeconds = Double(BenchmarkClock.processor.nanoseconds() - processorStart) / 1e9
            let timed = Double(batches.dropFirst().reduce(0) { $0 + $1.count })
            return (timed / seconds, timed / processorSeconds)
        }
        let eagerRate = try rate(eager)
        let batchedRate = try rate { batch in
            let scope = Autobatch(strategy: strategy)
            let loss = try scope.evaluate { _ in try autobatched(batch) }
            statistics += scope.statistics
            return loss
        }
        let handRate = try rate(handBatched)
        let name = "autobatched (\(strategy))"
        print("  \(unit) by wall-clock time, and by the process's processor time (less sensitive to other load)")
        print(String(format: "  per-example eager          %10.1f  %10.1f", eagerRate.wall, eagerRate.processor))
        print(String(format: "  %@ %10.1f  %10.1f   %.2fx / %.2fx eager; %.1f nodes per operation", name.padding(toLength: 26, withPad: " ", startingAt: 0),
                     batchedRate.wall, batchedRate.processor, batchedRate.wall / eagerRate.wall, batchedRate.processor / eagerRate.processor,
                     statistics.averageBatchSize))
        print(String(format: "  %@ %10.1f  %10.1f   autobatched takes %.2fx / %.2fx its time", handBatchedName.padding(toLength: 26, withPad: " ", startingAt: 0),
                     handRate.wall, handRate.processor, handRate.wall / batchedRate.wall, handRate.processor / batchedRate.processor))
    }

    /// The 1-minute load average, as the system reports it.
    static func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.map(String.init) ?? "unknown"
    }
}

extension BatchingStrategy {
    /// The strategy called `name` ("agenda", "depth").
    static func named(_ name: String) -> BatchingStrategy? { allCases.first { "\($0)" == name } }
}
