/// Average pooling of images `[N, C, H, W]`: the mean of each window, giving `[N, C, H_out, W_out]` with
/// H_out = ⌊(H + 2P - kH)/S⌋ + 1 (likewise W_out; rounded up with `ceilMode`); the stride defaults to the
/// window size. Padding counts as zeros (PyTorch's default) unless `countIncludePad` is `false`, when
/// each window's sum is divided by the number of real pixels in it.
///
/// ```swift
/// let pool = AvgPool2d(kernelSize: 2)               // halves the height and width
/// let y = pool(Tensor.zeros([64, 20, 24, 24]))   // [64, 20, 12, 12]
/// let edges = AvgPool2d(kernelSize: 3, stride: 1, padding: 1, countIncludePad: false)   // border means of real pixels only
/// ```
public final class AvgPool2d: Pooling2d {
    /// Whether padding counts as zeros in each window's mean (default `true`), or is left out of it.
    public var countIncludePad: Bool { countsPadding }

    /// Windows of `kernelSize`, moved by `stride` (default `kernelSize`), over the input padded by `padding`;
    /// `ceilMode` rounds the output size up, `countIncludePad` says whether padding counts in the mean.
    public init(kernelSize: SpatialSize, stride: SpatialSize? = nil, padding: SpatialSize = 0, ceilMode: Bool = false,
                countIncludePad: Bool = true) {
        super.init(.average, name: "AvgPool2d", kernelSize: kernelSize, stride: stride, padding: padding, ceilMode: ceilMode,
                   countsPadding: countIncludePad)
    }
}
