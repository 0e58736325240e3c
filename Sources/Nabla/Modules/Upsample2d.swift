/// Enlarges images `[N, C, H, W]` by whole factors or to a fixed size, by nearest-neighbour or bilinear
/// interpolation (`Tensor.upsampled`). It has no parameters; followed by a convolution it is the
/// upsampling of style-transfer networks that avoids the checkerboard pattern of transposed convolutions.
///
/// ```swift
/// let up = Upsample2d(scale: 2)                          // [8, 16, 32, 32] → [8, 16, 64, 64]
/// let resize = Upsample2d(size: [224, 224], mode: .bilinear)
/// ```
public final class Upsample2d: Module, Layer {
    /// The factors (height, width), or `nil` for a layer with a fixed output size.
    public let scale: SpatialSize?
    /// The output's (height, width), or `nil` for a layer with scale factors.
    public let size: SpatialSize?
    /// How the new pixels are computed.
    public let mode: UpsamplingMode

    /// A layer that multiplies the height and width by the whole factors `scale`.
    public init(scale: SpatialSize, mode: UpsamplingMode = .nearest) {
        require(scale.height >= 1 && scale.width >= 1, "Upsample2d: scale factors must be positive whole numbers, got \(scale)")
        self.scale = scale
        self.size = nil
        self.mode = mode
        super.init()
    }

    /// A layer that resamples every image to `size` (height, width).
    public init(size: SpatialSize, mode: UpsamplingMode = .nearest) {
        require(size.height >= 1 && size.width >= 1, "Upsample2d: the output size must be positive, got \(size)")
        self.scale = nil
        self.size = size
        self.mode = mode
        super.init()
    }

    /// The enlarged images.
    public func forward(_ input: Tensor) -> Tensor {
        if let scale { return input.upsampled(scale: scale, mode: mode, caller: "\(self)") }
        return input.upsampled(size: size!, mode: mode, caller: "\(self)")
    }
}

extension Upsample2d: CustomStringConvertible {
    /// `Upsample2d(scale: 2)`, `Upsample2d(size: 224, mode: bilinear)`.
    public var description: String {
        let amount = scale.map { "scale: \($0)" } ?? "size: \(size!)"
        return "Upsample2d(\(amount)\(mode == .nearest ? "" : ", mode: \(mode)"))"
    }
}
