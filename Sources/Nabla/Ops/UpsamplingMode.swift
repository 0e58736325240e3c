/// How `Tensor.upsampled` and `Upsample2d` compute the pixels of the larger image.
public enum UpsamplingMode: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Each output pixel copies the input pixel it falls in: output row o reads input row ⌊o · H / H_out⌋
    /// (likewise for columns), so a factor of 2 repeats every pixel in a 2 × 2 block.
    case nearest
    /// Each output pixel mixes the four input pixels around its centre, mapped back to the input as
    /// (o + ½) · H / H_out - ½ (PyTorch's `align_corners=False`), weighted by their distances.
    case bilinear

    /// `nearest` or `bilinear`.
    public var description: String { rawValue }
}
