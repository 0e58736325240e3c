/// Max pooling of images `[N, C, H, W]`: the largest value of each window, giving `[N, C, H_out, W_out]`
/// with H_out = ⌊(H + 2P - kH)/S⌋ + 1 (likewise W_out; rounded up with `ceilMode`); the stride defaults to
/// the window size. The gradient goes to the position of each window's maximum, kept from the forward
/// pass (as in PyTorch).
///
/// ```swift
/// let pool = MaxPool2d(kernelSize: 2)               // halves the height and width
/// let y = pool(Tensor.zeros([64, 20, 24, 24]))   // [64, 20, 12, 12]
/// ```
public final class MaxPool2d: Pooling2d {
    /// Windows of `kernelSize`, moved by `stride` (default `kernelSize`), over the input padded by `padding`;
    /// `ceilMode` rounds the output size up.
    public init(kernelSize: SpatialSize, stride: SpatialSize? = nil, padding: SpatialSize = 0, ceilMode: Bool = false) {
        super.init(.max, name: "MaxPool2d", kernelSize: kernelSize, stride: stride, padding: padding, ceilMode: ceilMode)
    }
}
