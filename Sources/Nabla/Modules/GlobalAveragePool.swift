/// Global average pooling: the mean of each channel over all positions, images `[N, C, H, W]` → `[N, C]`,
/// the usual bridge from the last convolution to a classifier (`Tensor.globalAveragePool`).
///
/// ```swift
/// let pool = GlobalAveragePool()
/// let y = pool(Tensor.zeros([64, 128, 7, 7]))   // [64, 128]
/// ```
public final class GlobalAveragePool: Module, Layer {
    /// The layer has no settings.
    override public init() {
        super.init()
    }

    /// The mean of each channel of each image.
    public func forward(_ input: Tensor) -> Tensor {
        input.globalAveragePool(caller: "GlobalAveragePool")
    }
}
