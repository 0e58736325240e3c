/// Merges all dimensions from `startAxis` on into one: `[N, 28, 28]` → `[N, 784]`.
public final class Flatten: Module, Layer {
    /// The first axis merged (default 1, so the batch dimension is kept).
    public let startAxis: Int

    /// Keeps the dimensions before `startAxis` (by default the batch dimension).
    public init(startAxis: Int = 1) {
        self.startAxis = startAxis
        super.init()
    }

    /// The input with the axes from `startAxis` on merged into one.
    public func forward(_ input: Tensor) -> Tensor {
        require(input.rank > startAxis, "Flatten(startAxis: \(startAxis)) expects at least \(startAxis + 1) dimensions, got \(input.shape)")
        return input.flattened(from: startAxis)
    }
}
