/// A 1-d convolutional layer on sequences `[N, inChannels, L]`, giving `[N, outChannels, L_out]` with
/// L_out = (L + 2P - D(k - 1) - 1)/S + 1 (`Tensor.convolution1d`, the 2-d convolution on images one row
/// high).
///
/// The weight is `[outChannels, inChannels / groups, kernelSize]`, PyTorch's layout; the bias
/// `[outChannels]`.
///
/// ```swift
/// let layer = Conv1d(8, 16, kernelSize: 3, padding: .same)
/// let y = layer(Tensor.zeros([4, 8, 100]))            // [4, 16, 100]
/// ```
public final class Conv1d: Module, Layer {
    /// The kernels, `[outChannels, inChannels / groups, kernelSize]`.
    @Parameter public var weight: Tensor
    /// The bias `[outChannels]`, or `nil` without bias (named `bias` among the parameters).
    private let _bias: Parameter?

    /// Channels of the input sequences.
    public let inChannels: Int
    /// Channels of the output, one per kernel.
    public let outChannels: Int
    /// The kernel's length.
    public let kernelSize: Int
    /// How far the kernel moves between outputs.
    public let stride: Int
    /// The zeros added at both ends (only the width of an explicit padding is used).
    public let padding: ConvolutionPadding
    /// The spacing between the kernel's taps (1: adjacent positions).
    public let dilation: Int
    /// The number of independent channel groups.
    public let groups: Int

    /// A layer from `inChannels` to `outChannels` channels with kernels of `kernelSize`, its weights drawn
    /// from `weightInitializer` (default: the notes' N(0, 1/n_in), n_in = (inChannels / groups)·kernelSize)
    /// and its bias from `biasInitializer` (default: zeros).
    public init(
        _ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: ConvolutionPadding = 0,
        dilation: Int = 1, groups: Int = 1, bias: Bool = true,
        weightInitializer: Initializer = .scaledNormal, biasInitializer: Initializer = .zeros, dtype: DType = .float32
    ) {
        let name = "Conv1d(\(inChannels) → \(outChannels), kernelSize: \(kernelSize))"
        require(inChannels > 0 && outChannels > 0, "\(name): channel counts must be positive")
        require(groups >= 1 && inChannels % groups == 0 && outChannels % groups == 0,
                "\(name): groups = \(groups) must divide the input channels (\(inChannels)) and the output channels (\(outChannels))")
        require(kernelSize >= 1 && stride >= 1 && dilation >= 1, "\(name): kernel size, stride (\(stride)) and dilation (\(dilation)) must be positive")
        require(padding != .same || stride == 1, "\(name): padding .same needs stride 1, got stride \(stride)")
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.groups = groups
        _weight = Parameter(weightInitializer.tensor([outChannels, inChannels / groups, kernelSize], dtype: dtype))
        _bias = bias ? Parameter(biasInitializer.tensor([outChannels], dtype: dtype)) : nil
        super.init()
    }

    /// The bias, or `nil` for a layer without bias.
    public var bias: Tensor? { _bias?.value }

    /// The bias parameter object, or `nil`.
    public var biasParameter: Parameter? { _bias }

    /// The convolution of sequences `[N, inChannels, L]` with the kernels, plus the bias.
    public func forward(_ input: Tensor) -> Tensor {
        require(input.rank == 3 && input.shape[1] == inChannels, "\(self) expects sequences [N, \(inChannels), L], got \(input.shape)")
        return input.convolution1d(weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups,
                                   caller: "\(self)")
    }

    /// `"Conv1d"`, the name summaries show.
    override public var typeName: String { "Conv1d" }
}

extension Conv1d: CustomStringConvertible {
    /// `Conv1d(8 → 16, kernelSize: 3, padding: same)`, the settings that differ from the defaults.
    public var description: String {
        var settings = ["kernelSize: \(kernelSize)"]
        if stride != 1 { settings.append("stride: \(stride)") }
        if padding != 0 { settings.append("padding: \(padding)") }
        if dilation != 1 { settings.append("dilation: \(dilation)") }
        if groups != 1 { settings.append("groups: \(groups)") }
        if _bias == nil { settings.append("no bias") }
        return "Conv1d(\(inChannels) → \(outChannels), \(settings.joined(separator: ", ")))"
    }
}
