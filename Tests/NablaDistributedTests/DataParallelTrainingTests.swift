import Foundation
import Testing
import Nabla

/// `mpirun -np 2 nabla train --distributed` as real MPI jobs on this machine: the same step as one
/// process, identical ranks, resuming, and a killed rank ending the job. Each test skips, saying why,
/// where mpirun is missing.
@Suite(.serialized) struct DataParallelTrainingTests {
    /// A short run on the bundled sample, by default without validation, so that every batch is a training step.
    static func quick(_ output: URL, limit: Int, batchSize: Int, epochs: Int = 1, validationSplit: Int = 0) -> [String] {
        ["train", "--data-dir", MPIJob.sampleDirectory.path, "--limit", String(limit), "--batch-size", String(batchSize),
         "--epochs", String(epochs), "--validation-split", String(validationSplit), "--output", output.path]
    }

    /// The parameters a run wrote.
    static func parameters(in output: URL) throws -> [String: Tensor] {
        try SafeTensors.read(from: output.appendingPathComponent("model.safetensors")).tensors
    }

    /// The parameters and the optimiser's state in a run's checkpoint.
    static func state(in output: URL) throws -> [String: Tensor] {
        let checkpoint = try Checkpoint.load(from: output.appendingPathComponent("checkpoint.safetensors"))
        return checkpoint.parameters.merging(checkpoint.optimizerState.tensors) { first, _ in first }
    }

    /// One optimiser step on 2 or 3 ranks (a global batch of 64: 32 + 32, or 22 + 21 + 21) gives the
    /// parameters of one step of a single process on the same 64 samples, to float rounding; the
    /// gradients of mlp:512,256 (2.1 MB) go in two buckets.
    @Test(arguments: [("mlp", 2, 1), ("mlp", 3, 1), ("mlp:512,256", 2, 2)])
    func oneStepOnSeveralRanksEqualsOneStepOfOneProcess(model: String, ranks: Int, buckets: Int) throws {
        if MPIJob.skipped("oneStepOnSeveralRanksEqualsOneStepOfOneProcess") { return }
        try Self.expectStepsOfOneProcess(model: model, ranks: ranks, limit: 64, buckets: buckets, steps: 1)
    }

    /// Global batches with fewer samples than ranks: 65 samples in batches of 64 end with a batch of
    /// one sample, which leaves rank 1 of 2 (and 2 of 3) an empty part; 2 samples on 3 ranks leave rank
    /// 2 without a sample all epoch. Those ranks still take every step, and the weights are those of
    /// one process on every sample.
    @Test(arguments: [(2, 65, 2), (3, 65, 2), (3, 2, 1)])
    func stepsWithEmptyLocalBatchesEqualTheStepsOfOneProcess(ranks: Int, limit: Int, steps: Int) throws {
        if MPIJob.skipped("stepsWithEmptyLocalBatchesEqualTheStepsOfOneProcess") { return }
        try Self.expectStepsOfOneProcess(model: "mlp", ranks: ranks, limit: limit, buckets: 1, steps: steps)
    }

    /// Runs `limit` samples in global batches of 64 through one process and through `ranks` ranks with
    /// SGD (momentum), and expects the same parameters and velocities after the epoch's `steps` steps.
    static func expectStepsOfOneProcess(model: String, ranks: Int, limit: Int, buckets: Int, steps: Int) throws {
        let single = try MPIJob.temporaryDirectory(), parallel = try MPIJob.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: single); try? FileManager.default.removeItem(at: parallel) }
        let settings = ["--model", model, "--optimizer", "sgd", "--lr", "0.5", "--schedule", "constant"]
        let alone = try MPIJob.run(processes: 1, Self.quick(single, limit: limit, batchSize: 64) + settings)
        #expect(alone.status == 0, "\(alone.all)")
        let together = try MPIJob.run(processes: ranks, Self.quick(parallel, limit: limit, batchSize: 64) + settings + ["--distributed"])
        #expect(together.status == 0, "\(together.all)")
        #expect(together.output.contains("distributed: \(ranks) ranks, global batch 64"), "\(together.output)")
        #expect(together.output.contains("in \(buckets) bucket(s)"), "\(together.output)")
        #expect(together.output.contains("over \(steps) steps"), "\(together.output)")
        // The parameters after the steps, and SGD's velocity, which after one step is the gradient itself.
        let (expected, got) = (try Self.state(in: single), try Self.state(in: parallel))
        #expect(expected.keys.sorted() == got.keys.sorted() && expected.count > 6, "\(expected.keys.sorted())")
        let largestGradient = expected.filter { $0.key.hasSuffix("velocity") }.values.map { $0.scalars(as: Double.self).map(abs).max() ?? 0 }.max() ?? 0
        #expect(largestGradient > 1e-3, "the step must have a gradient for the comparison to mean anything")
        for (name, tensor) in expected {
            let (a, b) = (tensor.scalars(as: Double.self), got[name]!.scalars(as: Double.self))
            let largestDifference = zip(a, b).map { abs($0 - $1) }.max() ?? 0
            #expect(largestDifference <= 1e-5 * max(largestGradient, 1), "\(name): differs by up to \(largestDifference) between \(ranks) ranks and one process")
        }
    }

    /// Validation shared among 2 ranks (101 samples: 51 and 50) gives the validation loss and accuracy
    /// of one process over the whole set, to float rounding.
    @Test func shardedValidationGivesTheFiguresOfOneProcess() throws {
        if MPIJob.skipped("shardedValidationGivesTheFiguresOfOneProcess") { return }
        let single = try MPIJob.temporaryDirectory(), parallel = try MPIJob.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: single); try? FileManager.default.removeItem(at: parallel) }
        func arguments(_ output: URL) -> [String] {
            Self.quick(output, limit: 229, batchSize: 64, epochs: 2, validationSplit: 101) + ["--optimizer", "sgd", "--lr", "0.5", "--schedule", "constant"]
        }
        let alone = try MPIJob.run(processes: 1, arguments(single))
        #expect(alone.status == 0, "\(alone.all)")
        let together = try MPIJob.run(processes: 2, arguments(parallel) + ["--distributed"])
        #expect(together.status == 0, "\(together.all)")
        #expect(together.output.contains("128 training, 101 validation"), "\(together.output)")
        let (expected, got) = (try Self.history(in: single), try Self.history(in: parallel))
        #expect(expected.count == 2 && got.count == 2, "two epochs: \(expected) \(got)")
        for (epoch, (want, have)) in zip(expected, got).enumerated() {
            for name in ["val_loss", "val_accuracy"] {
                let (a, b) = (try #require(want[name], "\(want)"), try #require(have[name], "\(have)"))
                #expect(abs(a - b) <= 1e-5 * max(abs(a), 1), "epoch \(epoch + 1) \(name): \(a) in one process, \(b) on 2 ranks")
            }
        }
    }

    /// The rows of a run's history.csv, by column.
    static func history(in output: URL) throws -> [[String: Double]] {
        let lines = try String(contentsOf: output.appendingPathComponent("history.csv"), encoding: .utf8).split(separator: "\n")
        guard let header = lines.first?.split(separator: ",").map(String.init) else { return [] }
        return lines.dropFirst().map { line in
            Dictionary(uniqueKeysWithValues: zip(header, line.split(separator: ",", omittingEmptySubsequences: false).map { Double($0) ?? .nan }))
        }
    }

    /// After an epoch with an uneven last batch (256 samples in batches of 50: the last of 6), every
    /// rank holds bit-identical parameters (their digests, compared by the job itself), and only rank 0
    /// printed.
    @Test func afterAnEpochEveryRankHoldsTheSameParameters() throws {
        if MPIJob.skipped("afterAnEpochEveryRankHoldsTheSameParameters") { return }
        let output = try MPIJob.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let result = try MPIJob.run(processes: 2, Self.quick(output, limit: 256, batchSize: 50) + ["--distributed"])
        #expect(result.status == 0, "\(result.all)")
        #expect(result.output.contains("2 ranks hold identical parameters"), "\(result.output)")
        #expect(result.output.components(separatedBy: "test accuracy:").count == 2, "one rank reports: \(result.output)")
        #expect(result.output.contains("over 6 steps"), "6 global batches of 50, 50, 50, 50, 50, 6")
    }

    /// A run resumed with the same number of ranks ends with exactly the parameters of an uninterrupted
    /// one; another number of ranks is refused.
    @Test func resumesWithTheSameNumberOfRanks() throws {
        if MPIJob.skipped("resumesWithTheSameNumberOfRanks") { return }
        let full = try MPIJob.temporaryDirectory(), resumed = try MPIJob.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: full); try? FileManager.default.removeItem(at: resumed) }
        let reference = try MPIJob.run(processes: 2, Self.quick(full, limit: 1200, batchSize: 50, epochs: 2) + ["--distributed"])
        #expect(reference.status == 0, "\(reference.all)")
        // The same run, ended by killing rank 1 when rank 0 reports progress in the second epoch (mpirun gives
        // it a terminal, so the progress line comes during the epoch, after the first epoch's checkpoint).
        let job = try MPIJob.start(processes: 2, Self.quick(resumed, limit: 1200, batchSize: 50, epochs: 2) + ["--distributed"])
        let seen = job.readOutput(until: "epoch 2/2")
        let rank1 = try #require(MPIJob.rankProcess(1, under: job.process.processIdentifier), "rank 1's process not found: \(seen)")
        kill(rank1, SIGKILL)
        _ = job.finish()
        let checkpoint = try Checkpoint.load(from: resumed.appendingPathComponent("checkpoint.safetensors"))
        #expect(checkpoint.epoch == 0, "the stop should land during the second epoch")
        let otherCount = try MPIJob.run(processes: 1, Self.quick(resumed, limit: 1200, batchSize: 50, epochs: 2) + ["--distributed", "--resume"])
        #expect(otherCount.status != 0)
        #expect(otherCount.errors.contains("ranks is 2 in the checkpoint but 1 now"), "\(otherCount.all)")
        let again = try MPIJob.run(processes: 2, Self.quick(resumed, limit: 1200, batchSize: 50, epochs: 2) + ["--distributed", "--resume"])
        #expect(again.status == 0, "\(again.all)")
        #expect(again.output.contains("Resuming after epoch 1 of 2"), "\(again.output)")
        let (a, b) = (try Self.parameters(in: full), try Self.parameters(in: resumed))
        for (name, tensor) in a { #expect(tensor.scalars(as: Double.self) == b[name]?.scalars(as: Double.self), "\(name) differs") }
    }

    /// A rank killed with SIGKILL in the middle of training ends the whole job within seconds, and
    /// mpirun's message names the rank.
    @Test func aKilledRankEndsTheJobWithinSeconds() throws {
        if MPIJob.skipped("aKilledRankEndsTheJobWithinSeconds") { return }
        let output = try MPIJob.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let job = try MPIJob.start(processes: 2, Self.quick(output, limit: 600, batchSize: 20, epochs: 1000) + ["--distributed"])
        let seen = job.readOutput(until: "epoch 1/1000")
        let rank1 = try #require(MPIJob.rankProcess(1, under: job.process.processIdentifier), "rank 1's process not found: \(seen)")
        let killed = Date()
        kill(rank1, SIGKILL)
        let result = job.finish()
        let seconds = Date().timeIntervalSince(killed)
        #expect(result.status != 0)
        #expect(seconds < 10, "the job took \(seconds) s to end after the kill")
        #expect(result.errors.contains("rank 1"), "\(result.errors)")
    }

    /// A rank that fails alone (rank 1's --data-dir is an empty folder) stops the whole job with a
    /// message naming it and its error, while rank 0 waits in the first collective.
    @Test func aFailingRankStopsTheJobNamingItself() throws {
        if MPIJob.skipped("aFailingRankStopsTheJobNamingItself") { return }
        let output = try MPIJob.temporaryDirectory(), empty = try MPIJob.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output); try? FileManager.default.removeItem(at: empty) }
        let arguments = Self.quick(output, limit: 64, batchSize: 64) + ["--distributed"]
        let emptyData = arguments.map { $0 == MPIJob.sampleDirectory.path ? empty.path : $0 }
        let result = try MPIJob.start(groups: [(1, arguments), (1, emptyData)]).finish()
        #expect(result.status != 0)
        #expect(result.errors.contains("nabla: rank 1 of 2"), "\(result.errors)")
        #expect(result.errors.contains(empty.path), "the error names the empty folder: \(result.errors)")
        #expect(!result.errors.contains("nabla: rank 0 of 2"), "rank 0 did not fail: \(result.errors)")
        #expect(result.seconds < 15, "the job took \(result.seconds) s")
    }

    /// Ranks started with different settings (here --seed, which would break the disjoint shards) are
    /// stopped before training, by rank 0, with a message naming the rank and the setting.
    @Test func ranksStartedDifferentlyAreStoppedNamingTheSetting() throws {
        if MPIJob.skipped("ranksStartedDifferentlyAreStoppedNamingTheSetting") { return }
        let output = try MPIJob.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let arguments = Self.quick(output, limit: 64, batchSize: 64) + ["--distributed"]
        let result = try MPIJob.start(groups: [(1, arguments), (1, arguments + ["--seed", "2"])]).finish()
        #expect(result.status != 0)
        #expect(result.errors.contains("nabla: rank 1 of 2 ("), "\(result.errors)")
        #expect(result.errors.contains(") was started with --seed 2, rank 0 with --seed 1"), "\(result.errors)")
        #expect(!result.output.contains("epoch 1/1"), "no training began: \(result.output)")
        #expect(result.seconds < 15, "the job took \(result.seconds) s")
    }

    /// A plain `nabla train` started by mpirun as one of several processes refuses to run without --distributed.
    @Test func severalProcessesWithoutDistributedAreRefused() throws {
        if MPIJob.skipped("severalProcessesWithoutDistributedAreRefused") { return }
        let output = try MPIJob.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let result = try MPIJob.run(processes: 2, Self.quick(output, limit: 64, batchSize: 64))
        #expect(result.status != 0)
        #expect(result.errors.contains("this is one of 2 MPI processes but --distributed is not given"), "\(result.all)")
    }
}
