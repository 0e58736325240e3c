/// The Gram matrix of feature maps: how strongly each pair of channels fires together, averaged over
/// the positions. It keeps the statistics of a texture and forgets where things are, which is why
/// style transfer matches it (`Tensor.styleLoss`).
extension Tensor {
    /// The Gram matrices of feature maps `[N, C, H, W]`, one `[C, C]` matrix per image, `[N, C, C]`:
    /// G = F Fᵀ / (H·W), F being an image's features flattened to `[C, H·W]`, so that
    /// G_cd = 1/(HW) Σₚ F_cp F_dp.
    ///
    /// Dividing by the number of positions makes Gram matrices of images of different sizes comparable:
    /// a style image need not have the content image's size. The gradient is
    /// ∂L/∂F = (Ḡ + Ḡᵀ) F / (H·W), Ḡ = ∂L/∂G, which backpropagation through the product gives.
    ///
    /// ```swift
    /// let features = Tensor.randomNormal([2, 64, 32, 32])
    /// let gram = features.gramMatrix()   // [2, 64, 64]
    /// ```
    public func gramMatrix() -> Tensor {
        require(rank == 4 && count > 0, "gramMatrix: expects non-empty feature maps [N, C, H, W], got shape \(shape)")
        let positions = shape[2] * shape[3]
        let flat = reshaped([shape[0], shape[1], positions])
        return flat.matmul(flat, transposingOther: true) / Double(positions)
    }
}
