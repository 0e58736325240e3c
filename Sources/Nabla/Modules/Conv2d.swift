/// A 2-d convolutional layer on images `[N, inChannels, H, W]`, giving `[N, outChannels, H_out, W_out]`
/// with H_out = (H + 2P - D(kH - 1) - 1)/S + 1 (likewise W_out): each output channel is a learned
/// `kH × kW` kernel slid over the input channels, plus a bias (`Tensor.convolution2d`).
///
/// The weight is `[outChannels, inChannels / groups, kH, kW]`, PyTorch's layout, so weights move between
/// the two unchanged; the bias is `[outChannels]`.
///
/// ```swift
/// let layer = Conv2d(1, 20, kernelSize: 5)           // 5·5·20 + 20 = 520 parameters
/// let y = layer(Tensor.zeros([64, 1, 28, 28]))      // [64, 20, 24, 24]
/// let same = Conv2d(32, 64, kernelSize: 5, padding: .same)
/// ```
public final class Conv2d: Module, Layer {
    /// The kernels, `[outChannels, inChannels / groups, kH, kW]`.
    @Parameter public var weight: Tensor
    /// The bias `[outChannels]`, or `nil` without bias (named `bias` among the parameters).
    private let _bias: Parameter?

    /// Channels of the input images.
    public let inChannels: Int
    /// Channels of the output, one per kernel.
    public let outChannels: Int
    /// The kernel's height and width.
    public let kernelSize: SpatialSize
    /// How far the kernel moves between outputs, down and across.
    public let stride: SpatialSize
    /// The border added around the input.
    public let padding: ConvolutionPadding
    /// What fills that border: zeros (the default), the image's mirror image, or its edge pixels
    /// (PyTorch's `padding_mode`).
    public let paddingMode: PaddingMode
    /// The spacing between the kernel's taps (1: adjacent pixels).
    public let dilation: SpatialSize
    /// The number of independent channel groups (`inChannels` for a depthwise convolution).
    public let groups: Int

    /// A layer from `inChannels` to `outChannels` channels with kernels of `kernelSize`, its weights drawn
    /// from `weightInitializer` (default: the notes' N(0, 1/n_in), n_in = (inChannels / groups)·kH·kW) and
    /// its bias from `biasInitializer` (default: zeros). `paddingMode` fills the padding with zeros, the
    /// image's mirror image (`.reflect`, the choice of style-transfer networks) or its edge pixels.
    public init(
        _ inChannels: Int, _ outChannels: Int, kernelSize: SpatialSize, stride: SpatialSize = 1, padding: ConvolutionPadding = 0,
        paddingMode: PaddingMode = .zeros, dilation: SpatialSize = 1, groups: Int = 1, bias: Bool = true,
        weightInitializer: Initializer = .scaledNormal, biasInitializer: Initializer = .zeros, dtype: DType = .float32
    ) {
        let name = "Conv2d(\(inChannels) → \(outChannels), kernelSize: \(kernelSize))"
        Self.requireValidSettings(name: name, inChannels: inChannels, outChannels: outChannels, kernelSize: kernelSize, stride: stride,
                                  dilation: dilation, groups: groups)
        require(padding != .same || stride == 1, "\(name): padding .same needs stride 1, got stride \(stride)")
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        self.paddingMode = paddingMode
        self.dilation = dilation
        self.groups = groups
        _weight = Parameter(weightInitializer.tensor([outChannels, inChannels / groups, kernelSize.height, kernelSize.width], dtype: dtype))
        _bias = bias ? Parameter(biasInitializer.tensor([outChannels], dtype: dtype)) : nil
        super.init()
    }

    /// The bias, or `nil` for a layer without bias.
    public var bias: Tensor? { _bias?.value }

    /// The bias parameter object, or `nil`.
    public var biasParameter: Parameter? { _bias }

    /// The convolution of images `[N, inChannels, H, W]` with the kernels, plus the bias.
    public func forward(_ input: Tensor) -> Tensor {
        require(input.rank == 4 && input.shape[1] == inChannels, "\(self) expects images [N, \(inChannels), H, W], got \(input.shape)")
        guard paddingMode != .zeros else {
            return input.convolution2d(weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups,
                                       caller: "\(self)")
        }
        let pads = padding.amounts(kernel: kernelSize, dilation: dilation)
        let bordered = input.padded([(0, 0), (0, 0), (pads[0], pads[1]), (pads[2], pads[3])], mode: paddingMode, caller: "\(self)")
        return bordered.convolution2d(weight: weight, bias: bias, stride: stride, padding: 0, dilation: dilation, groups: groups, caller: "\(self)")
    }

    /// Stops with a message naming the layer `name` unless the channel counts, groups, kernel size, stride
    /// and dilation fit together (shared with `ConvTranspose2d`).
    static func requireValidSettings(
        name: String, inChannels: Int, outChannels: Int, kernelSize: SpatialSize, stride: SpatialSize, dilation: SpatialSize, groups: Int
    ) {
        require(inChannels > 0 && outChannels > 0, "\(name): channel counts must be positive")
        require(groups >= 1 && inChannels % groups == 0 && outChannels % groups == 0,
                "\(name): groups = \(groups) must divide the input channels (\(inChannels)) and the output channels (\(outChannels))")
        require(kernelSize.height >= 1 && kernelSize.width >= 1 && stride.height >= 1 && stride.width >= 1
                && dilation.height >= 1 && dilation.width >= 1, "\(name): kernel size, stride (\(stride)) and dilation (\(dilation)) must be positive")
    }

    /// `"Conv2d"`, the name summaries show.
    override public var typeName: String { "Conv2d" }
}

extension Conv2d: CustomStringConvertible {
    /// `Conv2d(1 → 20, kernelSize: 5, stride: 2, padding: same)`, the settings that differ from the defaults.
    public var description: String {
        var settings = ["kernelSize: \(kernelSize)"]
        if stride != 1 { settings.append("stride: \(stride)") }
        if padding != 0 { settings.append("padding: \(padding)") }
        if paddingMode != .zeros { settings.append("paddingMode: \(paddingMode)") }
        if dilation != 1 { settings.append("dilation: \(dilation)") }
        if groups != 1 { settings.append("groups: \(groups)") }
        if _bias == nil { settings.append("no bias") }
        return "Conv2d(\(inChannels) → \(outChannels), \(settings.joined(separator: ", ")))"
    }
}
