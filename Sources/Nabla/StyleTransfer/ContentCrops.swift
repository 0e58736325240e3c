/// Random square crops of a set of content images, mirrored left–right half of the time: the training
/// batches of `FastStyleTraining` drawn from a few photos.
///
/// ```swift
/// let crops = ContentCrops([photo1, photo2])          // each [1, 3, H, W]
/// var generator = RandomGenerator(seed: 1)
/// let batch = crops.batch(count: 4, side: 128, generator: &generator)   // [4, 3, 128, 128]
/// ```
public struct ContentCrops: Sendable {
    /// The images, each `[3, H, W]` as its scalars in row-major order, with its height and width.
    private let images: [(scalars: [Float], height: Int, width: Int)]

    /// The number of images.
    public var count: Int { images.count }
    /// The smallest height or width among the images: the largest crop that `batch` can cut.
    public let smallestSide: Int

    /// Crops of `images`, each `[1, 3, H, W]` or `[3, H, W]`; at least one is needed.
    public init(_ images: [Tensor]) {
        require(!images.isEmpty, "ContentCrops: at least one image is needed")
        self.images = images.map { image in
            let planes = image.rank == 4 && image.shape[0] == 1 ? image.reshaped(Array(image.shape.dropFirst())) : image
            require(planes.rank == 3 && planes.shape[0] == 3, "ContentCrops: expects colour images [1, 3, H, W] or [3, H, W], got \(image.shape)")
            return (planes.scalars(as: Float.self), planes.shape[1], planes.shape[2])
        }
        smallestSide = self.images.map { Swift.min($0.height, $0.width) }.min()!
    }

    /// `count` crops `side` × `side` pixels, `[count, 3, side, side]` `float32`, each from an image, a position
    /// and a mirroring drawn from `generator`.
    public func batch(count: Int, side: Int, generator: inout RandomGenerator) -> Tensor {
        require(count > 0, "ContentCrops: the batch needs at least one crop, got \(count)")
        require(side > 0 && side <= smallestSide, "ContentCrops: crops must be 1 ... \(smallestSide) pixels (the smallest image side), got \(side)")
        var scalars = [Float]()
        scalars.reserveCapacity(count * 3 * side * side)
        for _ in 0..<count {
            let image = images[generator.nextInt(below: images.count)]
            let top = generator.nextInt(in: 0...(image.height - side))
            let left = generator.nextInt(in: 0...(image.width - side))
            let mirrored = generator.nextUniform() < 0.5
            for channel in 0..<3 {
                for row in top..<(top + side) {
                    let start = (channel * image.height + row) * image.width + left
                    let line = image.scalars[start..<(start + side)]
                    scalars.append(contentsOf: mirrored ? Array(line.reversed()) : Array(line))
                }
            }
        }
        return Tensor(scalars, shape: [count, 3, side, side])
    }
}
