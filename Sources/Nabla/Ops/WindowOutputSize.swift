/// The output size of a window sliding along one axis, checked, shared by convolution and pooling.
enum WindowOutputSize {
    /// (size + padBefore + padAfter - dilation·(kernel - 1) - 1) / stride + 1, the number of places a
    /// window of `kernel` positions, `dilation` apart, fits along an axis of `size` padded as given,
    /// moving `stride` at a time. Stops with a message naming `caller`, the input shape and the formula
    /// with its numbers when no window fits.
    static func compute(
        axis: String, size: Int, kernel: Int, stride: Int, padBefore: Int, padAfter: Int, dilation: Int,
        caller: String, inputShape: [Int]
    ) -> Int {
        let span = size + padBefore + padAfter - dilation * (kernel - 1) - 1
        let padding = padBefore == padAfter ? "2·\(padBefore)" : "\(padBefore) + \(padAfter)"
        require(span >= 0, """
            \(caller): input \(inputShape) is too small: the output \(axis) (\(axis == "height" ? "H" : "W") + 2P - D(K-1) - 1)/S + 1 \
            = (\(size) + \(padding) - \(dilation)·(\(kernel) - 1) - 1)/\(stride) + 1 is not a positive size \
            (the window spans \(dilation * (kernel - 1) + 1) positions, the padded input \(size + padBefore + padAfter))
            """)
        return span / stride + 1
    }
}
