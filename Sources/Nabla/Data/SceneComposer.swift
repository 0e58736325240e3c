/// Composes captioning scenes from small pictures: draws random scenes of `itemCounts` items from a
/// pool of images (say Fashion-MNIST's training items, or its test items for test scenes) and paints
/// them on a canvas.
///
/// The canvas is a grid of `rows` × `columns` square cells of `cellSize` pixels (the images' side plus
/// `margin`), black like Fashion-MNIST's background. Each item sits in its own cell, moved right and
/// down from the cell's corner by a random offset of 0…`margin` pixels, so the same item never lands
/// twice on exactly the same pixels. A scene's cells, items and offsets are drawn uniformly.
///
/// ```swift
/// let test = try MNIST.load(.fashionMNIST, split: .test)
/// let composer = try SceneComposer(images: test.images, labels: test.labels.scalars(as: Int.self))
/// let scenes = composer.randomScenes(count: 1000, seed: 7)          // 2 to 4 items each
/// let canvases = composer.batch(scenes)                               // [1000, 1, 64, 64]
/// ```
public struct SceneComposer: Sendable {
    /// The grid's number of rows and columns.
    public let rows: Int, columns: Int
    /// How many items a random scene holds (at most one per cell).
    public let itemCounts: ClosedRange<Int>
    /// The extra pixels of a cell beyond an image's side, and the largest offset of an item in its cell.
    public let margin: Int
    /// The side of the (square) images.
    public let imageSize: Int
    /// The labels of all images.
    public let labels: [Int]
    /// The images random scenes draw from (indices into `labels`).
    public let pool: [Int]
    private let pixels: [Float]

    /// A composer for the square images `images` `[N, S, S]` (grey values, 0 black) with their `labels`,
    /// drawing from the images at `pool` (all by default). Throws `SceneError` for shapes that do not
    /// fit, a grid outside 1…3 × 1…3, item counts outside 1…rows·columns or a pool index out of range.
    public init(images: Tensor, labels: [Int], pool: [Int]? = nil, rows: Int = 2, columns: Int = 2,
                itemCounts: ClosedRange<Int> = 2...4, margin: Int = 4) throws {
        guard images.rank == 3, images.shape[1] == images.shape[2], images.shape[1] > 0 else {
            throw SceneError("the images must have shape [N, S, S], got \(images.shape)")
        }
        guard labels.count == images.shape[0] else {
            throw SceneError("\(labels.count) labels for \(images.shape[0]) images")
        }
        guard (1...3).contains(rows), (1...3).contains(columns) else {
            throw SceneError("the grid must have 1 to 3 rows and columns, got \(rows) × \(columns)")
        }
        guard itemCounts.lowerBound >= 1, itemCounts.upperBound <= rows * columns else {
            throw SceneError("a \(rows) × \(columns) grid holds 1 to \(rows * columns) items, not \(itemCounts.lowerBound)...\(itemCounts.upperBound)")
        }
        guard margin >= 0 else { throw SceneError("the margin must not be negative, got \(margin)") }
        let pool = pool ?? Array(labels.indices)
        guard !pool.isEmpty, pool.allSatisfy(labels.indices.contains) else {
            throw SceneError("the pool must name at least one of the \(labels.count) images, and only those")
        }
        self.rows = rows
        self.columns = columns
        self.itemCounts = itemCounts
        self.margin = margin
        self.imageSize = images.shape[1]
        self.labels = labels
        self.pool = pool
        self.pixels = images.scalars
    }

    /// A cell's side in pixels: an image's side plus the margin.
    public var cellSize: Int { imageSize + margin }
    /// The canvas's height and width in pixels.
    public var height: Int { rows * cellSize }
    public var width: Int { columns * cellSize }

    /// `count` random scenes from a generator seeded with `seed`: each with a uniformly drawn number of
    /// items in uniformly drawn distinct cells, each item drawn uniformly from the pool with a uniform offset.
    public func randomScenes(count: Int, seed: UInt64) -> [ItemScene] {
        var generator = RandomGenerator(seed: seed)
        return (0..<count).map { _ in randomScene(using: &generator) }
    }

    /// One random scene drawn with `generator`.
    public func randomScene(using generator: inout RandomGenerator) -> ItemScene {
        var cells = Array(0..<rows * columns)
        generator.shuffle(&cells)
        let count = generator.nextInt(in: itemCounts)
        let items = cells.prefix(count).map { cell -> ItemScene.Item in
            let image = pool[generator.nextInt(below: pool.count)]
            return ItemScene.Item(label: labels[image], row: cell / columns, column: cell % columns, imageIndex: image,
                                  offsetX: generator.nextInt(in: 0...margin), offsetY: generator.nextInt(in: 0...margin))
        }
        // Distinct cells inside the grid: the scene is valid by construction.
        return try! ItemScene(rows: rows, columns: columns, items: items)
    }

    /// The canvas of `scene`, row after row (`height` × `width` grey values).
    public func canvas(_ scene: ItemScene) -> [Float] {
        var canvas = [Float](repeating: 0, count: height * width)
        paint(scene, into: &canvas, at: 0)
        return canvas
    }

    /// The canvases of `scenes` as one tensor `[N, 1, height, width]`, a convolutional network's input.
    public func batch(_ scenes: [ItemScene]) -> Tensor {
        let area = height * width
        var canvases = [Float](repeating: 0, count: scenes.count * area)
        for (index, scene) in scenes.enumerated() { paint(scene, into: &canvases, at: index * area) }
        return Tensor(canvases, shape: [scenes.count, 1, height, width])
    }

    private func paint(_ scene: ItemScene, into canvas: inout [Float], at start: Int) {
        require(scene.rows == rows && scene.columns == columns && scene.items.allSatisfy { $0.offsetX <= margin && $0.offsetY <= margin },
                     "SceneComposer: a \(scene.rows) × \(scene.columns) scene does not fit this \(rows) × \(columns) composer with margin \(margin)")
        let area = imageSize * imageSize
        for item in scene.items {
            let left = item.column * cellSize + item.offsetX, top = item.row * cellSize + item.offsetY
            for y in 0..<imageSize {
                let source = item.imageIndex * area + y * imageSize, target = start + (top + y) * width + left
                canvas.replaceSubrange(target..<target + imageSize, with: pixels[source..<source + imageSize])
            }
        }
    }
}
