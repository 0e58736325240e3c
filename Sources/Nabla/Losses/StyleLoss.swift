/// The style loss of neural style transfer (Gatys, Ecker and Bethge, 2015): the difference between
/// the Gram matrices of two images' features, i.e. between their textures, wherever they appear.
extension Tensor {
    /// The mean squared difference between the Gram matrices of `features` `[N, C, H, W]` and
    /// `targetGram`, `[N, C, C]` or `[1, C, C]` (one style for the whole batch):
    /// L = 1/(N·C²) Σ (G(F) − Ĝ)², with G(F) = `features.gramMatrix()`.
    ///
    /// The target is a constant (no gradient flows into it); compute it once from the style image.
    /// Sum the losses of several layers, with weights, for the style term of style transfer.
    ///
    /// ```swift
    /// let target = styleFeatures.gramMatrix()             // [1, C, C], once
    /// let loss = Tensor.styleLoss(imageFeatures, targetGram: target)
    /// ```
    public static func styleLoss(_ features: Tensor, targetGram: Tensor) -> Tensor {
        require(features.rank == 4 && features.count > 0, "styleLoss: expects non-empty feature maps [N, C, H, W], got shape \(features.shape)")
        let channels = features.shape[1]
        require(targetGram.rank == 3 && [1, features.shape[0]].contains(targetGram.shape[0])
                    && targetGram.shape[1] == channels && targetGram.shape[2] == channels,
                "styleLoss: the target Gram matrix must be [\(features.shape[0]), \(channels), \(channels)] or [1, \(channels), \(channels)] for features \(features.shape), got \(targetGram.shape)")
        let gram = features.gramMatrix()
        return (gram - targetGram.detached()).squared().mean()
    }
}
