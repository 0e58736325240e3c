/// The output size of a window sliding along one axis, checked, shared by convolution and pooling.
enum WindowOutputSize {
    /// (size + padBefore + padAfter - dilation·(kernel - 1) - 1) / stride + 1, the number of places a
    /// window of `kernel` positions, `dilation` apart, fits along an axis of `size` padded as given,
    /// moving `stride` at a time. Stops with a message naming `caller`, the input shape and the formula
    /// with its numbers when no window fits.
    ///
    /// With `ceilMode` the division rounds up, so a last, partial window that runs past the padded end
    /// is kept, unless it would start beyond the input and the padding before it (at or after index
    /// `size + padBefore`): such a window would hold nothing but padding, and is dropped as PyTorch does.
    static func compute(
        axis: String, size: Int, kernel: Int, stride: Int, padBefore: Int, padAfter: Int, dilation: Int, ceilMode: Bool = false,
        caller: String, inputShape: [Int]
    ) -> Int {
        let span = size + padBefore + padAfter - dilation * (kernel - 1) - 1
        let padding = padBefore == padAfter ? "2·\(padBefore)" : "\(padBefore) + \(padAfter)"
        require(span >= 0, """
            \(caller): input \(inputShape) is too small: the output \(axis) (\(axis == "height" ? "H" : "W") + 2P - D(K-1) - 1)/S + 1 \
            = (\(size) + \(padding) - \(dilation)·(\(kernel) - 1) - 1)/\(stride) + 1 is not a positive size \
            (the window spans \(dilation * (kernel - 1) + 1) positions, the padded input \(size + padBefore + padAfter))
            """)
        guard ceilMode else { return span / stride + 1 }
        let count = (span + stride - 1) / stride + 1
        return (count - 1) * stride >= size + padBefore ? count - 1 : count
    }
}
