/// A collection of training samples, each an input tensor and a target tensor, addressed by index.
///
/// In-memory datasets implement `batch(at:)` directly (a gather along the first axis); others get it
/// from `sample(at:)` by stacking.
public protocol Dataset {
    /// The number of samples.
    var count: Int { get }
    /// The sample at `index`: its input (e.g. `[28, 28]`) and target (e.g. a scalar label).
    func sample(at index: Int) -> (input: Tensor, target: Tensor)
    /// The samples at `indices`, stacked along a new first axis.
    func batch(at indices: [Int]) -> (inputs: Tensor, targets: Tensor)
}

extension Dataset {
    /// The default: `sample(at:)` for each index, inputs and targets each stacked along a new first axis.
    public func batch(at indices: [Int]) -> (inputs: Tensor, targets: Tensor) {
        let samples = indices.map { sample(at: $0) }
        return (Tensor.stack(samples.map(\.input)), Tensor.stack(samples.map(\.target)))
    }
}

/// A dataset held as two tensors whose first dimension indexes the samples: inputs `[N, ...]` and
/// targets `[N, ...]` (e.g. labels `[N]`).
public struct TensorDataset: Dataset, Sendable {
    /// The inputs `[N, ...]`: sample i is `inputs[i]`.
    public let inputs: Tensor
    /// The targets `[N, ...]` (e.g. labels `[N]`): sample i's target is `targets[i]`.
    public let targets: Tensor

    /// Pairs `inputs` and `targets`, which must have the same number of samples.
    public init(inputs: Tensor, targets: Tensor) {
        require(inputs.rank > 0 && targets.rank > 0 && inputs.shape[0] == targets.shape[0],
                "TensorDataset: inputs \(inputs.shape) and targets \(targets.shape) must have the same first dimension")
        self.inputs = inputs
        self.targets = targets
    }

    /// The number of samples.
    public var count: Int { inputs.shape[0] }

    /// The sample at `index`: its input and target.
    public func sample(at index: Int) -> (input: Tensor, target: Tensor) {
        (inputs[index], targets[index])
    }

    /// The samples at the given positions, stacked along a new first axis.
    public func batch(at indices: [Int]) -> (inputs: Tensor, targets: Tensor) {
        for index in indices { require(index >= 0 && index < count, "TensorDataset: sample \(index) is outside 0..<\(count)") }
        return (inputs.indexSelect(alongAxis: 0, checkedIndices: indices), targets.indexSelect(alongAxis: 0, checkedIndices: indices))
    }
}
