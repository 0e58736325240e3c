/// Trains a `TransformationNetwork` for one style (Johnson, Alahi and Fei-Fei, 2016) with the losses of
/// `StyleTransfer`: for a batch of content images x, the network's output y = f(x) should keep the
/// features of x and take on the Gram matrices of the style image s,
///
/// L = α · L_content(y, x) + β · L_style(y, s) + γ · TV(y),
///
/// each term as in `StyleTransfer` (relative squared errors of the features at the content layer and of
/// the Gram matrices at the style layers, the squared total variation of y), but averaged over the batch
/// and minimised over the network's weights by Adam rather than over pixels. The feature extractor stays fixed.
///
/// ```swift
/// let extractor = VGGFeatures.random(VGGFeatures.randomStages, seed: 1)
/// let training = FastStyleTraining(network: TransformationNetwork(), extractor: extractor, style: style)
/// for _ in 0..<1000 { let losses = try training.step(crops.batch(count: 4, side: 128, generator: &generator)) }
/// try training.network.write(to: URL(fileURLWithPath: "style.safetensors"))
/// ```
public final class FastStyleTraining {
    /// The network being trained.
    public let network: TransformationNetwork
    /// The fixed network whose features are compared.
    public let extractor: VGGFeatures
    /// The layer of the content term.
    public let contentLayer: String
    /// The layers of the style term.
    public let styleLayers: [String]
    /// α, β and γ (may be changed between steps).
    public var weights: StyleTransfer.Weights
    /// Adam on the network's parameters (its state goes into checkpoints).
    public let optimizer: Adam
    /// The number of steps done (set it when resuming from a checkpoint).
    public var steps = 0

    private let styleTargets: [(layer: String, gram: Tensor, scale: Double)]

    /// Prepares the training of `network` towards the style of `style`, `[1, 3, H, W]` in [0, 1].
    ///
    /// - Parameters:
    ///   - network: the network to train (its parameters must be `float32`, as the extractor's).
    ///   - extractor: the network whose features define the losses.
    ///   - style: the style image; its size may differ from the content images'.
    ///   - contentLayer: the layer of the content term (default: the extractor's `defaultContentLayer`).
    ///   - styleLayers: the layers of the style term (default: the extractor's `defaultStyleLayers`).
    ///   - weights: α, β and γ.
    ///   - learningRate: Adam's step size.
    public init(network: TransformationNetwork, extractor: VGGFeatures, style: Tensor, contentLayer: String? = nil, styleLayers: [String]? = nil,
                weights: StyleTransfer.Weights = StyleTransfer.Weights(), learningRate: Double = 1e-3) {
        require(style.rank == 4 && style.shape[0] == 1 && style.shape[1] == 3, "FastStyleTraining: the style image must be [1, 3, H, W], got \(style.shape)")
        let contentLayer = contentLayer ?? extractor.defaultContentLayer
        let styleLayers = styleLayers ?? extractor.defaultStyleLayers
        require(!styleLayers.isEmpty, "FastStyleTraining: at least one style layer is needed")
        styleTargets = withoutGradients {
            let features = extractor.features(style.converted(to: .float32), at: styleLayers)
            return styleLayers.map { layer in
                let gram = features[layer]!.gramMatrix()
                return (layer, gram, Swift.max(gram.squared().mean().item, .leastNormalMagnitude))
            }
        }
        self.network = network
        self.extractor = extractor
        self.contentLayer = contentLayer
        self.styleLayers = styleLayers
        self.weights = weights
        optimizer = Adam(network.parameters(), learningRate: learningRate)
    }

    /// The three terms and the total for the network's output on `batch`, and the total as a tensor.
    private func losses(_ batch: Tensor) -> (losses: StyleTransfer.Losses, total: Tensor) {
        require(batch.rank == 4 && batch.shape[1] == 3, "FastStyleTraining: expects a batch of images [N, 3, H, W], got \(batch.shape)")
        let images = batch.converted(to: .float32).detached()
        let contentTarget = withoutGradients { extractor.features(images, at: [contentLayer])[contentLayer]! }
        let contentScale = Swift.max(contentTarget.squared().mean().item, .leastNormalMagnitude)
        let output = network(images)
        let features = extractor.features(output, at: Array(Set([contentLayer] + styleLayers)))
        let content = Tensor.contentLoss(features[contentLayer]!, target: contentTarget) / contentScale
        var style = output.scalarLike(0)
        for target in styleTargets {
            style = style + Tensor.styleLoss(features[target.layer]!, targetGram: target.gram) / target.scale
        }
        style = style / Double(styleTargets.count)
        let variation = output.totalVariation()
        let total = weights.content * content + weights.style * style + weights.totalVariation * variation
        return (StyleTransfer.Losses(content: content.item, style: style.item, totalVariation: variation.item, total: total.item), total)
    }

    /// One step of Adam on the network's weights for the content images `batch`, `[N, 3, H, W]` in [0, 1];
    /// returns the losses before the step.
    @discardableResult
    public func step(_ batch: Tensor) throws -> StyleTransfer.Losses {
        network.train()
        optimizer.zeroGrad()
        let (losses, total) = self.losses(batch)
        try total.backward()
        optimizer.step()
        steps += 1
        return losses
    }

    /// The losses of the network's output on `batch`, changing nothing (in training mode, as in `step`).
    public func currentLosses(_ batch: Tensor) -> StyleTransfer.Losses {
        network.train()
        return withoutGradients { losses(batch).losses }
    }
}
