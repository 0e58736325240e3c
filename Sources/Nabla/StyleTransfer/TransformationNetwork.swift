import Foundation

/// The feed-forward network of fast style transfer (after Johnson, Alahi and Fei-Fei, 2016): trained once
/// per style (`FastStyleTraining`), it paints any image in that style in one forward pass instead of the
/// hundreds of optimisation steps of `StyleTransfer`.
///
/// Three parts, all convolutions padded by reflection (no dark borders) and followed by instance
/// normalisation (each image normalised on its own, so the contrast of the input does not leak into the style):
/// - `encoder`: a 9×9 convolution to `channels`, then two 3×3 convolutions of stride 2 to `2·channels`
///   and `4·channels`, each with ReLU: the image at a quarter of its size;
/// - `residualBlocks`: `residualBlockCount` blocks y = x + IN(conv(ReLU(IN(conv(x))))) at that size;
/// - `decoder`: twice nearest upsampling by 2 followed by a 3×3 convolution (instead of a transposed
///   convolution, which leaves checkerboard artefacts), then a 9×9 convolution to 3 channels and a
///   sigmoid, so that the output is an image in [0, 1].
///
/// The output is cut to the input's height and width (the two halvings round up), so any image of at
/// least `minimumSide` pixels a side comes back at its own size.
///
/// ```swift
/// let network = TransformationNetwork(channels: 16, residualBlockCount: 3)
/// let styled = network(image)            // [N, 3, H, W] in [0, 1] → same shape
/// try network.write(to: URL(fileURLWithPath: "starry.safetensors"))
/// let copy = try TransformationNetwork(contentsOf: URL(fileURLWithPath: "starry.safetensors"))
/// ```
public final class TransformationNetwork: Module, Layer {
    /// The channels of the first convolution; the downsampled stages have 2× and 4× as many.
    public let channels: Int
    /// The number of residual blocks at a quarter of the image size.
    public let residualBlockCount: Int
    /// The 9×9 convolution and the two downsampling convolutions.
    public let encoder: Sequential
    /// The residual blocks.
    public let residualBlocks: Sequential
    /// The two upsampling stages and the 9×9 convolution back to 3 channels, with a sigmoid.
    public let decoder: Sequential

    /// The smallest height and width the network accepts (reflection padding needs the image larger than the pad).
    public static let minimumSide = 8

    /// The metadata key under which `write(to:)` records the architecture.
    public static let architectureKey = "nabla-style.architecture"

    /// A network with `channels` channels in its first stage and `residualBlockCount` residual blocks,
    /// its convolutions initialised from N(0, 1/n_in).
    public init(channels: Int = 16, residualBlockCount: Int = 3, dtype: DType = .float32) {
        require(channels > 0, "TransformationNetwork: channels must be positive, got \(channels)")
        require(residualBlockCount >= 0, "TransformationNetwork: the number of residual blocks must not be negative, got \(residualBlockCount)")
        self.channels = channels
        self.residualBlockCount = residualBlockCount
        let wide = 4 * channels
        encoder = Sequential {
            Self.convolution(3, channels, kernelSize: 9, dtype: dtype)
            Self.convolution(channels, 2 * channels, kernelSize: 3, stride: 2, dtype: dtype)
            Self.convolution(2 * channels, wide, kernelSize: 3, stride: 2, dtype: dtype)
        }
        residualBlocks = Sequential((0..<residualBlockCount).map { _ in
            Residual {
                Conv2d(wide, wide, kernelSize: 3, padding: 1, paddingMode: .reflect, dtype: dtype)
                InstanceNorm2d(wide, affine: true, dtype: dtype)
                ReLU()
                Conv2d(wide, wide, kernelSize: 3, padding: 1, paddingMode: .reflect, dtype: dtype)
                InstanceNorm2d(wide, affine: true, dtype: dtype)
            }
        })
        decoder = Sequential {
            Upsample2d(scale: 2)
            Self.convolution(wide, 2 * channels, kernelSize: 3, dtype: dtype)
            Upsample2d(scale: 2)
            Self.convolution(2 * channels, channels, kernelSize: 3, dtype: dtype)
            Conv2d(channels, 3, kernelSize: 9, padding: 4, paddingMode: .reflect, dtype: dtype)
            Sigmoid()
        }
        super.init()
    }

    /// Draws the convolutions' weights afresh from N(0, 1/n_in) with `generator` (for a reproducible start);
    /// biases and the normalisations' γ and β are left as they are.
    public func reinitialize(generator: inout RandomGenerator) {
        for parameter in parameters() where parameter.value.rank == 4 {
            parameter.update { $0 = Initializer.scaledNormal.tensor($0.shape, dtype: $0.dtype, generator: &generator) }
        }
    }

    /// Convolution (reflection-padded to keep the size before the stride), instance normalisation, ReLU.
    private static func convolution(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, dtype: DType) -> Sequential {
        Sequential {
            Conv2d(inChannels, outChannels, kernelSize: SpatialSize(kernelSize), stride: SpatialSize(stride),
                   padding: .explicit(SpatialSize(kernelSize / 2)), paddingMode: .reflect, dtype: dtype)
            InstanceNorm2d(outChannels, affine: true, dtype: dtype)
            ReLU()
        }
    }

    /// The styled images `[N, 3, H, W]` in [0, 1] of images `[N, 3, H, W]` in [0, 1].
    public func forward(_ input: Tensor) -> Tensor {
        require(input.rank == 4 && input.shape[1] == 3 && input.shape[2] >= Self.minimumSide && input.shape[3] >= Self.minimumSide,
                "TransformationNetwork: expects images [N, 3, H, W] with H and W at least \(Self.minimumSide), got \(input.shape)")
        let height = input.shape[2], width = input.shape[3]
        let output = decoder(residualBlocks(encoder(input)))
        guard output.shape[2] != height || output.shape[3] != width else { return output }
        return output.sliced([0..<output.shape[0], 0..<3, 0..<height, 0..<width])
    }

    /// The architecture as recorded in model files: `channels=16 residual-blocks=3`.
    public var architecture: String { "channels=\(channels) residual-blocks=\(residualBlockCount)" }

    /// Writes the parameters with the architecture in the metadata (`architectureKey`), atomically, so that
    /// `init(contentsOf:)` can rebuild the network; `metadata` adds strings of your own.
    public func write(to url: URL, metadata: [String: String] = [:]) throws {
        try save(to: url, metadata: metadata.merging([Self.architectureKey: architecture]) { _, own in own })
    }

    /// The network stored at `url` by `write(to:)`, in evaluation mode.
    ///
    /// - Throws: `TransformationNetworkFileError` for a file without a readable architecture; `SafeTensorsError`
    ///   for a file that cannot be read; `ParameterLoadError` for parameters that do not fit the architecture.
    public convenience init(contentsOf url: URL) throws {
        let (_, metadata) = try SafeTensors.read(from: url)
        guard let text = metadata[Self.architectureKey] else {
            throw TransformationNetworkFileError(file: url.path, problem: "no \(Self.architectureKey) in its metadata")
        }
        let fields = Dictionary(text.split(separator: " ").map { field -> (String, String) in
            let parts = field.split(separator: "=", maxSplits: 1)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }, uniquingKeysWith: { first, _ in first })
        guard let channels = fields["channels"].flatMap({ Int($0) }), (1...4096).contains(channels),
              let blocks = fields["residual-blocks"].flatMap({ Int($0) }), (0...256).contains(blocks) else {
            throw TransformationNetworkFileError(file: url.path, problem: "the architecture \"\(text)\" is not \"channels=C residual-blocks=B\"")
        }
        self.init(channels: channels, residualBlockCount: blocks)
        try load(from: url)
        eval()
    }
}
