import Foundation
import Testing
@testable import Nabla

/// `ImageGrid`: the layout arithmetic, the pixels it draws (separators, per-tile normalisation,
/// nearest-neighbour enlargement), PNG files read back by Nabla's own decoder, and bad tiles.
@Suite struct ImageGridTests {
    @Test func sixFiltersOfFiveByFiveFillThreeColumnsAndTwoRows() {
        let grid = ImageGrid(tileCount: 6, tileHeight: 5, tileWidth: 5, scale: 10)
        #expect(grid.columns == 3 && grid.rows == 2)
        #expect(grid.width == 3 * 50 + 4 && grid.height == 2 * 50 + 3)
        #expect(grid.origin(ofTile: 0) == (1, 1))
        #expect(grid.origin(ofTile: 2) == (1 + 2 * 51, 1))
        #expect(grid.origin(ofTile: 4) == (1 + 51, 1 + 51))
    }

    @Test(arguments: [(1, 1, 1), (2, 2, 1), (5, 3, 2), (16, 4, 4), (32, 6, 6), (64, 8, 8), (128, 12, 11)])
    func defaultColumnsMakeANearlySquareGrid(tileCount: Int, columns: Int, rows: Int) {
        let grid = ImageGrid(tileCount: tileCount, tileHeight: 7, tileWidth: 9)
        #expect(grid.columns == columns && grid.rows == rows)
        #expect(grid.columns * grid.rows >= tileCount && (grid.rows - 1) * grid.columns < tileCount)
        #expect(grid.width == columns * 10 + 1 && grid.height == rows * 8 + 1)
    }

    @Test func givenColumnsAreKeptButNeverExceedTheTiles() {
        let grid = ImageGrid(tileCount: 12, tileHeight: 3, tileWidth: 4, columns: 2, scale: 3)
        #expect(grid.columns == 2 && grid.rows == 6)
        #expect(grid.width == 2 * 13 + 1 && grid.height == 6 * 10 + 1)
        #expect(ImageGrid(tileCount: 3, tileHeight: 2, tileWidth: 2, columns: 10).columns == 3)
    }

    @Test func scaleReachesTheAskedSizeOnTheLongerSide() {
        #expect(ImageGrid.scale(toReach: 48, tileHeight: 5, tileWidth: 5) == 10)
        #expect(ImageGrid.scale(toReach: 48, tileHeight: 28, tileWidth: 28) == 2)
        #expect(ImageGrid.scale(toReach: 48, tileHeight: 7, tileWidth: 7) == 7)
        #expect(ImageGrid.scale(toReach: 48, tileHeight: 6, tileWidth: 12) == 4)
        #expect(ImageGrid.scale(toReach: 48, tileHeight: 64, tileWidth: 64) == 1)
    }

    @Test func eachTileIsNormalisedToItsOwnRangeAndEnlargedByRepeatingPixels() throws {
        // Tile 0 runs from -2 to 2, tile 1 from 10 to 40: both become black to white; tile 2 is constant.
        let tiles = double([-2, 0, 1, 2, 10, 40, 20, 30, 5, 5, 5, 5], [3, 2, 2])
        let grid = ImageGrid(tileCount: 3, tileHeight: 2, tileWidth: 2, columns: 2, scale: 3)
        let pixels = try grid.pixels(tiles)
        #expect(pixels.count == grid.width * grid.height * 3)
        func pixel(_ x: Int, _ y: Int) -> [UInt8] { Array(pixels[(y * grid.width + x) * 3..<(y * grid.width + x) * 3 + 3]) }
        func grey(_ level: UInt8) -> [UInt8] { [level, level, level] }
        let expected: [[UInt8]] = [[0, 128, 191, 255], [0, 255, 85, 170], [0, 0, 0, 0]]
        for tile in 0..<3 {
            let (left, top) = grid.origin(ofTile: tile)
            for y in 0..<6 {
                for x in 0..<6 {
                    #expect(pixel(left + x, top + y) == grey(expected[tile][(y / 3) * 2 + x / 3]), "tile \(tile) at (\(x), \(y))")
                }
            }
        }
        // The lines around and between the tiles, and the empty fourth cell, are the separator colour.
        for (x, y) in [(0, 0), (7, 3), (3, 7), (grid.width - 1, grid.height - 1), (10, 10), (0, 12)] {
            #expect(pixel(x, y) == ImageGrid.separatorColour, "(\(x), \(y))")
        }
    }

    @Test func pngFileReadsBackThroughNablasDecoder() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nabla-grid-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let tiles = uniform([5, 4, 3], seed: 7)
        let grid = ImageGrid(tileCount: 5, tileHeight: 4, tileWidth: 3, scale: 2)
        let url = directory.appendingPathComponent("grid.png")
        try grid.write(tiles, to: url)
        let image = try ImageFile.read(url)
        #expect(image.shape == [grid.height, grid.width])
        let grey = image.scalars(as: Double.self), pixels = try grid.pixels(tiles)
        // Grey pixels come back exactly (level / 255); the blue separator as its BT.601 luma.
        for index in 0..<grid.width * grid.height {
            let (r, g, b) = (Double(pixels[3 * index]), Double(pixels[3 * index + 1]), Double(pixels[3 * index + 2]))
            let expected = r == g && g == b ? r / 255 : (0.299 * r + 0.587 * g + 0.114 * b) / 255
            #expect(Swift.abs(grey[index] - expected) < 1e-6, "pixel \(index): \(grey[index]), expected \(expected)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["grid.png"], "no temporary file is left")
    }

    @Test func tilesOfTheWrongShapeOrWithNaNAreRefused() throws {
        let grid = ImageGrid(tileCount: 2, tileHeight: 3, tileWidth: 3)
        #expect(throws: ImageFileError(file: "image grid", problem: .cannotWrite("the tiles have shape [2, 9]; the grid needs [2, 3, 3]"))) {
            try grid.pixels(Tensor.zeros([2, 9]))
        }
        var values = [Double](repeating: 0, count: 18)
        values[4] = .nan
        #expect(throws: ImageFileError(file: "image grid", problem: .cannotWrite("the tiles hold NaN or infinite values"))) {
            try grid.pixels(double(values, [2, 3, 3]))
        }
    }

    @Test func aDirectoryThatCannotBeWrittenIsNamed() throws {
        let url = URL(fileURLWithPath: "/nonexistent-nabla-directory/grid.png")
        do {
            try ImageGrid(tileCount: 1, tileHeight: 2, tileWidth: 2).write(Tensor.zeros([1, 2, 2]), to: url)
            Issue.record("writing into a missing directory succeeded")
        } catch let error as ImageFileError {
            #expect(error.file == url.path)
            #expect("\(error)".contains("cannot write the image"), "\(error)")
        }
    }
}
