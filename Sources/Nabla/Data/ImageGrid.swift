import Foundation

/// Many small images side by side in one PNG picture: a convolution layer's filters, or the feature maps
/// it makes of one image. The tiles sit row by row in a grid, each scaled up `scale` times by repeating
/// its pixels (nearest neighbour, so a 5×5 filter stays 25 sharp squares), with lines one pixel wide
/// between and around them in a blue that no grey value takes.
///
/// Each tile is normalised to its own range: its smallest value becomes black, its largest white, so
/// every tile shows its pattern at full contrast, but tiles cannot be compared by brightness. A
/// constant tile (a feature map that is zero everywhere) is black.
///
/// ```swift
/// let filters = conv.weight.reshaped([6, 5, 5])                      // Conv2d(1, 6, kernelSize: 5)
/// let grid = ImageGrid(tileCount: 6, tileHeight: 5, tileWidth: 5, scale: 10)
/// (grid.columns, grid.rows, grid.width, grid.height)                 // (3, 2, 154, 103)
/// try grid.write(filters, to: URL(fileURLWithPath: "filters.png"))
/// ```
public struct ImageGrid: Equatable, Sendable {
    /// The number of tiles.
    public let tileCount: Int
    /// The height and width of a tile before scaling, in pixels.
    public let tileHeight: Int, tileWidth: Int
    /// Tiles per row (by default ⌈√tileCount⌉, a square-ish grid) and the rows they fill.
    public let columns: Int, rows: Int
    /// How many picture pixels each tile pixel becomes along each axis.
    public let scale: Int

    /// The red, green and blue of the separating lines and of cells without a tile.
    public static let separatorColour: [UInt8] = [70, 110, 200]

    /// A grid for `tileCount` tiles of `tileHeight` × `tileWidth` pixels, `columns` to a row (default
    /// ⌈√tileCount⌉), each pixel drawn as a `scale` × `scale` square. Stops with a message unless all are positive.
    public init(tileCount: Int, tileHeight: Int, tileWidth: Int, columns: Int? = nil, scale: Int = 1) {
        require(tileCount > 0 && tileHeight > 0 && tileWidth > 0 && scale > 0 && (columns ?? 1) > 0,
                "ImageGrid: tile count (\(tileCount)), tile size (\(tileHeight)×\(tileWidth)), columns (\(columns.map(String.init) ?? "default")) and scale (\(scale)) must be positive")
        self.tileCount = tileCount
        self.tileHeight = tileHeight
        self.tileWidth = tileWidth
        self.scale = scale
        let columns = Swift.min(columns ?? Int(Double(tileCount).squareRoot().rounded(.up)), tileCount)
        self.columns = columns
        self.rows = (tileCount + columns - 1) / columns
    }

    /// The smallest scale that draws the tile's longer side over at least `pixels` picture pixels (at least 1).
    public static func scale(toReach pixels: Int, tileHeight: Int, tileWidth: Int) -> Int {
        Swift.max(1, (pixels + Swift.max(tileHeight, tileWidth) - 1) / Swift.max(tileHeight, tileWidth, 1))
    }

    /// The picture's width: the tiles of a row and a line before, between and after them.
    public var width: Int { columns * (tileWidth * scale + 1) + 1 }
    /// The picture's height: the rows of tiles and a line before, between and after them.
    public var height: Int { rows * (tileHeight * scale + 1) + 1 }

    /// The picture coordinates of the top left pixel of tile `index` (tiles fill the grid row by row).
    public func origin(ofTile index: Int) -> (x: Int, y: Int) {
        (1 + (index % columns) * (tileWidth * scale + 1), 1 + (index / columns) * (tileHeight * scale + 1))
    }

    /// The picture's pixels, row after row, three bytes (red, green, blue) each, for `tiles` of shape
    /// `[tileCount, tileHeight, tileWidth]`.
    /// - Throws: `ImageFileError` (naming `file`) if the shape does not fit the grid or a value is NaN or infinite.
    public func pixels(_ tiles: Tensor, file: String = "image grid") throws -> [UInt8] {
        guard tiles.shape == [tileCount, tileHeight, tileWidth] else {
            throw ImageFileError(file: file, problem: .cannotWrite("the tiles have shape \(tiles.shape); the grid needs [\(tileCount), \(tileHeight), \(tileWidth)]"))
        }
        let values = tiles.scalars(as: Double.self)
        guard values.allSatisfy(\.isFinite) else {
            throw ImageFileError(file: file, problem: .cannotWrite("the tiles hold NaN or infinite values"))
        }
        var picture = [UInt8](repeating: 0, count: width * height * 3)
        for pixel in 0..<width * height { picture.replaceSubrange(3 * pixel..<3 * pixel + 3, with: Self.separatorColour) }
        let area = tileHeight * tileWidth
        for tile in 0..<tileCount {
            let levels = Self.greyLevels(values[tile * area..<(tile + 1) * area])
            let (left, top) = origin(ofTile: tile)
            for y in 0..<tileHeight * scale {
                let rowStart = ((top + y) * width + left) * 3, sourceRow = (y / scale) * tileWidth
                for x in 0..<tileWidth * scale {
                    let level = levels[sourceRow + x / scale]
                    picture[rowStart + 3 * x] = level
                    picture[rowStart + 3 * x + 1] = level
                    picture[rowStart + 3 * x + 2] = level
                }
            }
        }
        return picture
    }

    /// The bytes of a PNG file of the picture of `tiles` (see `pixels`).
    public func pngData(_ tiles: Tensor, file: String = "image grid") throws -> Data {
        try PNGEncoder.encode(pixels(tiles, file: file), width: width, height: height, channels: 3, file: file)
    }

    /// Writes the picture of `tiles` as a PNG file, replacing any file at `url` atomically (readers see
    /// the old file or the new one, never a partial one).
    /// - Throws: `ImageFileError` naming the file.
    public func write(_ tiles: Tensor, to url: URL) throws {
        let data = try pngData(tiles, file: url.path)
        do {
            try AtomicFile.write(data, to: url)
        } catch {
            throw ImageFileError(file: url.path, problem: .cannotWrite("\(error)"))
        }
    }

    /// One tile's values as grey levels, its minimum black (0) and its maximum white (255).
    static func greyLevels(_ values: ArraySlice<Double>) -> [UInt8] {
        let low = values.min() ?? 0, high = values.max() ?? 0
        guard high > low else { return [UInt8](repeating: 0, count: values.count) }
        return values.map { UInt8(((($0 - low) / (high - low)) * 255).rounded()) }
    }
}
