import Foundation
import Testing
@testable import Nabla

/// A dataset whose sample i has input [i, i + 0.5] and target i, so every batch shows which samples it holds.
private func numbered(_ count: Int) -> TensorDataset {
    let inputs = (0..<count).flatMap { [Double($0), Double($0) + 0.5] }
    return TensorDataset(inputs: Tensor(inputs, shape: [count, 2], dtype: .float64),
                         targets: Tensor((0..<count).map(Double.init), dtype: .float64))
}

/// The sample indices of every batch of `epoch` (read from the targets).
private func indices(_ loader: DataLoader, epoch: Int) -> [[Int]] {
    loader.batches(epoch: epoch).map { batch in batch.targets.scalars(as: Double.self).map { Int($0) } }
}

/// A dataset that implements only `sample(at:)`: batches come from the protocol's stacking default.
private struct SamplesOnly: Dataset {
    let count: Int
    func sample(at index: Int) -> (input: Tensor, target: Tensor) {
        (Tensor([Double(index), -Double(index)], dtype: .float64), Tensor(Double(index), dtype: .float64))
    }
}

/// A dataset with its own `batch(at:)`, recording the index lists it is asked for; its batch inputs
/// are marked (+1000) so that the test sees they came from this method and not from stacking samples.
private final class RecordingDataset: Dataset, @unchecked Sendable {
    let count: Int
    private let lock = NSLock()
    private var requests: [[Int]] = []
    init(count: Int) { self.count = count }

    var requestedIndices: [[Int]] { lock.withLock { requests } }

    func sample(at index: Int) -> (input: Tensor, target: Tensor) {
        (Tensor([Double(index)], dtype: .float64), Tensor(Double(index), dtype: .float64))
    }

    func batch(at indices: [Int]) -> (inputs: Tensor, targets: Tensor) {
        lock.withLock { requests.append(indices) }
        return (Tensor(indices.map { Double($0) + 1000 }, shape: [indices.count, 1], dtype: .float64),
                Tensor(indices.map(Double.init), dtype: .float64))
    }
}

/// Images [N, 6, 6] all equal to one asymmetric picture, so that any difference between two batches
/// (or two images) is the augmentation's doing.
private func identicalImages(_ count: Int) -> TensorDataset {
    let picture = (0..<36).map { Double(($0 * 7) % 11) / 10 }
    return TensorDataset(inputs: Tensor(Array((0..<count).map { _ in picture }.joined()), shape: [count, 6, 6]),
                         targets: Tensor.zeros([count]))
}

/// `DataLoader`: batch counts, shuffling per (seed, epoch), prefetching, and reproducible augmentation.
@Suite struct DataLoaderTests {
    @Test(arguments: [(10, 3, false, 4), (10, 3, true, 3), (9, 3, false, 3), (9, 3, true, 3), (2, 5, false, 1), (2, 5, true, 0), (0, 4, false, 0)])
    func batchCount(samples: Int, batchSize: Int, dropLast: Bool, expected: Int) {
        let loader = DataLoader(numbered(samples), batchSize: batchSize, dropLast: dropLast)
        #expect(loader.batchCount == expected)
        #expect(indices(loader, epoch: 0).count == expected, "the iterator hands out batchCount batches")
    }

    /// A batch size near `Int.max` (from `--batch-size 9223372036854775807`) is one batch, not an overflow trap.
    @Test func batchSizeNearIntMaxIsOneBatch() {
        let loader = DataLoader(numbered(10), batchSize: Int.max)
        #expect(loader.batchCount == 1)
        #expect(indices(loader, epoch: 0).map { $0.sorted() } == [Array(0..<10)])
        #expect(DataLoader(numbered(10), batchSize: Int.max, dropLast: true).batchCount == 0)
    }

    @Test func everySampleOncePerEpoch() {
        let loader = DataLoader(numbered(23), batchSize: 5, seed: 4)
        for epoch in 0..<4 {
            let seen = indices(loader, epoch: epoch).flatMap { $0 }
            #expect(seen.sorted() == Array(0..<23), "epoch \(epoch): \(seen)")
        }
    }

    @Test func orderChangesBetweenEpochsAndRepeatsForTheSameSeedAndEpoch() {
        let loader = DataLoader(numbered(30), batchSize: 7, seed: 11)
        let other = DataLoader(numbered(30), batchSize: 7, seed: 11)
        let epochs = (0..<3).map { indices(loader, epoch: $0) }
        #expect(epochs[0] != epochs[1] && epochs[1] != epochs[2] && epochs[0] != epochs[2])
        #expect(epochs[0].flatMap { $0 } != Array(0..<30), "shuffled")
        // Asked again, in another order, from the same loader and from a second one.
        #expect(indices(loader, epoch: 2) == epochs[2])
        #expect(indices(other, epoch: 1) == epochs[1])
        #expect(indices(other, epoch: 0) == epochs[0])
        #expect(loader.order(epoch: 1) == epochs[1].flatMap { $0 })
        // Another seed, another order.
        #expect(indices(DataLoader(numbered(30), batchSize: 7, seed: 12), epoch: 0) != epochs[0])
    }

    /// The order of an epoch is RandomGenerator.shuffle seeded with mix(seed, epoch, 0), not the standard
    /// library's shuffle (whose algorithm may change between Swift versions): expected permutations from
    /// an independent Python transcription.
    @Test func orderIsTheSameOnEverySwiftVersion() {
        let loader = DataLoader(numbered(12), batchSize: 5, seed: 7)
        #expect(loader.order(epoch: 0) == [1, 10, 2, 7, 11, 0, 9, 4, 6, 3, 8, 5])
        #expect(loader.order(epoch: 1) == [11, 4, 2, 5, 3, 0, 10, 6, 9, 1, 7, 8])
    }

    @Test func withoutShufflingTheOrderIsNatural() {
        let loader = DataLoader(numbered(10), batchSize: 4, shuffle: false, seed: 7)
        for epoch in 0..<2 {
            #expect(indices(loader, epoch: epoch) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]])
        }
        let batch = loader.batch(1, epoch: 0, order: loader.order(epoch: 0))
        expectValues(batch.inputs, [4, 4.5, 5, 5.5, 6, 6.5, 7, 7.5], shape: [4, 2])
        #expect(batch.count == 4)
    }

    @Test func lastBatchIsSmallerUnlessDropLast() {
        let keep = DataLoader(numbered(11), batchSize: 4, seed: 2)
        #expect(keep.batches(epoch: 0).map(\.count) == [4, 4, 3])
        #expect(keep.batches(epoch: 0).map { $0.inputs.shape } == [[4, 2], [4, 2], [3, 2]])
        let drop = DataLoader(numbered(11), batchSize: 4, dropLast: true, seed: 2)
        #expect(drop.batches(epoch: 0).map(\.count) == [4, 4])
        // The dropped samples are the last three of the epoch's order, which changes with the epoch.
        let order = drop.order(epoch: 0)
        #expect(indices(drop, epoch: 0).flatMap { $0 } == Array(order[..<8]))
    }

    @Test func prefetchDoesNotChangeTheBatches() {
        let augmentation = ImageAugmentation(maxShift: 1, horizontalFlip: true)
        func batches(prefetch: Int) -> [(inputs: [Float], targets: [Float])] {
            let loader = DataLoader(identicalImages(13), batchSize: 3, seed: 5, augmentation: augmentation, prefetch: prefetch)
            return (0..<2).flatMap { epoch in loader.batches(epoch: epoch).map { ($0.inputs.scalars, $0.targets.scalars) } }
        }
        let onDemand = batches(prefetch: 0)
        #expect(onDemand.count == 10)
        for prefetch in [1, 3] {
            let prefetched = batches(prefetch: prefetch)
            #expect(prefetched.map(\.inputs) == onDemand.map(\.inputs), "prefetch \(prefetch)")
            #expect(prefetched.map(\.targets) == onDemand.map(\.targets), "prefetch \(prefetch)")
        }
        // The same holds for the shuffled order of plain data.
        let plain = (0..<2).map { indices(DataLoader(numbered(17), batchSize: 4, seed: 3, prefetch: $0 * 3), epoch: 1) }
        #expect(plain[0] == plain[1])
    }

    @Test func abandoningAnIteratorStopsTheProducer() async throws {
        // Break out after the first batch, 200 times: each producer is blocked `prefetch` batches ahead
        // and must end when its iterator goes away. Every loader must then be freed (a producer still
        // waiting would keep its loader alive through the queue).
        var survivors: [() -> DataLoader?] = []
        for round in 0..<200 {
            let loader = DataLoader(numbered(64), batchSize: 2, seed: UInt64(round), prefetch: 3)
            for batch in loader.batches(epoch: 0) {
                #expect(batch.count == 2)
                break
            }
            weak let weakLoader = loader
            survivors.append { weakLoader }
        }
        // Also abandon an iterator before taking anything.
        do {
            let loader = DataLoader(numbered(64), batchSize: 2, prefetch: 1)
            _ = loader.batches(epoch: 0).makeIterator()
            weak let weakLoader = loader
            survivors.append { weakLoader }
        }
        let deadline = Date().addingTimeInterval(10)
        while survivors.contains(where: { $0() != nil }) && Date() < deadline {
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        #expect(survivors.filter { $0() != nil }.isEmpty, "\(survivors.filter { $0() != nil }.count) producer threads still hold their loaders")
    }

    @Test func batchesComeFromTheDatasetsBatchMethod() {
        let dataset = RecordingDataset(count: 7)
        let loader = DataLoader(dataset, batchSize: 3, seed: 9, prefetch: 2)
        let batches = Array(loader.batches(epoch: 0))
        let order = loader.order(epoch: 0)
        #expect(dataset.requestedIndices == [Array(order[0..<3]), Array(order[3..<6]), Array(order[6..<7])])
        #expect(batches.flatMap { $0.inputs.scalars(as: Double.self) } == order.map { Double($0) + 1000 })
    }

    @Test func aDatasetWithOnlySamplesIsBatchedByStacking() throws {
        let loader = DataLoader(SamplesOnly(count: 5), batchSize: 2, shuffle: false)
        let batches = Array(loader.batches(epoch: 0))
        try #require(batches.count == 3)
        expectValues(batches[0].inputs, [0, 0, 1, -1], shape: [2, 2])
        expectValues(batches[0].targets, [0, 1], shape: [2])
        expectValues(batches[2].inputs, [4, -4], shape: [1, 2])
    }

    @Test func augmentationIsReproduciblePerSeedEpochAndBatch() throws {
        let augmentation = ImageAugmentation(maxShift: 2, maxRotation: 15, horizontalFlip: true)
        func inputs(seed: UInt64, epoch: Int) -> [[Float]] {
            DataLoader(identicalImages(8), batchSize: 4, shuffle: false, seed: seed, augmentation: augmentation)
                .batches(epoch: epoch).map(\.inputs.scalars)
        }
        let first = inputs(seed: 1, epoch: 0)
        try #require(first.count == 2)
        #expect(inputs(seed: 1, epoch: 0) == first, "same seed and epoch, same augmented batches")
        // The images are all alike, so batches differ only through the augmentation.
        #expect(first[0] != first[1], "each batch draws its own transformations")
        #expect(inputs(seed: 1, epoch: 1) != first)
        #expect(inputs(seed: 2, epoch: 0) != first)
        // Batch b of epoch e is the same when made alone.
        let loader = DataLoader(identicalImages(8), batchSize: 4, shuffle: false, seed: 1, augmentation: augmentation)
        #expect(loader.batch(1, epoch: 0, order: loader.order(epoch: 0)).inputs.scalars == first[1])
        // Targets are left alone.
        #expect(loader.batches(epoch: 0).allSatisfy { $0.targets.scalars == [0, 0, 0, 0] })
    }

    /// Batch b of epoch e is augmented with a generator seeded by mix(seed, e, b + 1), apart from the
    /// shuffle's mix(seed, e, 0): the first batch of seed 1, pinned as the shuffle order is. Shifts and
    /// flips only, so the expected images are the picture moved by whole pixels:
    /// image 0 one row down and mirrored, image 1 one row down and one column left.
    @Test func firstBatchAugmentationIsPinned() {
        let loader = DataLoader(identicalImages(4), batchSize: 2, shuffle: false, seed: 1,
                                augmentation: ImageAugmentation(maxShift: 1, horizontalFlip: true))
        let batch = loader.batch(0, epoch: 0, order: loader.order(epoch: 0))
        expectValues(batch.inputs, [
            0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
            0.2, 0.6, 1.0, 0.3, 0.7, 0.0,
            0.0, 0.4, 0.8, 0.1, 0.5, 0.9,
            0.9, 0.2, 0.6, 1.0, 0.3, 0.7,
            0.7, 0.0, 0.4, 0.8, 0.1, 0.5,
            0.5, 0.9, 0.2, 0.6, 1.0, 0.3,

            0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
            0.7, 0.3, 1.0, 0.6, 0.2, 0.0,
            0.5, 0.1, 0.8, 0.4, 0.0, 0.0,
            0.3, 1.0, 0.6, 0.2, 0.9, 0.0,
            0.1, 0.8, 0.4, 0.0, 0.7, 0.0,
            1.0, 0.6, 0.2, 0.9, 0.5, 0.0,
        ], shape: [2, 6, 6], tolerance: 1e-7)
    }

    @Test func emptyDatasetHasNoBatches() {
        let loader = DataLoader(numbered(0), batchSize: 3)
        #expect(loader.batchCount == 0)
        #expect(Array(loader.batches(epoch: 0)).isEmpty)
    }

    @Test func nonPositiveBatchSizeStops() async {
        await #expect(processExitsWith: .failure) {
            _ = DataLoader(TensorDataset(inputs: Tensor.zeros([2, 1]), targets: Tensor.zeros([2])), batchSize: 0)
        }
    }
}
