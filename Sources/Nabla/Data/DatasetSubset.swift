/// A view of some samples of another dataset, by index (like PyTorch's `Subset`).
public struct DatasetSubset: Dataset {
    /// The dataset the samples come from.
    public let base: any Dataset
    /// The base dataset's indices of the samples in this subset, in order.
    public let indices: [Int]

    /// The samples of `base` at `indices`, in that order. Stops with a message if an index is outside `base`.
    public init(_ base: any Dataset, indices: [Int]) {
        for index in indices where index < 0 || index >= base.count {
            fatalError("DatasetSubset: index \(index) is outside 0..<\(base.count)")
        }
        self.base = base
        self.indices = indices
    }

    /// The number of samples.
    public var count: Int { indices.count }

    /// The sample at `index`: its input and target.
    public func sample(at index: Int) -> (input: Tensor, target: Tensor) { base.sample(at: indices[index]) }

    /// The samples at the given positions, stacked along a new first axis.
    public func batch(at positions: [Int]) -> (inputs: Tensor, targets: Tensor) {
        base.batch(at: positions.map { indices[$0] })
    }
}
