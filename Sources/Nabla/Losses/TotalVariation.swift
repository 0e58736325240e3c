/// The total variation of images: how much neighbouring pixels differ. As a penalty it smooths away
/// the high-frequency noise that optimising an image's pixels directly tends to produce.
extension Tensor {
    /// The squared total variation of images `[N, C, H, W]`, averaged: the mean squared difference of
    /// vertically adjacent pixels plus that of horizontally adjacent ones,
    /// TV = mean((x_{i+1,j} − x_{i,j})²) + mean((x_{i,j+1} − x_{i,j})²),
    /// each mean over all pairs of all channels and images. An image one pixel high (or wide) has no
    /// vertical (horizontal) pairs, and that term is 0.
    ///
    /// ```swift
    /// let smooth = Tensor.ones([1, 3, 8, 8]).totalVariation()   // 0
    /// ```
    public func totalVariation() -> Tensor {
        require(rank == 4 && count > 0, "totalVariation: expects non-empty images [N, C, H, W], got shape \(shape)")
        let height = shape[2], width = shape[3]
        var result = scalarLike(0)
        if height > 1 {
            result = result + (sliced(alongAxis: 2, 1..<height) - sliced(alongAxis: 2, 0..<(height - 1))).squared().mean()
        }
        if width > 1 {
            result = result + (sliced(alongAxis: 3, 1..<width) - sliced(alongAxis: 3, 0..<(width - 1))).squared().mean()
        }
        return result
    }
}
