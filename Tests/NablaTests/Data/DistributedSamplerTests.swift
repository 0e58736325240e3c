import Testing
@testable import Nabla

/// A dataset whose sample i has input [i, (i mod 3) - 1] and target i (float64).
private func numbered(_ count: Int) -> TensorDataset {
    let inputs = (0..<count).flatMap { [Double($0) / 10, Double($0 % 3) - 1] }
    return TensorDataset(inputs: Tensor(inputs, shape: [count, 2], dtype: .float64),
                         targets: Tensor((0..<count).map(Double.init), shape: [count, 1], dtype: .float64))
}

/// The sample indices of every batch of `epoch` (read from the targets).
private func indices(_ loader: DataLoader, epoch: Int) -> [[Int]] {
    loader.batches(epoch: epoch).map { batch in batch.targets.scalars(as: Double.self).map { Int($0) } }
}

/// `DistributedSampler` and a `DataLoader` with one: every rank's part of each global batch.
@Suite struct DistributedSamplerTests {
    @Test func localRangesSplitEveryBatchEvenlyAndDisjointly() {
        for rankCount in 1...5 {
            for size in 1...23 {
                let ranges = (0..<rankCount).map { DistributedSampler(rank: $0, rankCount: rankCount).localRange(inBatchOfSize: size) }
                #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == size, "\(rankCount) ranks, batch \(size): \(ranges)")
                #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound }, "contiguous: \(ranges)")
                let counts = ranges.map(\.count)
                #expect(counts.max()! - counts.min()! <= 1, "even: \(counts)")
                #expect(counts.filter { $0 == 0 }.count == Swift.max(0, rankCount - size), "only a batch smaller than the rank count leaves ranks empty: \(counts)")
                #expect(counts == counts.sorted(by: >), "the larger parts come first: \(counts)")
                let shares = (0..<rankCount).map { DistributedSampler(rank: $0, rankCount: rankCount).share(ofBatchOfSize: size) }
                #expect(abs(shares.reduce(0, +) - 1) < 1e-12)
                #expect(zip(shares, counts).allSatisfy { ($0 == 0) == ($1 == 0) }, "an empty part has a share of 0: \(shares)")
            }
        }
    }

    /// Every remainder of the epoch's last batch modulo the rank count, for 2, 3 and 4 ranks: last
    /// batches with fewer samples than ranks (some ranks' parts empty) and whole epochs smaller than
    /// the rank count included.
    static let remainderCases: [(samples: Int, batchSize: Int, rankCount: Int)] = [2, 3, 4].flatMap { rankCount in
        (0..<(2 * rankCount)).map { remainder in (samples: 3 * 2 * rankCount + remainder, batchSize: 2 * rankCount, rankCount: rankCount) }
            + (1..<rankCount).map { samples in (samples: samples, batchSize: 2 * rankCount, rankCount: rankCount) }
    }

    @Test(arguments: [(100, 10, 2), (100, 16, 3), (99, 8, 3), (102, 8, 4), (7, 7, 7), (64, 64, 2), (10, 3, 1), (10, 4, 3), (1, 7, 7)]
                     + DistributedSamplerTests.remainderCases)
    func everySampleOncePerEpochAndTheGlobalBatchesOfOneProcess(samples: Int, batchSize: Int, rankCount: Int) throws {
        let dataset = numbered(samples)
        let single = DataLoader(dataset, batchSize: batchSize, seed: 42, prefetch: 0)
        for epoch in 0..<3 {
            let global = indices(single, epoch: epoch)
            let perRank = (0..<rankCount).map {
                indices(DataLoader(dataset, batchSize: batchSize, seed: 42, sampler: DistributedSampler(rank: $0, rankCount: rankCount)), epoch: epoch)
            }
            try #require(perRank.allSatisfy { $0.count == global.count }, "every rank has the global batch count")
            for (batch, samples) in global.enumerated() {
                #expect(perRank.flatMap { $0[batch] } == samples, "epoch \(epoch), batch \(batch): the ranks' parts in rank order are the global batch")
            }
            #expect(perRank.flatMap { $0.joined() }.sorted() == Array(0..<samples), "epoch \(epoch): every sample exactly once")
            let sampler = DistributedSampler(rank: 1 % rankCount, rankCount: rankCount)
            #expect(sampler.indices(of: single.order(epoch: epoch), batchSize: batchSize, dropLast: false) == Array(perRank[1 % rankCount].joined()))
        }
        if samples > 2 { #expect(indices(single, epoch: 0) != indices(single, epoch: 1), "each epoch has its own order") }
    }

    @Test func aLastBatchWithFewerSamplesThanRanksLeavesTheLastRanksEmptyParts() {
        // 10 samples in batches of 4 on 3 ranks: the last batch of 2 goes to ranks 0 and 1, rank 2's part is empty.
        let dataset = numbered(10)
        let loaders = (0..<3).map { DataLoader(dataset, batchSize: 4, seed: 5, sampler: DistributedSampler(rank: $0, rankCount: 3)) }
        #expect(loaders.allSatisfy { $0.batchCount == 3 }, "every rank takes the three steps of one process")
        #expect(loaders.map(\.samplesPerEpoch) == [5, 3, 2], "parts 2, 1, 1 of both batches of 4, then 1, 1, 0")
        #expect(loaders.map { $0.gradientShare(ofBatch: 2) } == [0.5, 0.5, 0])
        let last = loaders[2].batch(2, epoch: 0, order: loaders[2].order(epoch: 0))
        #expect(last.inputs.shape == [0, 2] && last.targets.shape == [0, 1], "an empty batch shaped like the samples")
        #expect(last.inputs.dtype == .float64)
    }

    @Test func anEpochSmallerThanTheRankCountLeavesSomeRanksWithoutSamples() {
        let loaders = (0..<4).map { DataLoader(numbered(2), batchSize: 4, seed: 5, sampler: DistributedSampler(rank: $0, rankCount: 4)) }
        #expect(loaders.allSatisfy { $0.batchCount == 1 })
        #expect(loaders.map(\.samplesPerEpoch) == [1, 1, 0, 0])
        #expect(loaders.map { indices($0, epoch: 0) }.map { $0[0].count } == [1, 1, 0, 0])
    }

    @Test func eachRankValidatesItsOwnShard() {
        let validation = numbered(5)
        let shards = (0..<2).map { DataLoader(numbered(8), batchSize: 4, sampler: DistributedSampler(rank: $0, rankCount: 2)).validationShard(of: validation) }
        #expect(shards.map { $0.batch(at: Array(0..<$0.count)).targets.scalars(as: Double.self) } == [[0, 1, 2], [3, 4]])
        let small = (0..<3).map { DataLoader(numbered(8), batchSize: 4, sampler: DistributedSampler(rank: $0, rankCount: 3)).validationShard(of: numbered(2)) }
        #expect(small.map(\.count) == [1, 1, 0], "a set smaller than the rank count leaves the last rank nothing to validate")
        #expect(DataLoader(numbered(8), batchSize: 4).validationShard(of: validation).count == 5, "a single process validates everything")
    }

    @Test func sharesWeighTheLastShortBatch() {
        // 10 samples, batches of 4, 2 ranks: batches 0 and 1 split 2/2, the last (2 samples) 1/1.
        let loader = DataLoader(numbered(10), batchSize: 4, sampler: DistributedSampler(rank: 0, rankCount: 2))
        #expect((0..<3).map(loader.gradientShare(ofBatch:)) == [0.5, 0.5, 0.5])
        let uneven = DataLoader(numbered(10), batchSize: 5, sampler: DistributedSampler(rank: 1, rankCount: 3))
        #expect((0..<2).map(uneven.gradientShare(ofBatch:)) == [0.4, 0.4], "rank 1 of 3 takes 2 of 5")
        #expect(DataLoader(numbered(10), batchSize: 4).gradientShare(ofBatch: 2) == 1, "a single process takes the whole batch")
    }

    @Test func rank0DrawsTheModelRandomnessOfASingleProcessAndOtherRanksTheirOwn() {
        let dataset = numbered(12)
        let single = DataLoader(dataset, batchSize: 4, seed: 9)
        let ranks = (0..<2).map { DataLoader(dataset, batchSize: 4, seed: 9, sampler: DistributedSampler(rank: $0, rankCount: 2)) }
        #expect(ranks[0].modelSeed(epoch: 3) == single.modelSeed(epoch: 3))
        #expect(ranks[1].modelSeed(epoch: 3) != single.modelSeed(epoch: 3))
    }

    /// The point of the weights: Σ_r (n_r / B) ∇L_r, the ranks' mean-loss gradients weighted by their
    /// share, is the gradient of the global batch's mean loss, also when the batch does not divide evenly.
    @Test(arguments: [2, 3, 4])
    func weightedRankGradientsAddUpToTheGlobalBatchGradient(rankCount: Int) throws {
        let dataset = numbered(11)
        let model = RandomGenerator.seeded(3) { Linear(2, 1, dtype: .float64) }
        func gradients(of batch: Batch) throws -> [[Double]] {
            model.parameters().forEach { $0.zeroGrad() }
            try Tensor.meanSquaredError(model(batch.inputs), batch.targets).backward()
            return model.parameters().map { $0.grad!.scalars(as: Double.self) }
        }
        let single = DataLoader(dataset, batchSize: 11, seed: 1, prefetch: 0)
        let expected = try gradients(of: single.batch(0, epoch: 0, order: single.order(epoch: 0)))
        var sum = expected.map { [Double](repeating: 0, count: $0.count) }
        for rank in 0..<rankCount {
            let loader = DataLoader(dataset, batchSize: 11, seed: 1, prefetch: 0, sampler: DistributedSampler(rank: rank, rankCount: rankCount))
            let local = try gradients(of: loader.batch(0, epoch: 0, order: loader.order(epoch: 0)))
            let share = loader.gradientShare(ofBatch: 0)
            sum = zip(sum, local).map { zip($0, $1).map { $0 + share * $1 } }
        }
        for (got, want) in zip(sum.joined(), expected.joined()) { #expect(abs(got - want) < 1e-12, "\(got) vs \(want)") }
    }
}
