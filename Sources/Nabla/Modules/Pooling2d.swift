/// What the three pooling layers share: a window of `kernelSize` moved by `stride` over images
/// `[N, C, H, W]` padded by `padding`, each window reduced to one value by the layer's `PoolingKind`.
/// H_out = ⌊(H + 2P - kH)/S⌋ + 1, likewise W_out, or rounded up with `ceilMode` (see `Tensor.maxPool2d`).
/// Use `MaxPool2d`, `AvgPool2d` or `L2Pool2d`.
public class Pooling2d: Module, Layer {
    /// How each window becomes one value.
    public let kind: PoolingKind
    /// The window's height and width.
    public let kernelSize: SpatialSize
    /// How far the window moves between outputs (by default its own size: windows do not overlap).
    public let stride: SpatialSize
    /// Rows and columns of padding on each side, at most half the window.
    public let padding: SpatialSize
    /// Whether the output size is rounded up, so that rows and columns the stride would leave out fall into
    /// a last, smaller window (PyTorch's `ceil_mode`; default `false`).
    public let ceilMode: Bool
    /// Average pooling: whether padding counts as zeros in each window's mean; `true` for the other kinds.
    let countsPadding: Bool

    init(_ kind: PoolingKind, name: String, kernelSize: SpatialSize, stride: SpatialSize?, padding: SpatialSize, ceilMode: Bool,
         countsPadding: Bool = true) {
        require(kernelSize.height >= 1 && kernelSize.width >= 1 && (stride.map { $0.height >= 1 && $0.width >= 1 } ?? true),
                "\(name): kernel size (\(kernelSize)) and stride (\(stride ?? kernelSize)) must be positive")
        self.kind = kind
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
        self.ceilMode = ceilMode
        self.countsPadding = countsPadding
        super.init()
    }

    /// The pooled images.
    public func forward(_ input: Tensor) -> Tensor {
        input.pooled(kind, kernelSize: kernelSize, stride: stride, padding: padding, ceilMode: ceilMode, countIncludePad: countsPadding,
                     caller: "\(self)")
    }
}

extension Pooling2d: CustomStringConvertible {
    /// `MaxPool2d(kernelSize: 3, stride: 2, padding: 1, ceilMode: true)`, the settings that differ from the defaults.
    public var description: String {
        var settings = ["kernelSize: \(kernelSize)"]
        if stride != kernelSize { settings.append("stride: \(stride)") }
        if padding != 0 { settings.append("padding: \(padding)") }
        if ceilMode { settings.append("ceilMode: true") }
        if !countsPadding { settings.append("countIncludePad: false") }
        return "\(typeName)(\(settings.joined(separator: ", ")))"
    }
}
