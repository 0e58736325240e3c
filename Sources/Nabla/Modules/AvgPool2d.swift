/// Average pooling of images `[N, C, H, W]`: the mean of each window, padding counted as zeros (PyTorch's
/// default), giving `[N, C, H_out, W_out]` with H_out = (H + 2P - kH)/S + 1 (likewise W_out); the stride
/// defaults to the window size.
///
/// ```swift
/// let pool = AvgPool2d(kernelSize: 2)               // halves the height and width
/// let y = pool(Tensor.zeros([64, 20, 24, 24]))   // [64, 20, 12, 12]
/// ```
public final class AvgPool2d: Module, Layer {
    /// The window's height and width.
    public let kernelSize: SpatialSize
    /// How far the window moves between outputs (by default its own size: windows do not overlap).
    public let stride: SpatialSize
    /// Rows and columns of padding on each side, at most half the window.
    public let padding: SpatialSize

    /// Windows of `kernelSize`, moved by `stride` (default `kernelSize`), over the input padded by `padding`.
    public init(kernelSize: SpatialSize, stride: SpatialSize? = nil, padding: SpatialSize = 0) {
        require(kernelSize.height >= 1 && kernelSize.width >= 1 && (stride.map { $0.height >= 1 && $0.width >= 1 } ?? true),
                "AvgPool2d: kernel size (\(kernelSize)) and stride (\(stride ?? kernelSize)) must be positive")
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
        super.init()
    }

    /// The pooled images.
    public func forward(_ input: Tensor) -> Tensor {
        input.pooled(.average, kernelSize: kernelSize, stride: stride, padding: padding, caller: "\(self)")
    }
}

extension AvgPool2d: CustomStringConvertible {
    /// `AvgPool2d(kernelSize: 3, stride: 2, padding: 1)`, the settings that differ from the defaults.
    public var description: String {
        var settings = ["kernelSize: \(kernelSize)"]
        if stride != kernelSize { settings.append("stride: \(stride)") }
        if padding != 0 { settings.append("padding: \(padding)") }
        return "AvgPool2d(\(settings.joined(separator: ", ")))"
    }
}
