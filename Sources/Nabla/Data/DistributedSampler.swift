/// Which samples of each epoch one process of a data-parallel run trains on: pure index arithmetic
/// over the epoch's order, which every process draws alike from the same seed and epoch number.
///
/// The epoch's order is cut into global batches of the loader's `batchSize` exactly as in a single
/// process; each global batch is then split into `rankCount` contiguous parts as evenly as possible
/// (the first `size % rankCount` ranks take one sample more), and rank r takes part r. The parts are
/// disjoint and together hold every sample of the epoch once, so averaging the ranks' gradients
/// weighted by their share of the batch (`share(ofBatchOfSize:)`) gives the gradient of the whole
/// global batch: one step on p ranks is one step on one process with the same batch size.
///
/// A global batch with fewer samples than ranks (an epoch's short last batch, or a whole epoch smaller
/// than the number of ranks) leaves the last ranks an empty part: they still take part in that step,
/// with a share of 0, so that every sample is trained on exactly once per epoch and all ranks take
/// the same optimiser steps.
///
/// ```swift
/// let sampler = DistributedSampler(rank: 1, rankCount: 4)
/// let loader = DataLoader(trainingSet, batchSize: 256, seed: 7, sampler: sampler)  // 64 samples per batch here
/// ```
public struct DistributedSampler: Sendable, Equatable {
    /// This process's number, 0..<rankCount.
    public let rank: Int
    /// The number of processes sharing each batch.
    public let rankCount: Int

    /// The sampler of rank `rank` among `rankCount` processes; stops with a message unless
    /// 0 ≤ rank < rankCount.
    public init(rank: Int, rankCount: Int) {
        require(rankCount > 0 && (0..<rankCount).contains(rank),
                "DistributedSampler: rank \(rank) must lie in 0..<\(rankCount), the number of ranks")
        self.rank = rank
        self.rankCount = rankCount
    }

    /// This rank's positions within a global batch of `size` samples; empty when `size` is at most
    /// `rank` (fewer samples than ranks).
    public func localRange(inBatchOfSize size: Int) -> Range<Int> {
        let (base, extra) = size.quotientAndRemainder(dividingBy: rankCount)
        let start = rank * base + Swift.min(rank, extra)
        return start..<(start + base + (rank < extra ? 1 : 0))
    }

    /// This rank's share n_r / B of a global batch of `size` samples: the weight of its gradient (the
    /// mean over its n_r samples) in the mean over the whole batch.
    public func share(ofBatchOfSize size: Int) -> Double {
        Double(localRange(inBatchOfSize: size).count) / Double(size)
    }

    /// The number of global batches of an epoch of `sampleCount` samples: those of a single process,
    /// the same on every rank (some of this rank's parts may be empty).
    public func batchCount(sampleCount: Int, batchSize: Int, dropLast: Bool) -> Int {
        DataLoader.batchCount(sampleCount: sampleCount, batchSize: batchSize, dropLast: dropLast)
    }

    /// The size of global batch `index` of an epoch of `sampleCount` samples.
    public func globalBatchSize(_ index: Int, sampleCount: Int, batchSize: Int) -> Int {
        Swift.min(batchSize, sampleCount - index * batchSize)
    }

    /// This rank's samples of an epoch whose order is `order`: its part of every global batch, in order.
    public func indices(of order: [Int], batchSize: Int, dropLast: Bool) -> [Int] {
        (0..<batchCount(sampleCount: order.count, batchSize: batchSize, dropLast: dropLast)).flatMap { index in
            let start = index * batchSize
            let local = localRange(inBatchOfSize: globalBatchSize(index, sampleCount: order.count, batchSize: batchSize))
            return order[(start + local.lowerBound)..<(start + local.upperBound)]
        }
    }
}
