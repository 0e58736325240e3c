/// Transposed convolutions ("deconvolutions"), which grow feature maps back towards the image size in
/// decoders and style-transfer networks. A transposed convolution is the gradient of a convolution with
/// respect to its input, so it runs on the convolution's own kernels: col2im of a matrix product
/// forward, im2col and a product backward.
extension Tensor {
    /// The 2-d transposed convolution of images `[N, C, H, W]` with `weight` `[C, out / groups, kH, kW]`
    /// (PyTorch's layout for `ConvTranspose2d`), plus `bias` `[out]` if given, giving `[N, out, H_out, W_out]`
    /// with H_out = (H - 1)·S - 2P + D(kH - 1) + P_out + 1 (likewise W_out):
    ///
    /// y[n, o, p·S - P + i·D, q·S - P + j·D] += w[c, o', i, j] · x[n, c, p, q] for every input pixel (p, q)
    /// and kernel tap (i, j), o = g·out/groups + o' for the group g of input channel c; positions outside
    /// the result are dropped. `outputPadding` P_out adds rows and columns at the bottom and right (it must
    /// be smaller than the stride or the dilation), to reach sizes a stride leaves ambiguous.
    ///
    /// With the same settings, `convolution2d` maps `[N, out, H_out, W_out]` back to `[N, C, H, W]`; the
    /// two are adjoint. Forward and backward are one recorded operation:
    /// - ∂L/∂x = conv(∂L/∂y, w) (the forward convolution), ∂L/∂w = x_rows · im2col(∂L/∂y)ᵀ per group (one
    ///   im2col serves both), ∂L/∂b = Σ_{n,p,q} ∂L/∂y.
    ///
    /// ```swift
    /// let y = x.transposedConvolution2d(weight: w, stride: 2, padding: 1, outputPadding: 1)
    /// // x [8, 64, 32, 32], w [64, 32, 3, 3] → y [8, 32, 64, 64]
    /// ```
    public func transposedConvolution2d(
        weight: Tensor, bias: Tensor? = nil, stride: SpatialSize = 1, padding: SpatialSize = 0, outputPadding: SpatialSize = 0,
        dilation: SpatialSize = 1, groups: Int = 1
    ) -> Tensor {
        transposedConvolution2d(weight: weight, bias: bias, stride: stride, padding: padding, outputPadding: outputPadding,
                                dilation: dilation, groups: groups, caller: "transposedConvolution2d")
    }

    /// `transposedConvolution2d`, its messages naming `caller` (a layer's description).
    func transposedConvolution2d(
        weight: Tensor, bias: Tensor?, stride: SpatialSize, padding: SpatialSize, outputPadding: SpatialSize, dilation: SpatialSize,
        groups: Int, caller: String
    ) -> Tensor {
        require(rank == 4, "\(caller): expects images [N, C, H, W], got \(shape)")
        require(weight.rank == 4, "\(caller): expects a weight [in, out / groups, kH, kW], got \(weight.shape)")
        dtype.requireFloatingPoint(caller)
        require(weight.dtype == dtype && (bias?.dtype ?? dtype) == dtype,
                "\(caller): input, weight and bias must have one element type, got \(dtype), \(weight.dtype)\(bias.map { " and \($0.dtype)" } ?? "")")
        let (batch, channels, height, width) = (shape[0], shape[1], shape[2], shape[3])
        require(groups >= 1 && channels % groups == 0, "\(caller): groups = \(groups) must divide the input channels (\(channels))")
        require(weight.shape[0] == channels,
                "\(caller): the weight \(weight.shape) expects \(weight.shape[0]) input channels, the input \(shape) has \(channels)")
        let outChannels = weight.shape[1] * groups, kernel = SpatialSize(height: weight.shape[2], width: weight.shape[3])
        require(bias == nil || bias!.shape == [outChannels], "\(caller): the bias must be [\(outChannels)], got \(bias!.shape)")
        require(kernel.height >= 1 && kernel.width >= 1 && stride.height >= 1 && stride.width >= 1 && dilation.height >= 1 && dilation.width >= 1
                && weight.shape[1] >= 1, "\(caller): kernel (\(kernel)), stride (\(stride)) and dilation (\(dilation)) must be positive")
        require(padding.height >= 0 && padding.width >= 0, "\(caller): padding must not be negative, got \(padding)")
        for (axis, extra, step, spacing) in [("height", outputPadding.height, stride.height, dilation.height),
                                             ("width", outputPadding.width, stride.width, dilation.width)] {
            require(extra >= 0 && (extra < step || extra < spacing),
                    "\(caller): the output padding along the \(axis) (\(extra)) must be smaller than the stride (\(step)) or the dilation (\(spacing))")
        }
        let outputHeight = Self.transposedOutputSize(axis: "height", size: height, kernel: kernel.height, stride: stride.height, padding: padding.height,
                                                     outputPadding: outputPadding.height, dilation: dilation.height, caller: caller, inputShape: shape)
        let outputWidth = Self.transposedOutputSize(axis: "width", size: width, kernel: kernel.width, stride: stride.width, padding: padding.width,
                                                    outputPadding: outputPadding.width, dilation: dilation.width, caller: caller, inputShape: shape)
        // The convolution this one transposes: from the result [N, out, H_out, W_out] to the input [N, C, H, W].
        let geometry = WindowGeometry(batch: batch, channels: outChannels, height: outputHeight, width: outputWidth,
                                      kernelHeight: kernel.height, kernelWidth: kernel.width, strideHeight: stride.height, strideWidth: stride.width,
                                      dilationHeight: dilation.height, dilationWidth: dilation.width, padTop: padding.height, padLeft: padding.width,
                                      outputHeight: height, outputWidth: width)
        let backend = TensorStorage.backend
        let area = height * width, outputShape = [batch, outChannels, outputHeight, outputWidth]
        // The input as the convolution's rows [C, N · H · W].
        let rows = backend.stridedCopy(storage, offset: 0, shape: [channels, batch, area], strides: [area, channels * area, 1])
        var output = backend.convolutionImageGradient(rows, weight: weight.storage, geometry: geometry, outChannels: channels, groups: groups)
        if let bias {
            output = backend.binary(.add, output, shape: outputShape, bias.storage, shape: [1, outChannels, 1, 1], resultShape: outputShape)
        }
        let inputs = [self, weight] + (bias.map { [$0] } ?? [])
        return Tensor.record(.transposedConvolution(stride: stride.pair, padding: padding.pair, outputPadding: outputPadding.pair,
                                                    dilation: dilation.pair, groups: groups),
                             storage: output, shape: outputShape, inputs: inputs,
                             backward: { [images = detached(), weight = weight.detached(), needsImages = requiresGrad,
                                          needsWeight = weight.requiresGrad, needsBias = bias?.requiresGrad ?? false] g in
            // ∂L/∂x = conv(∂L/∂y, w) as rows [C, N · H · W], then [N, C, H, W]; ∂L/∂w_g = x_rows_g · im2col(∂L/∂y)_gᵀ.
            let inputRows = needsWeight
                ? backend.stridedCopy(images.storage, offset: 0, shape: [channels, batch, area], strides: [area, channels * area, 1]) : nil
            let gradients = backend.transposedConvolutionGradients(g.storage, inputRows: inputRows, weight: needsImages ? weight.storage : nil,
                                                                   geometry: geometry, outChannels: channels, groups: groups)
            let imageGradient = gradients.inputRows.map {
                Tensor(storage: backend.stridedCopy($0, offset: 0, shape: [batch, channels, area], strides: [area, batch * area, 1]), shape: images.shape)
            }
            let weightGradient = gradients.weight.map { Tensor(storage: $0, shape: weight.shape) }
            // ∂L/∂b = Σ_{n,p,q} ∂L/∂y.
            let biasGradient = needsBias
                ? Tensor(storage: backend.reduce(.sum, backend.reduce(.sum, g.storage, outer: batch * outChannels, length: outputHeight * outputWidth, inner: 1),
                                                 outer: 1, length: batch, inner: outChannels), shape: [outChannels])
                : nil
            return [imageGradient, weightGradient] + (inputs.count == 3 ? [biasGradient] : [])
        })
    }

    /// (size - 1)·stride - 2·padding + dilation·(kernel - 1) + outputPadding + 1, checked to be positive.
    private static func transposedOutputSize(
        axis: String, size: Int, kernel: Int, stride: Int, padding: Int, outputPadding: Int, dilation: Int, caller: String, inputShape: [Int]
    ) -> Int {
        let result = (size - 1) * stride - 2 * padding + dilation * (kernel - 1) + outputPadding + 1
        require(size >= 1 && result >= 1, """
            \(caller): input \(inputShape) gives no output: the output \(axis) (\(axis == "height" ? "H" : "W") - 1)·S - 2P + D(K-1) + P_out + 1 \
            = (\(size) - 1)·\(stride) - 2·\(padding) + \(dilation)·(\(kernel) - 1) + \(outputPadding) + 1 = \(result) is not a positive size
            """)
        return result
    }
}
