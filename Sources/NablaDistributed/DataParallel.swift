import Foundation
import Nabla

/// Data-parallel training over MPI, as a `fit` callback: every rank trains a copy of the model on its
/// part of each global batch (the loader's `DistributedSampler`), and the copies stay identical.
///
/// - When training begins, every rank takes rank 0's parameters and buffers (`broadcast(_:)`).
/// - Before each optimiser step, the gradients are averaged over the ranks, each weighted by its share
///   of the global batch, with an all-reduce per bucket of about `bucketCapacity` bytes; every rank
///   then takes the same step. A rank whose part of a global batch is empty (fewer samples than ranks)
///   takes part with a share of 0 and no gradients; a parameter no rank has a gradient for keeps none,
///   so the optimiser leaves it alone as in a single process.
/// - At the end of each epoch, the training loss and metrics become the means over all ranks' samples,
///   and floating-point buffers (running statistics) the means over the ranks. Each rank validates
///   its own shard of the validation set (`DataLoader.validationShard(of:)`), and the validation loss
///   and metrics become the means over all shards: those of the whole set.
///
/// ```swift
/// let world = try Communicator.start()
/// let loader = DataLoader(trainingSet, batchSize: 256, seed: 1,
///                         sampler: DistributedSampler(rank: world.rank, rankCount: world.size))
/// try model.fit(loader, epochs: 10, optimizer: Adam(model.trainableParameters()), loss: .crossEntropy,
///               callbacks: [DataParallel(world, loader: loader)], verbose: world.rank == 0)
/// ```
public final class DataParallel: Callback {
    /// The job's processes.
    public let communicator: Communicator
    /// The training batches, whose sampler says each rank's share of a batch.
    public let loader: DataLoader
    /// The size in bytes above which gradients go into a new bucket.
    public let bucketCapacity: Int
    /// The time spent packing, all-reducing and unpacking gradients, over all steps so far.
    public private(set) var allReduceSeconds = 0.0
    /// The optimiser steps whose gradients were all-reduced.
    public private(set) var stepCount = 0
    /// The gradient bytes each rank sends into the all-reduce per step.
    public private(set) var gradientBytes = 0
    /// The buckets per step.
    public private(set) var bucketCount = 0
    private var buckets: GradientBuckets?

    /// Averages gradients over `communicator`'s ranks for batches of `loader`, whose sampler must name
    /// this rank among all of them.
    /// - Throws: `DistributedError.mismatch` when the loader has no sampler or one of another rank or job size.
    public init(_ communicator: Communicator, loader: DataLoader, bucketCapacity: Int = 1 << 20) throws {
        guard let sampler = loader.sampler, sampler.rank == communicator.rank, sampler.rankCount == communicator.size else {
            throw DistributedError.mismatch("DataParallel: the loader's sampler (\(loader.sampler.map { "rank \($0.rank) of \($0.rankCount)" } ?? "none")) must be rank \(communicator.rank) of \(communicator.size)")
        }
        guard bucketCapacity > 0 else { throw DistributedError.mismatch("DataParallel: bucketCapacity must be positive, got \(bucketCapacity)") }
        self.communicator = communicator
        self.loader = loader
        self.bucketCapacity = bucketCapacity
    }

    /// Gives every rank rank 0's parameters and buffers, and prepares the gradient buckets.
    public func trainingWillBegin(_ context: TrainingContext) {
        broadcast(context.model)
        let buckets = GradientBuckets(context.optimizer.parameters.filter(\.isTrainable), capacity: bucketCapacity)
        (gradientBytes, bucketCount) = (buckets.byteCount, buckets.bucketCount)
        self.buckets = buckets
    }

    /// Replaces each gradient by the mean over the global batch: Σ_r (n_r / B) g_r, a rank without a
    /// gradient for the parameter adding zeros; `nil` where no rank has one.
    public func optimizerWillStep(_ batch: Int, context: TrainingContext) {
        guard let buckets else { return }
        let start = DispatchTime.now().uptimeNanoseconds
        buckets.allReduce(scale: loader.gradientShare(ofBatch: batch), over: communicator)
        allReduceSeconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        stepCount += 1
    }

    /// Makes the epoch's training logs the means over all ranks' samples, and averages the buffers.
    public func epochWillEnd(_ epoch: Int, logs: inout [String: Double], context: TrainingContext) {
        averageOverRanks(&logs, sampleCount: context.samplesDone)
        averageBuffers(of: context.model)
    }

    /// Makes the validation results of this rank's shard the means over all ranks' shards.
    public func validationDidEnd(_ epoch: Int, results: inout [String: Double], sampleCount: Int, context: TrainingContext) {
        averageOverRanks(&results, sampleCount: sampleCount)
    }

    /// Replaces means over this rank's `sampleCount` samples by the means over all ranks' samples: each
    /// weighted by its rank's sample count (exact where every sample counts alike in the metric).
    private func averageOverRanks(_ means: inout [String: Double], sampleCount: Int) {
        let names = means.keys.sorted()
        let samples = Double(sampleCount)
        var totals = [samples] + names.map { means[$0]! * samples }
        communicator.allReduceSum(&totals)
        for (index, name) in names.enumerated() { means[name] = totals[index + 1] / Swift.max(totals[0], 1) }
    }

    /// The mean all-reduce time per step so far, in seconds (0 before the first step).
    public var allReduceSecondsPerStep: Double { stepCount == 0 ? 0 : allReduceSeconds / Double(stepCount) }

    /// Copies rank `root`'s parameters and buffers into `model` on every rank.
    public func broadcast(_ model: Module, root: Int = 0) {
        for parameter in model.parameters() { parameter.update { broadcast(&$0, root: root) } }
        for (_, buffer) in model.namedBuffers() { buffer.update { broadcast(&$0, root: root) } }
    }

    private func broadcast(_ tensor: inout Tensor, root: Int) {
        switch tensor.dtype {
        case .float32: exchange(&tensor, as: Float.self) { communicator.broadcast(&$0, root: root) }
        case .float64: exchange(&tensor, as: Double.self) { communicator.broadcast(&$0, root: root) }
        case .int64: exchange(&tensor, as: Int64.self) { communicator.broadcast(&$0, root: root) }
        }
    }

    /// Replaces every floating-point buffer of `model` with its mean over the ranks.
    private func averageBuffers(of model: Module) {
        let scale = 1 / Double(communicator.size)
        for (_, buffer) in model.namedBuffers() {
            buffer.update { tensor in
                switch tensor.dtype {
                case .float32: exchange(&tensor, as: Float.self) { communicator.allReduceSum(&$0); $0 = $0.map { $0 * Float(scale) } }
                case .float64: exchange(&tensor, as: Double.self) { communicator.allReduceSum(&$0); $0 = $0.map { $0 * scale } }
                case .int64: break
                }
            }
        }
    }

    /// Runs a collective operation on `tensor`'s values in place, as an array of its element type.
    private func exchange<Element: CommunicatedElement>(_ tensor: inout Tensor, as _: Element.Type, _ operation: (inout [Element]) -> Void) {
        var values = tensor.withUnsafeBufferPointer(as: Element.self) { Array($0) }
        operation(&values)
        tensor.withUnsafeMutableBufferPointer(as: Element.self) { _ = $0.update(fromContentsOf: values) }
    }
}
