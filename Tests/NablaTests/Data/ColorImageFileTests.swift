import Foundation
import Testing
@testable import Nabla

/// Colour images as `[1, 3, H, W]` tensors: PNG and JPEG read and written, grey and transparent
/// images, and bad tensors, extensions and files ending in an `ImageFileError`.
@Suite struct ColorImageFileTests {
    static func temporaryURL(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("nabla-colour-\(UUID().uuidString)-\(name)")
    }

    /// A [1, 3, 5, 7] image of levels k/255, different in every plane.
    static let levels: Tensor = {
        let values: [Double] = (0..<105).map { (index: Int) -> Double in Double((index * 37) % 256) / 255 }
        return Tensor(values, shape: [1, 3, 5, 7])
    }()

    @Test func pngOfAColourFixtureGivesItsPlanes() throws {
        // rgb8.png (make_png_fixtures.py): red, green, blue and (200, 100, 50) in one row.
        let image = try ImageFile.decodeRGB(ImageFileTests.fixture("rgb8.png"))
        expectValues(image, [1, 0, 0, 200.0 / 255, 0, 1, 0, 100.0 / 255, 0, 0, 1, 50.0 / 255], shape: [1, 3, 1, 4], tolerance: 1e-7)
    }

    @Test func transparentPixelsAreCompositedOverTheBackground() throws {
        // rgba8.png: (255, 255, 255, 128), (200, 100, 50, 255) / (0, 0, 0, 0), (255, 255, 255, 0).
        let data = try ImageFileTests.fixture("rgba8.png")
        let overBlack = try ImageFile.decodeRGB(data, background: 0)
        let alpha = 128.0 / 255
        expectValues(overBlack.sliced(alongAxis: 1, 0..<1), [alpha, 200.0 / 255, 0, 0], shape: [1, 1, 2, 2], tolerance: 1e-6)
        let overWhite = try ImageFile.decodeRGB(data)
        expectValues(overWhite.sliced(alongAxis: 1, 2..<3), [1, 50.0 / 255, 1, 1], shape: [1, 1, 2, 2], tolerance: 1e-6)
    }

    @Test func greyImagesGetThreeEqualPlanes() throws {
        let grey = try ImageFile.decode(ImageFileTests.fixture("grey8.png"))
        let colour = try ImageFile.decodeRGB(ImageFileTests.fixture("grey8.png"))
        #expect(colour.shape == [1, 3] + grey.shape)
        for plane in 0..<3 {
            #expect(colour.sliced(alongAxis: 1, plane..<(plane + 1)).scalars(as: Double.self) == grey.scalars(as: Double.self))
        }
        let pgm = try ImageFile.decodeRGB(Data("P2\n2 1\n4\n1 3\n".utf8))
        expectValues(pgm, [0.25, 0.75, 0.25, 0.75, 0.25, 0.75], shape: [1, 3, 1, 2])
    }

    @Test func pngRoundTripIsExactForEightBitLevels() throws {
        let url = Self.temporaryURL("levels.png")
        defer { try? FileManager.default.removeItem(at: url) }
        try ImageFile.writeRGB(Self.levels, to: url)
        let back = try ImageFile.readRGB(url)
        expectValues(back, Self.levels.scalars(as: Double.self), shape: [1, 3, 5, 7], tolerance: 1e-7)
        // [3, H, W] is accepted as well, and values outside [0, 1] are clamped.
        try ImageFile.writeRGB(Tensor([-1, 2, 0.5], shape: [3, 1, 1]), to: url)
        expectValues(try ImageFile.readRGB(url), [0, 1, 128.0 / 255], shape: [1, 3, 1, 1], tolerance: 1e-7)
    }

    @Test func jpegRoundTripIsClose() throws {
        // A smooth image survives JPEG at quality 92 to within a few levels.
        var values: [Double] = []
        for plane in 0..<3 {
            for y in 0..<16 {
                for x in 0..<16 { values.append(0.2 + 0.6 * Double(x + y + 4 * plane) / 38) }
            }
        }
        let image = Tensor(values, shape: [1, 3, 16, 16])
        let url = Self.temporaryURL("smooth.jpg")
        defer { try? FileManager.default.removeItem(at: url) }
        try ImageFile.writeRGB(image, to: url)
        let bytes = try Data(contentsOf: url)
        #expect(bytes.starts(with: [0xFF, 0xD8, 0xFF]))
        let back = try ImageFile.readRGB(url)
        #expect(back.shape == [1, 3, 16, 16])
        let error = (back - image).abs().max().item
        #expect(error < 8.0 / 255, "largest difference \(error)")
        // The grey reader takes JPEG too: BT.601 luma of the colour planes.
        let grey = try ImageFile.read(url)
        #expect(grey.shape == [16, 16])
    }

    @Test func explicitQualityChangesTheFile() throws {
        let high = try ImageFile.rgbData(Self.levels, format: .jpeg(quality: 100))
        let low = try ImageFile.rgbData(Self.levels, format: .jpeg(quality: 10))
        #expect(high.count > low.count)
        #expect(ImageFile.ColorFormat(fileExtension: "JPEG") == .jpeg(quality: 92))
        #expect(ImageFile.ColorFormat(fileExtension: "png") == .png)
        #expect(ImageFile.ColorFormat(fileExtension: "gif") == nil)
    }

    @Test func badTensorsAndNamesAreRefused() throws {
        let url = Self.temporaryURL("out.bmp")
        #expect(throws: ImageFileError(file: url.path, problem: .cannotWrite("the file name must end in .png, .jpg or .jpeg, got \"\(url.lastPathComponent)\""))) {
            try ImageFile.writeRGB(Self.levels, to: url)
        }
        #expect(throws: ImageFileError(file: "x", problem: .cannotWrite("a colour image needs a tensor [1, 3, height, width] or [3, height, width], got shape [1, 4, 2, 2]"))) {
            try ImageFile.rgbData(Tensor.zeros([1, 4, 2, 2]), format: .png, file: "x")
        }
        #expect(throws: ImageFileError(file: "x", problem: .cannotWrite("the tensor holds NaN"))) {
            try ImageFile.rgbData(Tensor.full([1, 3, 1, 1], value: .nan), format: .png, file: "x")
        }
        #expect(throws: ImageFileError(file: "x", problem: .cannotWrite("JPEG quality 0 is outside 1 ... 100"))) {
            try ImageFile.rgbData(Self.levels, format: .jpeg(quality: 0), file: "x")
        }
    }

    @Test func brokenJPEGFilesEndInAnError() throws {
        let whole = try ImageFile.rgbData(Self.levels, format: .jpeg(quality: 90))
        for length in [3, 20, whole.count / 2] {
            do {
                let image = try ImageFile.decodeRGB(whole.prefix(length), file: "cut.jpg")
                // libjpeg fills a file cut inside its scan data with grey and warns; the header must have been whole.
                #expect(length == whole.count / 2 && image.shape == [1, 3, 5, 7], "a JPEG cut at \(length) bytes decoded to \(image.shape)")
            } catch let error as ImageFileError {
                guard case .invalidJPEG = error.problem else { Issue.record("\(error)"); continue }
                #expect(error.description.hasPrefix("cut.jpg: invalid JPEG: "), "\(error)")
            }
        }
    }
}
