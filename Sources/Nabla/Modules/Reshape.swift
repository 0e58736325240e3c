/// Gives each sample a new shape, keeping the batch dimension: `Reshape([1, 28, 28])` turns the
/// `[N, 28, 28]` images of a data set into the `[N, 1, 28, 28]` that `Conv2d` expects.
public final class Reshape: Module, Layer {
    /// The shape of one sample after the layer (one entry may be -1: the size that keeps the count).
    public let sampleShape: [Int]

    /// A layer that reshapes each sample to `sampleShape`.
    public init(_ sampleShape: [Int]) {
        require(sampleShape.filter { $0 == -1 }.count <= 1 && sampleShape.allSatisfy { $0 > 0 || $0 == -1 },
                "Reshape: \(sampleShape) must be positive sizes, with at most one -1")
        self.sampleShape = sampleShape
        super.init()
    }

    /// The input `[N, ...]` as `[N] + sampleShape`.
    public func forward(_ input: Tensor) -> Tensor {
        require(input.rank >= 1, "Reshape(\(sampleShape)) expects a batch [N, ...], got a scalar")
        let known = sampleShape.filter { $0 > 0 }.reduce(1, *), perSample = input.shape.dropFirst().reduce(1, *)
        require(sampleShape.contains(-1) ? known > 0 && perSample % known == 0 : known == perSample,
                "Reshape(\(sampleShape)) cannot hold samples of shape \(Array(input.shape.dropFirst())) (\(perSample) values each)")
        return input.reshaped([input.shape[0]] + sampleShape)
    }
}
