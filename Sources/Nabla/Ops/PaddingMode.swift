/// What fills the border that `Tensor.padded(_:mode:)` and the padding layers (`ReflectionPad2d`,
/// `ReplicationPad2d`, `ZeroPad2d`) add around an image. Along one axis holding [1, 2, 3], two positions
/// on each side give:
///
/// - `zeros`: [0, 0, 1, 2, 3, 0, 0]
/// - `reflect`: [3, 2, 1, 2, 3, 2, 1], the image mirrored at its edge pixel, which is not repeated
/// - `replicate`: [1, 1, 1, 2, 3, 3, 3], the edge pixel repeated
public enum PaddingMode: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Zeros around the image.
    case zeros
    /// The image mirrored at its edge pixel (at most size - 1 positions per side).
    case reflect
    /// The edge pixel repeated.
    case replicate

    /// `zeros`, `reflect` or `replicate`.
    public var description: String { rawValue }
}
