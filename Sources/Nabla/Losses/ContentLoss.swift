/// The content loss of neural style transfer: how far an image's deep features are from those of the
/// content image, position by position, so that the layout of the scene is kept.
extension Tensor {
    /// The mean squared difference between `features` and `target`, both `[N, C, H, W]` (or `target`
    /// `[1, C, H, W]` for one content image for the whole batch): L = 1/(N·C·H·W) Σ (F − F̂)².
    /// The target is a constant (no gradient flows into it); ∂L/∂F = 2(F − F̂)/(N·C·H·W).
    ///
    /// ```swift
    /// let target = extractor.features(content, at: ["relu4_2"])["relu4_2"]!
    /// let loss = Tensor.contentLoss(extractor.features(image, at: ["relu4_2"])["relu4_2"]!, target: target)
    /// ```
    public static func contentLoss(_ features: Tensor, target: Tensor) -> Tensor {
        require(features.rank == 4 && target.rank == 4 && [1, features.shape[0]].contains(target.shape[0])
                    && features.shape.dropFirst() == target.shape.dropFirst(),
                "contentLoss: features \(features.shape) and target \(target.shape) must both be [N, C, H, W] with the same C, H and W (the target's N may be 1)")
        return (features - target.detached()).squared().mean()
    }
}
