/// A residual block (the notes' skip connection, He et al.'s ResNet): the input is added to what the
/// body computes from it, y = F(x) + x, so the body only has to learn the difference from identity and
/// gradients reach early layers through the sum unchanged.
///
/// When the body changes the shape (more channels, a stride), the input goes through a projection
/// first, y = F(x) + P(x): give it explicitly, or use `init(inChannels:outChannels:stride:)`, which adds
/// a 1×1 convolution and batch normalisation exactly when the shapes differ.
///
/// ```swift
/// let block = Residual(inChannels: 32, outChannels: 64, stride: 2) {
///     Conv2d(32, 64, kernelSize: 3, stride: 2, padding: 1, bias: false)
///     BatchNorm2d(64)
///     ReLU()
///     Conv2d(64, 64, kernelSize: 3, padding: 1, bias: false)
///     BatchNorm2d(64)
/// }
/// ```
public final class Residual: Module, Layer {
    /// F, the layers the input runs through.
    public let body: Sequential
    /// P, applied to the input before the sum, or `nil` for the identity.
    public let projection: Sequential?

    /// A block y = body(x) + projection(x), the projection being the identity when `nil`.
    public init(projection: Sequential? = nil, @LayerBuilder _ body: () -> [any Layer]) {
        self.body = Sequential(body())
        self.projection = projection
        super.init()
    }

    /// A block for images `[N, C, H, W]` whose body goes from `inChannels` to `outChannels` channels with
    /// the given stride: the input is projected by a 1×1 convolution with that stride and batch
    /// normalisation when the channels or the stride differ, and passed unchanged otherwise.
    public convenience init(inChannels: Int, outChannels: Int, stride: Int = 1, dtype: DType = .float32, @LayerBuilder _ body: () -> [any Layer]) {
        let projection = inChannels == outChannels && stride == 1 ? nil : Sequential {
            Conv2d(inChannels, outChannels, kernelSize: 1, stride: SpatialSize(stride), bias: false, weightInitializer: .heUniform, dtype: dtype)
            BatchNorm2d(outChannels, dtype: dtype)
        }
        self.init(projection: projection, body)
    }

    /// body(x) + projection(x).
    public func forward(_ input: Tensor) -> Tensor {
        let residual = body(input)
        let shortcut = projection.map { $0(input) } ?? input
        require(residual.shape == shortcut.shape,
                "Residual: the body gives \(residual.shape) but the shortcut gives \(shortcut.shape) for input \(input.shape); give a projection that maps the input to the body's shape (or use init(inChannels:outChannels:stride:))")
        return residual + shortcut
    }
}
