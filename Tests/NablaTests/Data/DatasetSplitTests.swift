import Testing
@testable import Nabla

/// Sample i has input [10·i, 10·i + 1] and target i.
private func numbered(_ count: Int) -> TensorDataset {
    TensorDataset(inputs: Tensor((0..<count).flatMap { [Double(10 * $0), Double(10 * $0 + 1)] }, shape: [count, 2], dtype: .float64),
                  targets: Tensor((0..<count).map(Double.init), dtype: .float64))
}

/// `DatasetSubset` and `split(validationFraction:seed:)`.
@Suite struct DatasetSplitTests {
    @Test(arguments: [(10, 0.25, 3), (10, 0.2, 2), (7, 0.5, 4), (100, 0.1, 10), (5, 0.0, 0), (5, 1.0, 5), (3, 0.1, 0)])
    func validationGetsTheRoundedFraction(count: Int, fraction: Double, validationCount: Int) {
        let (training, validation) = numbered(count).split(validationFraction: fraction, seed: 1)
        #expect(validation.count == validationCount)
        #expect(training.count == count - validationCount)
    }

    @Test func partsAreDisjointAndComplete() {
        let (training, validation) = numbered(50).split(validationFraction: 0.3, seed: 4)
        #expect(Set(training.indices).isDisjoint(with: validation.indices))
        #expect((training.indices + validation.indices).sorted() == Array(0..<50))
        #expect(training.indices.count == Set(training.indices).count, "no sample twice")
        // Drawn at random, not the first or last samples.
        #expect(validation.indices.sorted() != Array(0..<15) && validation.indices.sorted() != Array(35..<50))
    }

    @Test func reproducibleBySeed() {
        let data = numbered(40)
        let first = data.split(validationFraction: 0.25, seed: 8), again = data.split(validationFraction: 0.25, seed: 8)
        #expect(first.training.indices == again.training.indices && first.validation.indices == again.validation.indices)
        #expect(data.split(validationFraction: 0.25, seed: 9).validation.indices != first.validation.indices)
    }

    @Test func subsetSamplesAndBatchesComeFromTheBase() {
        let subset = DatasetSubset(numbered(6), indices: [4, 1, 5])
        #expect(subset.count == 3)
        let sample = subset.sample(at: 0)
        expectValues(sample.input, [40, 41], shape: [2])
        expectValues(sample.target, [4], shape: [])
        let batch = subset.batch(at: [2, 0, 2])
        expectValues(batch.inputs, [50, 51, 40, 41, 50, 51], shape: [3, 2])
        expectValues(batch.targets, [5, 4, 5], shape: [3])
        // A subset of a subset maps through both.
        let nested = DatasetSubset(subset, indices: [1, 2])
        expectValues(nested.batch(at: [1, 0]).targets, [5, 1], shape: [2])
    }

    @Test func splitPartsBatchLikeTheirIndices() {
        let (training, validation) = numbered(12).split(validationFraction: 0.5, seed: 2)
        for part in [training, validation] {
            let batch = part.batch(at: Array(0..<part.count))
            expectValues(batch.targets, part.indices.map(Double.init), shape: [part.count])
        }
    }

    @Test func outOfRangeIndexStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = DatasetSubset(TensorDataset(inputs: Tensor.zeros([5, 1]), targets: Tensor.zeros([5])), indices: [0, 5])
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("DatasetSubset") && message.contains("index 5") && message.contains("0..<5"), "\(message)")
    }

    @Test func negativeIndexStops() async {
        await #expect(processExitsWith: .failure) {
            _ = DatasetSubset(TensorDataset(inputs: Tensor.zeros([5, 1]), targets: Tensor.zeros([5])), indices: [-1])
        }
    }

    @Test func fractionOutsideZeroToOneStops() async {
        await #expect(processExitsWith: .failure) {
            _ = TensorDataset(inputs: Tensor.zeros([5, 1]), targets: Tensor.zeros([5])).split(validationFraction: 1.5)
        }
    }
}
