/// Pooling of images `[N, C, H, W]`: each channel of each sample is summarised window by window (the
/// largest value, the mean, the L2 norm), giving `[N, C, H_out, W_out]` with H_out = ⌊(H + 2P - kH)/S⌋ + 1
/// (likewise W_out). Windows do not dilate; the stride defaults to the window size.
///
/// With `ceilMode` the output size is rounded up, H_out = ⌈(H + 2P - kH)/S⌉ + 1, so that the last rows
/// and columns also fall into a window when the stride does not divide the padded size; a window that
/// would start beyond the input and its leading padding is dropped (H_out - 1 is taken when
/// (H_out - 1)·S ≥ H + P), as in PyTorch. Such a last window holds fewer positions.
///
/// ```swift
/// let x = Tensor.zeros([1, 1, 5, 5])
/// x.maxPool2d(kernelSize: 2).shape                   // [1, 1, 2, 2]: the fifth row and column are left out
/// x.maxPool2d(kernelSize: 2, ceilMode: true).shape   // [1, 1, 3, 3]
/// ```
extension Tensor {
    /// The largest value of each window. Padding never wins (it is skipped, as PyTorch's -∞ padding).
    /// ∂L/∂x = ∂L/∂y at the position of each window's maximum (kept from the forward pass), 0 elsewhere.
    public func maxPool2d(kernelSize: SpatialSize, stride: SpatialSize? = nil, padding: SpatialSize = 0, ceilMode: Bool = false) -> Tensor {
        pooled(.max, kernelSize: kernelSize, stride: stride ?? kernelSize, padding: padding, ceilMode: ceilMode, caller: "maxPool2d")
    }

    /// The mean of each window. With `countIncludePad` (the default, as PyTorch's `count_include_pad`)
    /// padding counts as zeros and the divisor is the window's size (the part inside the padded image, for
    /// a last window of `ceilMode`); without it the divisor is the number of real pixels in the window.
    /// ∂L/∂x = Σ over the windows holding x of ∂L/∂y / divisor.
    public func averagePool2d(kernelSize: SpatialSize, stride: SpatialSize? = nil, padding: SpatialSize = 0, ceilMode: Bool = false,
                              countIncludePad: Bool = true) -> Tensor {
        pooled(.average, kernelSize: kernelSize, stride: stride ?? kernelSize, padding: padding, ceilMode: ceilMode,
               countIncludePad: countIncludePad, caller: "averagePool2d")
    }

    /// The square root of the sum of squares of each window, y = √(Σ x²) (the notes' L2 pooling).
    /// ∂L/∂x = Σ over the windows holding x of ∂L/∂y · x / y (0 where y = 0).
    public func l2Pool2d(kernelSize: SpatialSize, stride: SpatialSize? = nil, padding: SpatialSize = 0, ceilMode: Bool = false) -> Tensor {
        pooled(.l2, kernelSize: kernelSize, stride: stride ?? kernelSize, padding: padding, ceilMode: ceilMode, caller: "l2Pool2d")
    }

    /// The mean of each channel over all positions: `[N, C, H, W]` → `[N, C]` (the gradient spreads
    /// ∂L/∂y / (H · W) over the plane, through `mean`).
    public func globalAveragePool() -> Tensor {
        globalAveragePool(caller: "globalAveragePool")
    }

    /// `globalAveragePool`, its messages naming `caller`.
    func globalAveragePool(caller: String) -> Tensor {
        require(rank == 4, "\(caller): expects images [N, C, H, W], got \(shape)")
        require(shape[2] > 0 && shape[3] > 0, "\(caller): the images \(shape) have no pixels to average")
        return mean(alongAxes: [2, 3])
    }

    /// `kind` pooling as one recorded operation, its messages naming `caller` (a layer's description).
    /// `countIncludePad` matters for average pooling only.
    func pooled(_ kind: PoolingKind, kernelSize kernel: SpatialSize, stride: SpatialSize, padding: SpatialSize, ceilMode: Bool = false,
                countIncludePad: Bool = true, caller: String) -> Tensor {
        require(rank == 4, "\(caller): expects images [N, C, H, W], got \(shape)")
        dtype.requireFloatingPoint(caller)
        require(kernel.height >= 1 && kernel.width >= 1 && stride.height >= 1 && stride.width >= 1,
                "\(caller): kernel size (\(kernel)) and stride (\(stride)) must be positive")
        require(padding.height >= 0 && padding.width >= 0 && 2 * padding.height <= kernel.height && 2 * padding.width <= kernel.width,
                "\(caller): padding (\(padding)) must be between 0 and half the kernel size (\(kernel)), so that every window holds a pixel")
        let outputHeight = WindowOutputSize.compute(axis: "height", size: shape[2], kernel: kernel.height, stride: stride.height,
                                                    padBefore: padding.height, padAfter: padding.height, dilation: 1, ceilMode: ceilMode,
                                                    caller: caller, inputShape: shape)
        let outputWidth = WindowOutputSize.compute(axis: "width", size: shape[3], kernel: kernel.width, stride: stride.width,
                                                   padBefore: padding.width, padAfter: padding.width, dilation: 1, ceilMode: ceilMode,
                                                   caller: caller, inputShape: shape)
        let geometry = WindowGeometry(batch: shape[0], channels: shape[1], height: shape[2], width: shape[3],
                                      kernelHeight: kernel.height, kernelWidth: kernel.width, strideHeight: stride.height, strideWidth: stride.width,
                                      dilationHeight: 1, dilationWidth: 1, padTop: padding.height, padLeft: padding.width,
                                      outputHeight: outputHeight, outputWidth: outputWidth)
        let countingPadding = kind != .average || countIncludePad
        let (values, positions) = TensorStorage.backend.pool(kind, storage, geometry: geometry, countingPadding: countingPadding)
        // Max pooling needs only the positions of the maxima, average pooling nothing, L2 pooling x and y.
        let images = kind == .l2 ? storage : nil, results = kind == .l2 ? values : nil
        return Tensor.record(.pool(kind: kind, kernel: kernel.pair, stride: stride.pair, padding: padding.pair, ceilMode: ceilMode,
                                   countIncludePad: countingPadding),
                             storage: values, shape: [shape[0], shape[1], outputHeight, outputWidth], input: self,
                             savesNoTensors: kind == .average) { [shape] g in
            Tensor(storage: TensorStorage.backend.poolGradient(kind, g.storage, images: images ?? g.storage, values: results ?? g.storage,
                                                              positions: positions, geometry: geometry, countingPadding: countingPadding),
                   shape: shape)
        }
    }
}
