/// A view of some samples of another dataset, by index (like PyTorch's `Subset`).
public struct DatasetSubset: Dataset {
    public let base: any Dataset
    /// The base dataset's indices of the samples in this subset, in order.
    public let indices: [Int]

    public init(_ base: any Dataset, indices: [Int]) {
        for index in indices where index < 0 || index >= base.count {
            fatalError("DatasetSubset: index \(index) is outside 0..<\(base.count)")
        }
        self.base = base
        self.indices = indices
    }

    public var count: Int { indices.count }

    public func sample(at index: Int) -> (input: Tensor, target: Tensor) { base.sample(at: indices[index]) }

    public func batch(at positions: [Int]) -> (inputs: Tensor, targets: Tensor) {
        base.batch(at: positions.map { indices[$0] })
    }
}

extension Dataset {
    /// The dataset cut at random into a training part and a validation part holding
    /// `validationFraction` of the samples (rounded), drawn from a generator seeded with `seed`.
    ///
    /// ```swift
    /// let (training, validation) = fullTrainingSet.split(validationFraction: 0.1, seed: 1)
    /// ```
    public func split(validationFraction: Double, seed: UInt64 = 0) -> (training: DatasetSubset, validation: DatasetSubset) {
        require(validationFraction >= 0 && validationFraction <= 1,
                "split: validationFraction \(validationFraction) is outside [0, 1]")
        var order = Array(0..<count)
        var generator = RandomGenerator(seed: seed)
        order.shuffle(using: &generator)
        let validationCount = Int((Double(count) * validationFraction).rounded())
        return (DatasetSubset(self, indices: Array(order[validationCount...])),
                DatasetSubset(self, indices: Array(order[..<validationCount])))
    }
}
