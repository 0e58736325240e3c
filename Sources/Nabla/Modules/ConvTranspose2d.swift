/// A 2-d transposed convolution layer on images `[N, inChannels, H, W]`, giving `[N, outChannels, H_out,
/// W_out]` with H_out = (H - 1)·S - 2P + D(kH - 1) + P_out + 1 (likewise W_out): every input pixel spreads
/// a learned `kH × kW` kernel over the output, plus a bias (`Tensor.transposedConvolution2d`). With stride
/// 2 it doubles the image size, the learned upsampling of decoders and style-transfer networks.
///
/// The weight is `[inChannels, outChannels / groups, kH, kW]`, PyTorch's layout for `ConvTranspose2d`, so
/// weights move between the two unchanged; the bias is `[outChannels]`.
///
/// ```swift
/// let up = ConvTranspose2d(64, 32, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1)
/// let y = up(Tensor.zeros([8, 64, 32, 32]))   // [8, 32, 64, 64]; 64·32·3·3 + 32 = 18,464 parameters
/// ```
public final class ConvTranspose2d: Module, Layer {
    /// The kernels, `[inChannels, outChannels / groups, kH, kW]`.
    @Parameter public var weight: Tensor
    /// The bias `[outChannels]`, or `nil` without bias (named `bias` among the parameters).
    private let _bias: Parameter?

    /// Channels of the input images.
    public let inChannels: Int
    /// Channels of the output.
    public let outChannels: Int
    /// The kernel's height and width.
    public let kernelSize: SpatialSize
    /// How far apart the kernels of neighbouring input pixels land in the output, down and across.
    public let stride: SpatialSize
    /// Rows and columns cut from each side of the result (the padding of the convolution this one transposes).
    public let padding: SpatialSize
    /// Rows and columns added at the bottom and right of the result, smaller than the stride or the dilation.
    public let outputPadding: SpatialSize
    /// The spacing between the kernel's taps (1: adjacent pixels).
    public let dilation: SpatialSize
    /// The number of independent channel groups.
    public let groups: Int

    /// A layer from `inChannels` to `outChannels` channels with kernels of `kernelSize`, its weights drawn
    /// from `weightInitializer` (default: N(0, 1/n) with n = (outChannels / groups)·kH·kW, the fan-in that
    /// PyTorch, too, reads from this weight's shape) and its bias from `biasInitializer` (default: zeros).
    public init(
        _ inChannels: Int, _ outChannels: Int, kernelSize: SpatialSize, stride: SpatialSize = 1, padding: SpatialSize = 0,
        outputPadding: SpatialSize = 0, dilation: SpatialSize = 1, groups: Int = 1, bias: Bool = true,
        weightInitializer: Initializer = .scaledNormal, biasInitializer: Initializer = .zeros, dtype: DType = .float32
    ) {
        let name = "ConvTranspose2d(\(inChannels) → \(outChannels), kernelSize: \(kernelSize))"
        Conv2d.requireValidSettings(name: name, inChannels: inChannels, outChannels: outChannels, kernelSize: kernelSize, stride: stride,
                                    dilation: dilation, groups: groups)
        require(padding.height >= 0 && padding.width >= 0, "\(name): padding must not be negative, got \(padding)")
        require(outputPadding.height >= 0 && outputPadding.width >= 0
                && (outputPadding.height < stride.height || outputPadding.height < dilation.height)
                && (outputPadding.width < stride.width || outputPadding.width < dilation.width),
                "\(name): the output padding (\(outputPadding)) must be smaller than the stride (\(stride)) or the dilation (\(dilation))")
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        self.outputPadding = outputPadding
        self.dilation = dilation
        self.groups = groups
        _weight = Parameter(weightInitializer.tensor([inChannels, outChannels / groups, kernelSize.height, kernelSize.width], dtype: dtype))
        _bias = bias ? Parameter(biasInitializer.tensor([outChannels], dtype: dtype)) : nil
        super.init()
    }

    /// The bias, or `nil` for a layer without bias.
    public var bias: Tensor? { _bias?.value }

    /// The bias parameter object, or `nil`.
    public var biasParameter: Parameter? { _bias }

    /// The transposed convolution of images `[N, inChannels, H, W]` with the kernels, plus the bias.
    public func forward(_ input: Tensor) -> Tensor {
        require(input.rank == 4 && input.shape[1] == inChannels, "\(self) expects images [N, \(inChannels), H, W], got \(input.shape)")
        return input.transposedConvolution2d(weight: weight, bias: bias, stride: stride, padding: padding, outputPadding: outputPadding,
                                             dilation: dilation, groups: groups, caller: "\(self)")
    }

    /// `"ConvTranspose2d"`, the name summaries show.
    override public var typeName: String { "ConvTranspose2d" }
}

extension ConvTranspose2d: CustomStringConvertible {
    /// `ConvTranspose2d(64 → 32, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1)`, the settings that
    /// differ from the defaults.
    public var description: String {
        var settings = ["kernelSize: \(kernelSize)"]
        if stride != 1 { settings.append("stride: \(stride)") }
        if padding != 0 { settings.append("padding: \(padding)") }
        if outputPadding != 0 { settings.append("outputPadding: \(outputPadding)") }
        if dilation != 1 { settings.append("dilation: \(dilation)") }
        if groups != 1 { settings.append("groups: \(groups)") }
        if _bias == nil { settings.append("no bias") }
        return "ConvTranspose2d(\(inChannels) → \(outChannels), \(settings.joined(separator: ", ")))"
    }
}
