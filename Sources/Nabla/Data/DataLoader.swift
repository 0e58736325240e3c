import Foundation

/// One minibatch: inputs `[B, ...]` and targets `[B, ...]`.
public struct Batch: @unchecked Sendable {
    /// The inputs `[B, ...]`, one sample per index of the first axis.
    public let inputs: Tensor
    /// The targets `[B, ...]` (e.g. class labels `[B]`), in the same order as `inputs`.
    public let targets: Tensor

    /// A batch from its inputs and targets (their first dimensions are not checked).
    public init(inputs: Tensor, targets: Tensor) {
        require(inputs.rank > 0 && targets.rank > 0 && inputs.shape[0] == targets.shape[0],
                "Batch: inputs \(inputs.shape) and targets \(targets.shape) must have the same first dimension")
        self.inputs = inputs
        self.targets = targets
    }

    /// The number of samples in the batch.
    public var count: Int { inputs.shape.first ?? 0 }
}

/// Cuts a dataset into minibatches, in a new random order each epoch, and prepares the next batches on
/// a background thread while the current one trains (like PyTorch's `DataLoader`).
///
/// Everything random is derived from `seed` and the epoch number (the order of epoch e, the
/// augmentation of its batch b), so epoch e's batches are the same whenever they are made: a run
/// resumed at epoch e continues exactly as the uninterrupted one would.
///
/// With `prefetch` > 0 the dataset's `batch(at:)` runs on the loader's own thread, while the training
/// thread may read the dataset too (validation): a dataset must be safe to read from two threads at once,
/// as an immutable one (like `TensorDataset`) is. Use `prefetch: 0` for one that is not.
///
/// ```swift
/// let loader = DataLoader(trainingSet, batchSize: 64, shuffle: true, seed: 1)
/// for batch in loader.batches(epoch: 0) { ... }
/// ```
public final class DataLoader: @unchecked Sendable {
    /// The samples cut into batches.
    public let dataset: any Dataset
    /// The number of samples per batch (positive); the last batch may be smaller unless `dropLast`.
    public let batchSize: Int
    /// Whether each epoch visits the samples in a new random order (default `true`); otherwise in index order.
    public let shuffle: Bool
    /// Whether a final batch smaller than `batchSize` is left out.
    public let dropLast: Bool
    /// The seed from which each epoch's order and augmentations are derived (default 0); `fit` also seeds the
    /// model's own randomness (dropout) from it.
    public let seed: UInt64
    /// Random changes applied to each batch's inputs (data augmentation), or `nil`.
    public let augmentation: ImageAugmentation?
    /// How many batches are prepared ahead (0: made on demand, on the caller's thread).
    public let prefetch: Int
    /// In a data-parallel run, which part of every global batch of `batchSize` samples this process
    /// takes (`nil`: all of it).
    public let sampler: DistributedSampler?

    /// A loader over `dataset` in batches of `batchSize`: by default shuffled, keeping the last partial batch,
    /// without augmentation and with two batches prepared ahead. With a `sampler`, `batchSize` is the
    /// global batch, shared by all ranks, and the batches handed out are this rank's parts of them.
    /// Stops with a message unless `batchSize` > 0 (at least the number of ranks, so that only a
    /// short last batch can leave a rank without samples) and `prefetch` ≥ 0.
    public init(_ dataset: any Dataset, batchSize: Int, shuffle: Bool = true, dropLast: Bool = false, seed: UInt64 = 0,
                augmentation: ImageAugmentation? = nil, prefetch: Int = 2, sampler: DistributedSampler? = nil) {
        require(batchSize > 0, "DataLoader: batchSize must be positive, got \(batchSize)")
        require(batchSize >= sampler?.rankCount ?? 1,
                "DataLoader: the batch size \(batchSize) must be at least the number of ranks, \(sampler?.rankCount ?? 1)")
        require(prefetch >= 0, "DataLoader: prefetch must not be negative")
        self.dataset = dataset
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.dropLast = dropLast
        self.seed = seed
        self.augmentation = augmentation
        self.prefetch = prefetch
        self.sampler = sampler
    }

    /// Batches per epoch, the same with a sampler as without (this rank's part of some may be empty).
    public var batchCount: Int { DataLoader.batchCount(sampleCount: dataset.count, batchSize: batchSize, dropLast: dropLast) }

    /// The batches of `batchSize` that `sampleCount` samples make, a last partial one counted unless
    /// `dropLast`. (Counted without `sampleCount + batchSize - 1`, which overflows for a batch size
    /// near `Int.max`.)
    static func batchCount(sampleCount: Int, batchSize: Int, dropLast: Bool) -> Int {
        let (full, rest) = sampleCount.quotientAndRemainder(dividingBy: batchSize)
        return dropLast || rest == 0 ? full : full + 1
    }

    /// The samples this process trains on per epoch (with a sampler, its parts of the global batches;
    /// 0 on a rank whose every part is empty).
    public var samplesPerEpoch: Int {
        guard sampler != nil || dropLast else { return dataset.count }
        return (0..<batchCount).reduce(0) { $0 + batchRange($1).count }
    }

    /// The weight of this process's gradient for batch `index` in the mean over the global batch: its
    /// share of the batch's samples with a sampler, 1 without.
    public func gradientShare(ofBatch index: Int) -> Double {
        guard let sampler else { return 1 }
        return sampler.share(ofBatchOfSize: sampler.globalBatchSize(index, sampleCount: dataset.count, batchSize: batchSize))
    }

    /// The positions in the epoch's order of the samples of batch `index` (this rank's part of it with a sampler).
    private func batchRange(_ index: Int) -> Range<Int> {
        let start = index * batchSize
        let global = start..<Swift.min(start + batchSize, dataset.count)
        guard let sampler else { return global }
        let local = sampler.localRange(inBatchOfSize: global.count)
        return (start + local.lowerBound)..<(start + local.upperBound)
    }

    /// This process's part of a validation set: with a sampler, rank r's r-th of p contiguous parts
    /// (as evenly as possible; empty for the last ranks of a set smaller than the rank count), so that
    /// the ranks share the validation; otherwise the whole set.
    public func validationShard(of validation: any Dataset) -> any Dataset {
        guard let sampler else { return validation }
        return DatasetSubset(validation, indices: Array(sampler.localRange(inBatchOfSize: validation.count)))
    }

    /// The seed of the randomness inside the model (dropout) during `epoch`; each rank of a data-parallel
    /// run draws its own, as its samples differ.
    func modelSeed(epoch: Int) -> UInt64 { forThisRank(DataLoader.mix(seed, UInt64(epoch), 0xD)) }

    /// `seed` made this rank's own (unchanged on rank 0 and in a single process), so that ranks do not
    /// draw the same dropout masks or augmentations for their different samples.
    private func forThisRank(_ seed: UInt64) -> UInt64 {
        guard let rank = sampler?.rank, rank > 0 else { return seed }
        return DataLoader.mix(seed, UInt64(rank), 0xD)
    }

    /// The sample order of `epoch`: a permutation drawn from a generator seeded by (seed, epoch), or
    /// the natural order without shuffling.
    public func order(epoch: Int) -> [Int] {
        var indices = Array(0..<dataset.count)
        if shuffle {
            var generator = RandomGenerator(seed: DataLoader.mix(seed, UInt64(epoch), 0))
            generator.shuffle(&indices)
        }
        return indices
    }

    /// Batch `index` of `epoch` (this rank's part of it with a sampler), made on the calling thread.
    /// This rank's part of a global batch with fewer samples than ranks may be empty: inputs and
    /// targets `[0, ...]` shaped like the dataset's samples, which `fit` steps on without a forward pass.
    public func batch(_ index: Int, epoch: Int, order: [Int]) -> Batch {
        let indices = Array(order[batchRange(index)])
        guard !indices.isEmpty else { return emptyBatch() }
        var (inputs, targets) = dataset.batch(at: indices)
        if let augmentation {
            var generator = RandomGenerator(seed: forThisRank(DataLoader.mix(seed, UInt64(epoch), UInt64(index) + 1)))
            inputs = augmentation.apply(to: inputs, generator: &generator)
        }
        return Batch(inputs: inputs, targets: targets)
    }

    /// A batch of no samples, `[0, ...]` tensors of the shapes and types of the dataset's samples
    /// (made here rather than by `Dataset.batch(at:)`, which may stack its samples and needs one).
    private func emptyBatch() -> Batch {
        let sample = dataset.sample(at: 0)
        return Batch(inputs: .zeros([0] + sample.input.shape, dtype: sample.input.dtype),
                     targets: .zeros([0] + sample.target.shape, dtype: sample.target.dtype))
    }

    /// The batches of `epoch`, prepared `prefetch` ahead on a background thread.
    public func batches(epoch: Int) -> BatchSequence { BatchSequence(loader: self, epoch: epoch) }

    /// A well-mixed 64-bit seed from three numbers (SplitMix64 finaliser over a combination).
    static func mix(_ a: UInt64, _ b: UInt64, _ c: UInt64) -> UInt64 {
        RandomGenerator.scrambled(a &+ 0x9E37_79B9_7F4A_7C15 &* (b &+ 1) &+ 0xBF58_476D_1CE4_E5B9 &* (c &+ 1))
    }
}

/// The batches of one epoch of a `DataLoader`.
public struct BatchSequence: Sequence {
    let loader: DataLoader
    let epoch: Int

    /// An iterator over the epoch's batches.
    public func makeIterator() -> BatchIterator { BatchIterator(loader: loader, epoch: epoch) }
}

/// Hands out an epoch's batches in order; with prefetching, a producer thread keeps up to
/// `prefetch` batches ready. Dropping the iterator stops the producer.
public final class BatchIterator: IteratorProtocol {
    private let loader: DataLoader
    private let epoch: Int
    private let order: [Int]
    private var nextIndex = 0
    private let queue: PrefetchQueue?

    init(loader: DataLoader, epoch: Int) {
        self.loader = loader
        self.epoch = epoch
        order = loader.order(epoch: epoch)
        if loader.prefetch > 0 && loader.batchCount > 0 {
            let queue = PrefetchQueue(loader: loader, epoch: epoch, order: order)
            let thread = Thread { queue.produce() }
            thread.name = "nabla.DataLoader"
            thread.start()
            self.queue = queue
        } else {
            queue = nil
        }
    }

    deinit { queue?.cancel() }

    /// The next batch, or `nil` after the last one.
    public func next() -> Batch? {
        guard nextIndex < loader.batchCount else { return nil }
        defer { nextIndex += 1 }
        return queue?.take(nextIndex) ?? loader.batch(nextIndex, epoch: epoch, order: order)
    }
}

/// The batches made ahead by the producer thread, shared with the consumer under a lock.
private final class PrefetchQueue: @unchecked Sendable {
    private let loader: DataLoader
    private let epoch: Int
    private let order: [Int]
    private let condition = NSCondition()
    private var ready: [Int: Batch] = [:]
    private var produced = 0
    private var consumed = 0
    private var cancelled = false

    init(loader: DataLoader, epoch: Int, order: [Int]) {
        self.loader = loader
        self.epoch = epoch
        self.order = order
    }

    /// Waits for batch `index` and hands it over.
    func take(_ index: Int) -> Batch {
        condition.lock()
        defer { condition.unlock() }
        while ready[index] == nil { condition.wait() }
        consumed = index + 1
        condition.broadcast()
        return ready.removeValue(forKey: index)!
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// The producer loop: makes batches in order, staying at most `prefetch` ahead of the consumer.
    func produce() {
        let total = loader.batchCount
        while true {
            condition.lock()
            while !cancelled && produced < total && produced - consumed >= loader.prefetch { condition.wait() }
            if cancelled || produced >= total { condition.unlock(); return }
            let index = produced
            condition.unlock()
            let batch = loader.batch(index, epoch: epoch, order: order)
            condition.lock()
            ready[index] = batch
            produced += 1
            condition.broadcast()
            condition.unlock()
        }
    }
}
