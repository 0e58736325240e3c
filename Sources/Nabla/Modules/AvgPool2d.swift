/// Average pooling of images `[N, C, H, W]`: the mean of each window, padding counted as zeros (PyTorch's
/// default), giving `[N, C, H_out, W_out]` with H_out = (H + 2P - kH)/S + 1 (likewise W_out); the stride
/// defaults to the window size.
///
/// ```swift
/// let pool = AvgPool2d(kernelSize: 2)               // halves the height and width
/// let y = pool(Tensor.zeros([64, 20, 24, 24]))   // [64, 20, 12, 12]
/// ```
public final class AvgPool2d: Pooling2d {
    /// Windows of `kernelSize`, moved by `stride` (default `kernelSize`), over the input padded by `padding`.
    public init(kernelSize: SpatialSize, stride: SpatialSize? = nil, padding: SpatialSize = 0) {
        super.init(.average, name: "AvgPool2d", kernelSize: kernelSize, stride: stride, padding: padding)
    }
}
