/// Resizing images `[N, C, H, W]` for loading and saving (not an op: no gradient is recorded).
extension Tensor {
    /// The images resampled to `height` × `width` with a triangle (bilinear) filter that widens with the
    /// scale factor when shrinking, so that every input pixel contributes (no aliasing, as in image
    /// editors' "bilinear" resampling); enlarging is plain bilinear interpolation. Pixel centres are
    /// aligned: output pixel *i* samples input position (*i* + ½)·H/height − ½.
    ///
    /// ```swift
    /// let small = try ImageFile.readRGB(url).resizedImages(height: 128, width: 128)
    /// ```
    public func resizedImages(height: Int, width: Int) -> Tensor {
        require(rank == 4 && count > 0, "resizedImages: expects non-empty images [N, C, H, W], got shape \(shape)")
        require(height > 0 && width > 0, "resizedImages: the new size must be positive, got \(height) × \(width)")
        if shape[2] == height && shape[3] == width { return self }
        let planes = shape[0] * shape[1], inputHeight = shape[2], inputWidth = shape[3]
        let rows = Self.resamplingWeights(from: inputHeight, to: height)
        let columns = Self.resamplingWeights(from: inputWidth, to: width)
        let input = scalars(as: Double.self)
        var output = [Double](repeating: 0, count: planes * height * width)
        var rowResampled = [Double](repeating: 0, count: height * inputWidth)
        for plane in 0..<planes {
            let base = plane * inputHeight * inputWidth
            for (y, taps) in rows.enumerated() {
                for x in 0..<inputWidth {
                    rowResampled[y * inputWidth + x] = taps.reduce(0) { $0 + $1.weight * input[base + $1.index * inputWidth + x] }
                }
            }
            for y in 0..<height {
                for (x, taps) in columns.enumerated() {
                    output[(plane * height + y) * width + x] = taps.reduce(0) { $0 + $1.weight * rowResampled[y * inputWidth + $1.index] }
                }
            }
        }
        return Tensor(output, shape: [shape[0], shape[1], height, width], dtype: dtype)
    }

    /// The input pixels and weights (summing to 1) of each of `outputSize` pixels resampled from `inputSize`.
    static func resamplingWeights(from inputSize: Int, to outputSize: Int) -> [[(index: Int, weight: Double)]] {
        let scale = Double(inputSize) / Double(outputSize)
        let support = Swift.max(scale, 1)   // the triangle's half-width in input pixels
        return (0..<outputSize).map { i in
            let centre = (Double(i) + 0.5) * scale - 0.5
            let first = Swift.max(0, Int((centre - support).rounded(.up)))
            let last = Swift.min(inputSize - 1, Int((centre + support).rounded(.down)))
            var taps = (first...Swift.max(first, last)).map { j in (index: j, weight: Swift.max(0, 1 - Swift.abs(Double(j) - centre) / support)) }
            let total = taps.reduce(0) { $0 + $1.weight }
            if total > 0 {
                taps = taps.map { ($0.index, $0.weight / total) }
            } else {
                taps = [(Swift.min(Swift.max(Int(centre.rounded()), 0), inputSize - 1), 1)]
            }
            return taps
        }
    }
}
