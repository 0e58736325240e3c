import Foundation

/// Random changes to training images that keep their class, as the notes suggest to enlarge the
/// training set: shifts by a few pixels, small rotations, horizontal flips, and random erasing (a
/// rectangle of the image blacked out, so that the network cannot rely on any one part). Works on batches
/// of images `[N, H, W]` or `[N, C, H, W]`; each image gets its own random transformation.
///
/// ```swift
/// let augmentation = ImageAugmentation(maxShift: 2, horizontalFlip: true, erasingProbability: 0.5)
/// let loader = DataLoader(training, batchSize: 128, shuffle: true, augmentation: augmentation)
/// ```
public struct ImageAugmentation: Sendable {
    /// The largest shift in pixels along each axis (uniform in -maxShift...maxShift).
    public var maxShift: Int
    /// The largest rotation angle in degrees (uniform in ±maxRotation).
    public var maxRotation: Double
    /// Whether to mirror half of the images left to right (right for clothing, wrong for digits).
    public var horizontalFlip: Bool
    /// The probability that an image gets a rectangle set to 0 after the other changes (random erasing, as
    /// PyTorch's `RandomErasing`): its area is 2–33% of the image's, its aspect ratio between 0.3 and 3.3
    /// (uniform in the logarithm), its place uniform among those where it fits.
    public var erasingProbability: Double

    /// An augmentation with these limits; the defaults change nothing. Stops with a message if `maxShift` or
    /// `maxRotation` is negative, or `erasingProbability` is outside 0...1.
    public init(maxShift: Int = 0, maxRotation: Double = 0, horizontalFlip: Bool = false, erasingProbability: Double = 0) {
        require(maxShift >= 0 && maxRotation >= 0, "ImageAugmentation: maxShift and maxRotation must not be negative")
        require((0...1).contains(erasingProbability), "ImageAugmentation: erasingProbability must be in 0...1, got \(erasingProbability)")
        self.maxShift = maxShift
        self.maxRotation = maxRotation
        self.horizontalFlip = horizontalFlip
        self.erasingProbability = erasingProbability
    }

    /// The batch with every image transformed: each output pixel takes the bilinearly interpolated
    /// value at the source position p = R⁻¹(q - c - t) + c (R rotation, c centre, t shift, a flip
    /// mirroring x), and 0 outside the image. The arithmetic is done in `Double`, so `float64` images keep
    /// their precision (and untransformed images come back exactly).
    public func apply(to images: Tensor, generator: inout RandomGenerator) -> Tensor {
        require(images.rank == 3 || images.rank == 4, "ImageAugmentation expects images [N, H, W] or [N, C, H, W], got \(images.shape)")
        let n = images.shape[0], height = images.shape[images.rank - 2], width = images.shape[images.rank - 1]
        let channels = images.rank == 4 ? images.shape[1] : 1
        let source = images.scalars(as: Double.self)
        var output = [Double](repeating: 0, count: source.count)
        let plane = height * width
        for image in 0..<n {
            let dx = Double(generator.nextInt(in: -maxShift...maxShift))
            let dy = Double(generator.nextInt(in: -maxShift...maxShift))
            let angle = maxRotation > 0 ? generator.nextUniform(in: -maxRotation...maxRotation) * .pi / 180 : 0
            let flip = horizontalFlip && generator.nextInt(below: 2) == 1
            let (cosine, sine) = (Foundation.cos(angle), Foundation.sin(angle))
            let cx = Double(width - 1) / 2, cy = Double(height - 1) / 2
            for channel in 0..<channels {
                let base = (image * channels + channel) * plane
                for y in 0..<height {
                    for x in 0..<width {
                        // Undo the shift and the rotation about the centre, then the flip.
                        let u = Double(x) - cx - dx, v = Double(y) - cy - dy
                        var sx = cosine * u + sine * v + cx
                        let sy = -sine * u + cosine * v + cy
                        if flip { sx = Double(width - 1) - sx }
                        output[base + y * width + x] = Self.bilinear(source, base, width, height, sx, sy)
                    }
                }
            }
            if erasingProbability > 0, generator.nextUniform() < erasingProbability,
               let (top, left, rows, columns) = Self.erasedRectangle(height: height, width: width, generator: &generator) {
                for channel in 0..<channels {
                    let base = (image * channels + channel) * plane
                    for y in top..<(top + rows) {
                        for x in left..<(left + columns) { output[base + y * width + x] = 0 }
                    }
                }
            }
        }
        return Tensor(output, shape: images.shape, dtype: images.dtype)
    }

    /// A rectangle for random erasing: area s·H·W with s uniform in 0.02...0.33, aspect ratio r = rows/columns
    /// with ln r uniform in ln 0.3...ln 3.3; up to 10 draws until one fits, else `nil` (nothing erased).
    private static func erasedRectangle(height: Int, width: Int, generator: inout RandomGenerator) -> (top: Int, left: Int, rows: Int, columns: Int)? {
        let area = Double(height * width)
        for _ in 0..<10 {
            let target = area * generator.nextUniform(in: 0.02...0.33)
            let ratio = Foundation.exp(generator.nextUniform(in: Foundation.log(0.3)...Foundation.log(3.3)))
            let rows = Int((target * ratio).squareRoot().rounded()), columns = Int((target / ratio).squareRoot().rounded())
            guard rows >= 1, columns >= 1, rows < height, columns < width else { continue }
            return (generator.nextInt(in: 0...(height - rows)), generator.nextInt(in: 0...(width - columns)), rows, columns)
        }
        return nil
    }

    /// The image value at the real position (x, y), interpolated between the four nearest pixels (0 outside).
    private static func bilinear(_ pixels: [Double], _ base: Int, _ width: Int, _ height: Int, _ x: Double, _ y: Double) -> Double {
        let x0 = Int(Foundation.floor(x)), y0 = Int(Foundation.floor(y))
        let fx = x - Double(x0), fy = y - Double(y0)
        func pixel(_ px: Int, _ py: Int) -> Double {
            px >= 0 && px < width && py >= 0 && py < height ? pixels[base + py * width + px] : 0
        }
        let top = pixel(x0, y0) * (1 - fx) + pixel(x0 + 1, y0) * fx
        let bottom = pixel(x0, y0 + 1) * (1 - fx) + pixel(x0 + 1, y0 + 1) * fx
        return top * (1 - fy) + bottom * fy
    }
}
