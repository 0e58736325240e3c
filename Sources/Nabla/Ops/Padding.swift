/// Padding with a border that continues the image: its mirror image or its edge pixels (zeros are
/// `padded(_:value:)`). Style-transfer and image-to-image networks pad this way before their
/// convolutions, so that the borders of their outputs show no dark frame.
extension Tensor {
    /// The tensor with `padding[i]` positions added before and after along axis `i` (one pair per axis),
    /// filled as `mode` says. `reflect` and `replicate` pad only the last two axes (the image's rows and
    /// columns; the last axis of a vector), and `reflect` by less than the axis' size.
    ///
    /// ```swift
    /// let x = Tensor([1, 2, 3], shape: [1, 3])
    /// x.padded([(0, 0), (2, 2)], mode: .reflect)     // [[3, 2, 1, 2, 3, 2, 1]]
    /// x.padded([(0, 0), (2, 2)], mode: .replicate)   // [[1, 1, 1, 2, 3, 3, 3]]
    /// ```
    ///
    /// Every output copies one input position, so ∂L/∂x[i] is the sum of ∂L/∂y over the positions that
    /// copied i (an edge pixel collects the gradient of its whole replicated border).
    public func padded(_ padding: [(before: Int, after: Int)], mode: PaddingMode) -> Tensor {
        padded(padding, mode: mode, caller: "padded")
    }

    /// `padded(_:mode:)`, its messages naming `caller` (a layer's description).
    func padded(_ padding: [(before: Int, after: Int)], mode: PaddingMode, caller: String) -> Tensor {
        require(padding.count == rank, "\(caller): \(padding.count) (before, after) pairs for a tensor of shape \(shape)")
        require(padding.allSatisfy { $0.before >= 0 && $0.after >= 0 },
                "\(caller): padding sizes must not be negative, got \(padding.map { [$0.before, $0.after] })")
        if mode == .zeros { return padded(padding, value: 0) }
        dtype.requireFloatingPoint(caller)
        let spatial = Swift.min(rank, 2)
        require(padding.dropLast(spatial).allSatisfy { $0.before == 0 && $0.after == 0 },
                "\(caller): \(mode) padding applies to the last two axes only, got \(padding.map { [$0.before, $0.after] }) for shape \(shape)")
        for axis in (rank - spatial)..<rank {
            let (size, pad) = (shape[axis], padding[axis])
            require(size >= 1, "\(caller): cannot \(mode) an empty axis \(axis) of shape \(shape)")
            require(mode != .reflect || (pad.before < size && pad.after < size),
                    "\(caller): reflect padding must be smaller than the axis it mirrors, got (\(pad.before), \(pad.after)) for axis \(axis) of size \(size) in \(shape)")
        }
        let columns = Self.paddingAxis(size: shape[rank - 1], padding: padding[rank - 1], mode: mode)
        let rows = rank >= 2 ? Self.paddingAxis(size: shape[rank - 2], padding: padding[rank - 2], mode: mode)
                             : ResamplingAxis(inputSize: 1, copying: [0])
        return resampled(rows: rows, columns: columns, operation: .padBorder(mode: mode, padding: padding.flatMap { [$0.before, $0.after] }))
    }

    /// The taps of one axis of `size` positions padded by `padding`: the input position each output copies.
    static func paddingAxis(size: Int, padding: (before: Int, after: Int), mode: PaddingMode) -> ResamplingAxis {
        let sources = (-padding.before..<(size + padding.after)).map { position -> Int in
            switch mode {
            case .reflect: return position < 0 ? -position : (position >= size ? 2 * (size - 1) - position : position)
            case .replicate, .zeros: return Swift.min(Swift.max(position, 0), size - 1)
            }
        }
        return ResamplingAxis(inputSize: size, copying: sources)
    }
}
