/// Neural style transfer by optimising an image (Gatys, Ecker and Bethge, 2015): the network's weights
/// stay fixed, and the pixels of an image are changed by gradient descent (Adam) so that its deep
/// features match those of a content image (the layout of the scene) and the Gram matrices of its
/// features match those of a style image (textures and colours), while its total variation stays small.
///
/// The loss of one step is
/// L = α · L_content + β · L_style + γ · TV(x), with
/// - L_content = ‖F(x) − F(c)‖² / ‖F(c)‖² at the content layer (mean squares, `Tensor.contentLoss`),
/// - L_style = the mean over the style layers of ‖G(x) − G(s)‖² / ‖G(s)‖² (`Tensor.styleLoss`),
/// - TV(x) the squared total variation of the image (`Tensor.totalVariation`).
///
/// Dividing each term by the size of its target makes the terms relative errors, so the same weights
/// suit layers and networks whose activations differ by orders of magnitude (VGG-19, random features).
/// After each step the pixels are clamped to [0, 1].
///
/// ```swift
/// let extractor = VGGFeatures.random(VGGFeatures.randomStages, seed: 1)
/// let transfer = StyleTransfer(extractor: extractor, content: content, style: style)
/// for _ in 0..<300 { let losses = try transfer.step() }
/// try ImageFile.writeRGB(transfer.image, to: URL(fileURLWithPath: "out.png"))
/// ```
public final class StyleTransfer {
    /// The weights α, β and γ of the three terms.
    public struct Weights: Sendable, Equatable {
        /// α, the weight of the content term.
        public var content: Double
        /// β, the weight of the style term.
        public var style: Double
        /// γ, the weight of the total-variation term.
        public var totalVariation: Double

        /// Weights of the three terms; the defaults give a picture that is clearly both.
        public init(content: Double = 1, style: Double = 3, totalVariation: Double = 1) {
            self.content = content
            self.style = style
            self.totalVariation = totalVariation
        }
    }

    /// The terms of the loss at one step, unweighted, and the weighted total.
    public struct Losses: Sendable, Equatable {
        /// L_content, the relative squared error of the content features.
        public var content: Double
        /// L_style, the mean relative squared error of the Gram matrices.
        public var style: Double
        /// TV(x), the squared total variation of the image.
        public var totalVariation: Double
        /// α · L_content + β · L_style + γ · TV(x).
        public var total: Double
    }

    /// The network whose features are compared.
    public let extractor: VGGFeatures
    /// The layer of the content term.
    public let contentLayer: String
    /// The layers of the style term.
    public let styleLayers: [String]
    /// The weights of the three terms (may be changed between steps).
    public var weights: Weights
    /// The image being optimised, `[1, 3, H, W]` in [0, 1].
    public var image: Tensor { pixels.value }
    /// The number of steps done.
    public private(set) var steps = 0

    private let pixels: Parameter
    private let optimizer: Adam
    private let contentTarget: Tensor
    private let contentScale: Double
    private let styleTargets: [(layer: String, gram: Tensor, scale: Double)]

    /// Prepares the transfer of the style of `style` to `content`, both `[1, 3, H, W]` in [0, 1] (of any
    /// sizes), the image starting as a copy of `content` (or of `initialImage`, of the content's shape).
    ///
    /// - Parameters:
    ///   - extractor: the network; its default layers are used unless `contentLayer` / `styleLayers` are given.
    ///   - content: the content image, `[1, 3, H, W]` in [0, 1]; the result has its size.
    ///   - style: the style image, `[1, 3, H', W']` in [0, 1].
    ///   - contentLayer: the layer of the content term (default: the extractor's `defaultContentLayer`).
    ///   - styleLayers: the layers of the style term (default: the extractor's `defaultStyleLayers`).
    ///   - weights: α, β and γ.
    ///   - learningRate: Adam's step size, in units of pixel values (0.02 moves a pixel at most about 2 % per step).
    ///   - initialImage: where the optimisation starts (default: the content image).
    public init(extractor: VGGFeatures, content: Tensor, style: Tensor, contentLayer: String? = nil, styleLayers: [String]? = nil,
                weights: Weights = Weights(), learningRate: Double = 0.02, initialImage: Tensor? = nil) {
        for (name, image) in [("content", content), ("style", style)] {
            require(image.rank == 4 && image.shape[0] == 1 && image.shape[1] == 3, "StyleTransfer: the \(name) image must be [1, 3, H, W], got \(image.shape)")
        }
        if let initialImage {
            require(initialImage.shape == content.shape, "StyleTransfer: the initial image \(initialImage.shape) must have the content's shape \(content.shape)")
        }
        let contentLayer = contentLayer ?? extractor.defaultContentLayer
        let styleLayers = styleLayers ?? extractor.defaultStyleLayers
        require(!styleLayers.isEmpty, "StyleTransfer: at least one style layer is needed")
        let (contentTarget, styleTargets) = withoutGradients { () -> (Tensor, [(String, Tensor, Double)]) in
            let contentFeatures = extractor.features(content.converted(to: .float32), at: [contentLayer])[contentLayer]!
            let styleFeatures = extractor.features(style.converted(to: .float32), at: styleLayers)
            let grams = styleLayers.map { layer -> (String, Tensor, Double) in
                let gram = styleFeatures[layer]!.gramMatrix()
                return (layer, gram, Swift.max(gram.squared().mean().item, .leastNormalMagnitude))
            }
            return (contentFeatures, grams)
        }
        self.extractor = extractor
        self.contentLayer = contentLayer
        self.styleLayers = styleLayers
        self.weights = weights
        self.contentTarget = contentTarget
        contentScale = Swift.max(contentTarget.squared().mean().item, .leastNormalMagnitude)
        self.styleTargets = styleTargets
        pixels = Parameter((initialImage ?? content).converted(to: .float32).detached().clamped(min: 0, max: 1))
        optimizer = Adam([pixels], learningRate: learningRate)
    }

    /// The three terms and the total for the current image, with the gradient in the image when `backward`.
    private func losses(backward: Bool) throws -> Losses {
        let layers = Array(Set([contentLayer] + styleLayers))
        let features = extractor.features(pixels.value, at: layers)
        let content = Tensor.contentLoss(features[contentLayer]!, target: contentTarget) / contentScale
        var style = pixels.value.scalarLike(0)
        for target in styleTargets {
            style = style + Tensor.styleLoss(features[target.layer]!, targetGram: target.gram) / target.scale
        }
        style = style / Double(styleTargets.count)
        let variation = pixels.value.totalVariation()
        let total = weights.content * content + weights.style * style + weights.totalVariation * variation
        if backward { try total.backward() }
        return Losses(content: content.item, style: style.item, totalVariation: variation.item, total: total.item)
    }

    /// One step of Adam on the image; returns the losses before the step.
    @discardableResult
    public func step() throws -> Losses {
        optimizer.zeroGrad()
        let losses = try self.losses(backward: true)
        optimizer.step()
        pixels.update { $0 = $0.clamped(min: 0, max: 1) }
        steps += 1
        return losses
    }

    /// The losses of the current image, without changing it.
    public func currentLosses() throws -> Losses { try withoutGradients { try losses(backward: false) } }
}
