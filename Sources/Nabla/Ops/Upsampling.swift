/// Enlarging images `[N, C, H, W]` by nearest-neighbour or bilinear interpolation, the way generator and
/// style-transfer networks grow their feature maps back to the image size.
extension Tensor {
    /// The images `[N, C, H, W]` enlarged by the whole factors `scale` (height, width) to `[N, C, H · s_h,
    /// W · s_w]`.
    ///
    /// ```swift
    /// let y = x.upsampled(scale: 2)                       // [8, 16, 32, 32] → [8, 16, 64, 64]
    /// let z = x.upsampled(scale: [2, 3], mode: .bilinear)  // [8, 16, 64, 96]
    /// ```
    public func upsampled(scale: SpatialSize, mode: UpsamplingMode = .nearest) -> Tensor {
        upsampled(scale: scale, mode: mode, caller: "upsampled")
    }

    /// The images `[N, C, H, W]` resampled to `[N, C, size.height, size.width]`; the factors need not be
    /// whole (nor above 1).
    public func upsampled(size: SpatialSize, mode: UpsamplingMode = .nearest) -> Tensor {
        upsampled(size: size, mode: mode, caller: "upsampled")
    }

    /// `upsampled(scale:mode:)`, its messages naming `caller` (a layer's description).
    func upsampled(scale: SpatialSize, mode: UpsamplingMode, caller: String) -> Tensor {
        require(scale.height >= 1 && scale.width >= 1, "\(caller): scale factors must be positive whole numbers, got \(scale)")
        require(rank == 4, "\(caller): expects images [N, C, H, W], got \(shape)")
        return upsampled(size: SpatialSize(height: shape[2] * scale.height, width: shape[3] * scale.width), mode: mode, caller: caller)
    }

    /// `upsampled(size:mode:)`, its messages naming `caller` (a layer's description).
    ///
    /// Nearest: y[oh, ow] = x[⌊oh · H / H_out⌋, ⌊ow · W / W_out⌋], and ∂L/∂x[h, w] is the sum of ∂L/∂y over
    /// the outputs that copied (h, w).
    /// Bilinear: the source row s = max(0, (oh + ½) · H / H_out - ½) lies between rows ⌊s⌋ and ⌊s⌋ + 1
    /// (the last row alone at the bottom), weighted 1 - λ and λ = s - ⌊s⌋ (likewise for columns);
    /// ∂L/∂x gathers each ∂L/∂y[oh, ow] back to its four pixels with the same weights.
    func upsampled(size: SpatialSize, mode: UpsamplingMode, caller: String) -> Tensor {
        require(rank == 4, "\(caller): expects images [N, C, H, W], got \(shape)")
        dtype.requireFloatingPoint(caller)
        require(size.height >= 1 && size.width >= 1, "\(caller): the output size must be positive, got \(size)")
        require(shape[2] >= 1 && shape[3] >= 1, "\(caller): the images \(shape) have no pixels to upsample")
        let rows = Self.upsamplingAxis(from: shape[2], to: size.height, mode: mode)
        let columns = Self.upsamplingAxis(from: shape[3], to: size.width, mode: mode)
        return resampled(rows: rows, columns: columns, operation: .upsample(mode: mode, size: size.pair))
    }

    /// The taps of one axis growing from `inputSize` to `outputSize` positions.
    static func upsamplingAxis(from inputSize: Int, to outputSize: Int, mode: UpsamplingMode) -> ResamplingAxis {
        switch mode {
        case .nearest:
            return ResamplingAxis(inputSize: inputSize, copying: (0..<outputSize).map { Swift.min(inputSize - 1, $0 * inputSize / outputSize) })
        case .bilinear:
            let scale = Double(inputSize) / Double(outputSize)
            var first: [Int] = [], second: [Int] = [], weights: [Double] = []
            for o in 0..<outputSize {
                let source = Swift.max(0, (Double(o) + 0.5) * scale - 0.5)
                let lower = Swift.min(Int(source), inputSize - 1)
                first.append(lower)
                second.append(Swift.min(lower + 1, inputSize - 1))
                weights.append(source - Double(lower))
            }
            return ResamplingAxis(inputSize: inputSize, first: first, second: second, weights: weights)
        }
    }
}
