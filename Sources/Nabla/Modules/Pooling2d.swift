/// What the three pooling layers share: a window of `kernelSize` moved by `stride` over images
/// `[N, C, H, W]` padded by `padding`, each window reduced to one value by the layer's `PoolingKind`.
/// H_out = (H + 2P - kH)/S + 1, likewise W_out. Use `MaxPool2d`, `AvgPool2d` or `L2Pool2d`.
public class Pooling2d: Module, Layer {
    /// How each window becomes one value.
    public let kind: PoolingKind
    /// The window's height and width.
    public let kernelSize: SpatialSize
    /// How far the window moves between outputs (by default its own size: windows do not overlap).
    public let stride: SpatialSize
    /// Rows and columns of padding on each side, at most half the window.
    public let padding: SpatialSize

    init(_ kind: PoolingKind, name: String, kernelSize: SpatialSize, stride: SpatialSize?, padding: SpatialSize) {
        require(kernelSize.height >= 1 && kernelSize.width >= 1 && (stride.map { $0.height >= 1 && $0.width >= 1 } ?? true),
                "\(name): kernel size (\(kernelSize)) and stride (\(stride ?? kernelSize)) must be positive")
        self.kind = kind
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
        super.init()
    }

    /// The pooled images.
    public func forward(_ input: Tensor) -> Tensor {
        input.pooled(kind, kernelSize: kernelSize, stride: stride, padding: padding, caller: "\(self)")
    }
}

extension Pooling2d: CustomStringConvertible {
    /// `MaxPool2d(kernelSize: 3, stride: 2, padding: 1)`, the settings that differ from the defaults.
    public var description: String {
        var settings = ["kernelSize: \(kernelSize)"]
        if stride != kernelSize { settings.append("stride: \(stride)") }
        if padding != 0 { settings.append("padding: \(padding)") }
        return "\(typeName)(\(settings.joined(separator: ", ")))"
    }
}
