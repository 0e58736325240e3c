import Foundation

/// The convolutional part of a VGG network (Simonyan and Zisserman, 2014) as a feature extractor for
/// style transfer: 3 × 3 convolutions with padding 1, each followed by a ReLU, and 2 × 2 max pooling
/// between blocks. The layers are numbered as in torchvision's `vgg16().features` and
/// `vgg19().features`, so a file of those weights, `features.0.weight` … `features.34.bias`, loads
/// as it is (`init(contentsOf:)`).
///
/// Features are named after the ReLU that gives them, block and position within the block:
/// `relu1_1`, `relu1_2`, `relu2_1`, … (VGG-19's `relu4_2` is `features.22`). Images go in as
/// `[N, 3, H, W]` with values in [0, 1] and are normalised with ImageNet's channel means and standard
/// deviations first, as torchvision's networks expect.
///
/// ```swift
/// let vgg = try VGGFeatures(contentsOf: URL(fileURLWithPath: "vgg19.safetensors"))
/// let maps = vgg.features(image, at: ["relu1_1", "relu4_2"])   // [String: Tensor]
/// let random = VGGFeatures.random(VGGFeatures.randomStages, seed: 1)
/// ```
public final class VGGFeatures: Module {
    /// One stage of the network: a convolution to the given number of channels (and its ReLU), or a pooling.
    public enum Stage: Equatable, Sendable {
        /// A 3 × 3 convolution with padding 1 to this many output channels, then a ReLU.
        case convolution(Int)
        /// 2 × 2 max pooling with stride 2.
        case pool
    }

    /// ImageNet's per-channel means of red, green and blue, subtracted from images in [0, 1].
    public static let imageNetMean: [Double] = [0.485, 0.456, 0.406]
    /// ImageNet's per-channel standard deviations, which images are divided by after the mean is subtracted.
    public static let imageNetStandardDeviation: [Double] = [0.229, 0.224, 0.225]

    /// The default network when no weights are given: the first three blocks of VGG with fewer channels,
    /// weights drawn at random (`random(_:seed:)`), cheap enough for a 256 × 256 image on two cores.
    public static let randomStages: [Stage] = [.convolution(32), .convolution(32), .pool, .convolution(64), .convolution(64), .pool,
                                               .convolution(128), .convolution(128), .pool, .convolution(256)]

    /// The layers, numbered as in torchvision (`features.0` the first convolution, `features.1` its ReLU, …).
    public let features: Sequential
    /// The stages the network was built from.
    public let stages: [Stage]
    /// The names of the features, in order: `relu1_1`, `relu1_2`, `relu2_1`, ….
    public let layerNames: [String]
    /// The position in `features` of the ReLU giving each named feature.
    private let reluPositions: [String: Int]

    /// A network of `stages` with weights of type `dtype` from the default initialiser (replace them with
    /// `load` or `loadParameters`, names `features.layers.0.weight` …, or use `init(contentsOf:)`).
    public init(stages: [Stage], dtype: DType = .float32) {
        var layers: [any Layer] = [], names: [String] = [], positions: [String: Int] = [:]
        var channels = 3, block = 1, position = 1
        for stage in stages {
            switch stage {
            case .convolution(let outChannels):
                require(outChannels > 0, "VGGFeatures: a convolution needs a positive number of channels, got \(outChannels)")
                layers.append(Conv2d(channels, outChannels, kernelSize: 3, padding: 1, dtype: dtype))
                layers.append(ReLU())
                let name = "relu\(block)_\(position)"
                names.append(name)
                positions[name] = layers.count - 1
                channels = outChannels
                position += 1
            case .pool:
                layers.append(MaxPool2d(kernelSize: 2))
                block += 1
                position = 1
            }
        }
        require(!names.isEmpty, "VGGFeatures: the network needs at least one convolution")
        features = Sequential(layers)
        self.stages = stages
        layerNames = names
        reluPositions = positions
        super.init()
    }

    /// A network of `stages` whose convolutions have random weights, N(0, 2/n_in) (He et al.), and zero
    /// biases, drawn from a generator seeded with `seed`: random features of growing receptive field,
    /// which keep enough of an image's layout and texture for style transfer without any training
    /// (He, Wang and Hopcroft, 2016; Ustyuzhaninov et al., ICLR 2017).
    public static func random(_ stages: [Stage], seed: UInt64, dtype: DType = .float32) -> VGGFeatures {
        let network = VGGFeatures(stages: stages, dtype: dtype)
        var generator = RandomGenerator(seed: seed)
        for layer in network.features.layers {
            guard let convolution = layer as? Conv2d else { continue }
            convolution.$weight.update { $0 = Initializer.heNormal.tensor($0.shape, dtype: dtype, generator: &generator) }
            convolution.biasParameter?.update { $0 = Tensor.zeros($0.shape, dtype: dtype) }
        }
        network.freeze()
        return network
    }

    /// Reads a VGG network's convolutional part from a safetensors file in torchvision's layout:
    /// `features.<i>.weight` `[out, in, 3, 3]` and `features.<i>.bias` `[out]`, a convolution every two
    /// indices within a block and three across a pooling (VGG-11, -13, -16 and -19 all fit, with any channel
    /// counts). Other tensors (the classifier's) are ignored. The weights are frozen.
    ///
    /// - Throws: `VGGFeaturesError` naming the file and what does not fit the layout; `SafeTensorsError`
    ///   for a file that cannot be read.
    public convenience init(contentsOf url: URL) throws {
        let (tensors, _) = try SafeTensors.read(from: url)
        let stages = try Self.stages(of: tensors, file: url.path)
        self.init(stages: stages)
        let convolutionTensors = tensors.filter { $0.key.hasPrefix("features.") }
        try loadParameters(convolutionTensors.mapValues { $0.converted(to: .float32) }, renaming: { "features.layers." + $0.dropFirst("features.".count) })
        freeze()
    }

    /// The stages that the tensors `features.<i>.weight` / `.bias` describe.
    static func stages(of tensors: [String: Tensor], file: String) throws -> [Stage] {
        func fail(_ problem: String) -> VGGFeaturesError { VGGFeaturesError(file: file, problem: problem) }
        var indices: [Int] = []
        for name in tensors.keys where name.hasPrefix("features.") {
            let parts = name.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 3, let index = Int(parts[1]), index >= 0, parts[2] == "weight" || parts[2] == "bias" else {
                throw fail("unexpected tensor \(name): expected features.<index>.weight or features.<index>.bias")
            }
            if parts[2] == "weight" { indices.append(index) }
        }
        indices.sort()
        guard let first = indices.first else { throw fail("no convolution weights features.<index>.weight found (is it a torchvision VGG file?)") }
        guard first == 0 else { throw fail("the first convolution must be features.0, found features.\(first)") }
        var stages: [Stage] = [], channels = 3, previous: Int?
        for index in indices {
            if let previous {
                switch index - previous {
                case 2: break
                case 3: stages.append(.pool)
                default: throw fail("features.\(previous) and features.\(index) are not two (same block) or three (across a pooling) apart, as in VGG")
                }
            }
            let weightShape = tensors["features.\(index).weight"]!.shape
            guard weightShape.count == 4, weightShape[1] == channels, weightShape[2] == 3, weightShape[3] == 3, weightShape[0] > 0 else {
                throw fail("features.\(index).weight has shape \(weightShape), expected [out, \(channels), 3, 3]")
            }
            guard let bias = tensors["features.\(index).bias"], bias.shape == [weightShape[0]] else {
                throw fail("features.\(index).bias must be a vector of \(weightShape[0]) values, got \(tensors["features.\(index).bias"].map { "shape \($0.shape)" } ?? "none")")
            }
            for (name, tensor) in [("weight", tensors["features.\(index).weight"]!), ("bias", bias)] where !tensor.dtype.isFloatingPoint {
                throw fail("features.\(index).\(name) holds \(tensor.dtype) values, expected floating point")
            }
            stages.append(.convolution(weightShape[0]))
            channels = weightShape[0]
            previous = index
        }
        if let stray = tensors.keys.filter({ $0.hasPrefix("features.") && $0.hasSuffix(".bias") })
            .compactMap({ Int($0.split(separator: ".")[1]) }).first(where: { tensors["features.\($0).weight"] == nil }) {
            throw fail("features.\(stray).bias has no weight features.\(stray).weight")
        }
        return stages
    }

    /// The feature layer for the content loss: `relu4_2` (Gatys et al.) when the network has it, otherwise
    /// the second convolution of the deepest block that has two (or its only one).
    public var defaultContentLayer: String {
        if layerNames.contains("relu4_2") { return "relu4_2" }
        return layerNames.last { $0.hasSuffix("_2") } ?? layerNames[layerNames.count - 1]
    }

    /// The feature layers for the style loss: the first of each block, `relu1_1`, `relu2_1`, … (Gatys et al.).
    public var defaultStyleLayers: [String] { layerNames.filter { $0.hasSuffix("_1") } }

    /// The features of images `[N, 3, H, W]` with values in [0, 1] at the named layers (see `layerNames`),
    /// running the network only as deep as the deepest of them. Gradients flow back to the images.
    public func features(_ images: Tensor, at layers: [String]) -> [String: Tensor] {
        require(images.rank == 4 && images.shape[1] == 3, "VGGFeatures: expects images [N, 3, H, W], got shape \(images.shape)")
        let unknown = layers.filter { reluPositions[$0] == nil }
        require(unknown.isEmpty, "VGGFeatures: no layer named \(unknown.joined(separator: ", ")); the network has \(layerNames.joined(separator: ", "))")
        let wanted = Dictionary(layers.map { (reluPositions[$0]!, $0) }, uniquingKeysWith: { first, _ in first })
        guard let deepest = wanted.keys.max() else { return [:] }
        let mean = Tensor(Self.imageNetMean, shape: [1, 3, 1, 1], dtype: images.dtype)
        let deviation = Tensor(Self.imageNetStandardDeviation, shape: [1, 3, 1, 1], dtype: images.dtype)
        var activation = (images - mean) / deviation
        var result: [String: Tensor] = [:]
        for (position, layer) in features.layers.prefix(deepest + 1).enumerated() {
            activation = layer(activation)
            if let name = wanted[position] { result[name] = activation }
        }
        return result
    }
}
