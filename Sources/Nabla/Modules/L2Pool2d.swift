/// L2 pooling of images `[N, C, H, W]`: the square root of each window's sum of squares, √(Σ x²) (the
/// notes' L2 pooling), giving `[N, C, H_out, W_out]` with H_out = ⌊(H + 2P - kH)/S⌋ + 1 (likewise W_out;
/// rounded up with `ceilMode`); the stride defaults to the window size.
///
/// ```swift
/// let pool = L2Pool2d(kernelSize: 2)               // halves the height and width
/// let y = pool(Tensor.zeros([64, 20, 24, 24]))   // [64, 20, 12, 12]
/// ```
public final class L2Pool2d: Pooling2d {
    /// Windows of `kernelSize`, moved by `stride` (default `kernelSize`), over the input padded by `padding`;
    /// `ceilMode` rounds the output size up.
    public init(kernelSize: SpatialSize, stride: SpatialSize? = nil, padding: SpatialSize = 0, ceilMode: Bool = false) {
        super.init(.l2, name: "L2Pool2d", kernelSize: kernelSize, stride: stride, padding: padding, ceilMode: ceilMode)
    }
}
