/// Convolutions (cross-correlations, as in every deep-learning library) of images with learned kernels,
/// computed as one matrix product per group over the unrolled input (im2col), the batch folded into the
/// product's columns.
extension Tensor {
    /// The 2-d convolution of images `[N, C, H, W]` with `weight` `[out, C / groups, kH, kW]` (PyTorch's
    /// layout), plus `bias` `[out]` if given, giving `[N, out, H_out, W_out]` with
    /// H_out = (H + 2P - D(kH - 1) - 1)/S + 1 (likewise W_out):
    ///
    /// y[n, o, p, q] = b[o] + Σ_{c, i, j} w[o, c, i, j] · x[n, g·C/groups + c, p·S - P + i·D, q·S - P + j·D]
    ///
    /// where g is the group of output channel o. `groups` splits the input and output channels into that
    /// many independent convolutions (`groups == C` is a depthwise convolution). Forward and backward are
    /// one recorded operation:
    /// - ∂L/∂w = ∂L/∂y · columnsᵀ, ∂L/∂x = col2im(wᵀ · ∂L/∂y), ∂L/∂b = Σ_{n,p,q} ∂L/∂y (per group).
    ///
    /// ```swift
    /// let y = x.convolution2d(weight: w, bias: b, padding: .same)   // x [64, 1, 28, 28], w [20, 1, 5, 5]
    /// ```
    public func convolution2d(
        weight: Tensor, bias: Tensor? = nil, stride: SpatialSize = 1, padding: ConvolutionPadding = 0,
        dilation: SpatialSize = 1, groups: Int = 1
    ) -> Tensor {
        convolution2d(weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups, caller: "convolution2d")
    }

    /// The 1-d convolution of sequences `[N, C, L]` with `weight` `[out, C / groups, k]`, plus `bias`
    /// `[out]`, giving `[N, out, L_out]`, L_out = (L + 2P - D(k - 1) - 1)/S + 1: `convolution2d` on
    /// images one row high (its gradients are those of the 2-d case).
    public func convolution1d(
        weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: ConvolutionPadding = 0, dilation: Int = 1, groups: Int = 1
    ) -> Tensor {
        convolution1d(weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups, caller: "convolution1d")
    }

    /// `convolution1d`, its messages naming `caller` (a layer's description).
    func convolution1d(
        weight: Tensor, bias: Tensor?, stride: Int, padding: ConvolutionPadding, dilation: Int, groups: Int, caller: String
    ) -> Tensor {
        require(rank == 3, "\(caller): expects input [N, C, L], got \(shape)")
        require(weight.rank == 3, "\(caller): expects a weight [out, in / groups, kernel], got \(weight.shape)")
        let rowPadding: ConvolutionPadding
        if case .explicit(let size) = padding { rowPadding = .explicit(SpatialSize(height: 0, width: size.width)) } else { rowPadding = .same }
        let images = reshaped([shape[0], shape[1], 1, shape[2]])
        let kernels = weight.reshaped([weight.shape[0], weight.shape[1], 1, weight.shape[2]])
        let result = images.convolution2d(weight: kernels, bias: bias, stride: SpatialSize(height: 1, width: stride), padding: rowPadding,
                                          dilation: SpatialSize(height: 1, width: dilation), groups: groups, caller: caller)
        return result.reshaped([result.shape[0], result.shape[1], result.shape[3]])
    }

    /// `convolution2d`, its messages naming `caller` (a layer's description).
    func convolution2d(
        weight: Tensor, bias: Tensor?, stride: SpatialSize, padding: ConvolutionPadding, dilation: SpatialSize, groups: Int, caller: String
    ) -> Tensor {
        require(rank == 4, "\(caller): expects images [N, C, H, W], got \(shape)")
        require(weight.rank == 4, "\(caller): expects a weight [out, in / groups, kH, kW], got \(weight.shape)")
        dtype.requireFloatingPoint(caller)
        require(weight.dtype == dtype && (bias?.dtype ?? dtype) == dtype,
                "\(caller): input, weight and bias must have one element type, got \(dtype), \(weight.dtype)\(bias.map { " and \($0.dtype)" } ?? "")")
        let (batch, channels, height, width) = (shape[0], shape[1], shape[2], shape[3])
        let outChannels = weight.shape[0], kernel = SpatialSize(height: weight.shape[2], width: weight.shape[3])
        require(groups >= 1 && channels % groups == 0 && outChannels % groups == 0,
                "\(caller): groups = \(groups) must divide the input channels (\(channels)) and the output channels (\(outChannels))")
        require(weight.shape[1] * groups == channels,
                "\(caller): the weight \(weight.shape) expects \(weight.shape[1] * groups) input channels (\(weight.shape[1]) per group × \(groups) groups), the input \(shape) has \(channels)")
        require(bias == nil || bias!.shape == [outChannels], "\(caller): the bias must be [\(outChannels)], got \(bias!.shape)")
        require(kernel.height >= 1 && kernel.width >= 1 && stride.height >= 1 && stride.width >= 1 && dilation.height >= 1 && dilation.width >= 1,
                "\(caller): kernel (\(kernel)), stride (\(stride)) and dilation (\(dilation)) must be positive")
        require(padding != .same || stride == 1, "\(caller): padding .same needs stride 1, got stride \(stride)")
        let pads = padding.amounts(kernel: kernel, dilation: dilation)
        require(pads.allSatisfy { $0 >= 0 }, "\(caller): padding must not be negative, got \(padding)")
        let outputHeight = WindowOutputSize.compute(axis: "height", size: height, kernel: kernel.height, stride: stride.height, padBefore: pads[0],
                                                    padAfter: pads[1], dilation: dilation.height, caller: caller, inputShape: shape)
        let outputWidth = WindowOutputSize.compute(axis: "width", size: width, kernel: kernel.width, stride: stride.width, padBefore: pads[2],
                                                   padAfter: pads[3], dilation: dilation.width, caller: caller, inputShape: shape)
        let geometry = WindowGeometry(batch: batch, channels: channels, height: height, width: width,
                                      kernelHeight: kernel.height, kernelWidth: kernel.width, strideHeight: stride.height, strideWidth: stride.width,
                                      dilationHeight: dilation.height, dilationWidth: dilation.width, padTop: pads[0], padLeft: pads[2],
                                      outputHeight: outputHeight, outputWidth: outputWidth)
        let backend = TensorStorage.backend
        // The backend's rows [out, N · L] (the batch folded into one product per group), then [N, out, L].
        let rows = backend.convolution(storage, weight: weight.storage, bias: bias?.storage, geometry: geometry,
                                       outChannels: outChannels, groups: groups)
        let outputShape = [batch, outChannels, outputHeight, outputWidth], area = geometry.outputArea
        let output = backend.stridedCopy(rows, offset: 0, shape: [batch, outChannels, area], strides: [area, batch * area, 1])
        let inputs = [self, weight] + (bias.map { [$0] } ?? [])
        return Tensor.record(.convolution(stride: stride.pair, padding: pads, dilation: dilation.pair, groups: groups),
                      storage: output, shape: outputShape, inputs: inputs,
                      backward: { [images = detached(), weight = weight.detached(), needsImages = requiresGrad,
                                   needsWeight = weight.requiresGrad, needsBias = bias?.requiresGrad ?? false] g in
            // ∂L/∂y as [out, N · L], the layout of the forward product.
            let gradientRows = backend.stridedCopy(g.storage, offset: 0, shape: [outChannels, batch, area], strides: [area, outChannels * area, 1])
            let imageGradient = needsImages
                ? Tensor(storage: backend.convolutionImageGradient(gradientRows, weight: weight.storage, geometry: geometry,
                                                                   outChannels: outChannels, groups: groups), shape: images.shape)
                : nil
            let weightGradient = needsWeight
                ? Tensor(storage: backend.convolutionWeightGradient(gradientRows, images: images.storage, geometry: geometry,
                                                                    outChannels: outChannels, groups: groups), shape: weight.shape)
                : nil
            let biasGradient = needsBias
                ? Tensor(storage: backend.reduce(.sum, gradientRows, outer: outChannels, length: batch * area, inner: 1), shape: [outChannels])
                : nil
            return [imageGradient, weightGradient] + (inputs.count == 3 ? [biasGradient] : [])
        })
    }
}
