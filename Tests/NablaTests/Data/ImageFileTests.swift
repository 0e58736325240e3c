import Foundation
import Testing
@testable import Nabla

/// Reading PGM and PNG images as grey tensors and writing PGM: exact round trips, PGM files written
/// byte by byte, PNG files made by `Tests/Fixtures/images/make_png_fixtures.py` (Python's zlib and
/// struct, no PNG library), every kind of bad input ending in an `ImageFileError`, and a seeded fuzz.
@Suite struct ImageFileTests {
    // MARK: Helpers

    /// The directory of PNG fixtures, found from this source file's path.
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/images", isDirectory: true)

    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: fixtures.appendingPathComponent(name))
    }

    /// The problem `body` throws, or `nil` (recording an issue) if it throws none or another error.
    static func problem(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Tensor) -> ImageFileError.Problem? {
        do {
            let tensor = try body()
            Issue.record("expected an ImageFileError, got a tensor of shape \(tensor.shape)", sourceLocation: sourceLocation)
        } catch let error as ImageFileError {
            return error.problem
        } catch {
            Issue.record("expected an ImageFileError, got \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    /// The problem with decoding `bytes` (ASCII text is convenient for PGM).
    static func problem(decoding bytes: Data, sourceLocation: SourceLocation = #_sourceLocation) -> ImageFileError.Problem? {
        problem(sourceLocation: sourceLocation) { try ImageFile.decode(bytes) }
    }

    /// The grey value of an 8-bit colour under the BT.601 luma weights.
    static func luma(_ r: Double, _ g: Double, _ b: Double) -> Double { (0.299 * r + 0.587 * g + 0.114 * b) / 255 }

    /// A PNG with every chunk's CRC recomputed, so that a mutated file gets past the checksums and
    /// into libpng's header, decompression and filtering code.
    static func withFixedCRCs(_ png: [UInt8]) -> [UInt8] {
        var bytes = png, offset = 8
        while offset + 12 <= bytes.count {
            let length = Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            let end = offset + 8 + length
            guard length < 1 << 24, end + 4 <= bytes.count else { break }
            let crc = crc32(bytes[(offset + 4)..<end])
            for k in 0..<4 { bytes[end + k] = UInt8(truncatingIfNeeded: crc >> (24 - 8 * k)) }
            offset = end + 4
        }
        return bytes
    }

    /// CRC-32 as PNG defines it (polynomial 0xEDB88320, reflected, inverted before and after).
    static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// `png` with the IHDR's width and height replaced (and its CRC fixed).
    static func png(_ png: Data, resizedTo width: UInt32, _ height: UInt32) -> Data {
        var bytes = [UInt8](png)
        for k in 0..<4 {
            bytes[16 + k] = UInt8(truncatingIfNeeded: width >> (24 - 8 * k))
            bytes[20 + k] = UInt8(truncatingIfNeeded: height >> (24 - 8 * k))
        }
        return Data(withFixedCRCs(bytes))
    }

    // MARK: PGM

    @Test func binaryPGMRoundTripsExactly() throws {
        let directory = try makeTemporaryDirectory("nabla-image-test")
        defer { removeDirectory(directory) }
        let values = (0..<12).map { Float($0 * 23) / 255 }
        let image = Tensor(values, shape: [3, 4])
        let url = directory.appendingPathComponent("ramp.pgm")
        try ImageFile.write(image, pgmTo: url)

        let bytes = try Data(contentsOf: url)
        #expect(bytes.prefix(11) == Data("P5\n4 3\n255\n".utf8))
        #expect(bytes.count == 11 + 12)
        #expect(Array(bytes.suffix(12)) == (0..<12).map { UInt8($0 * 23) })
        let read = try ImageFile.read(url)
        #expect(read.shape == [3, 4] && read.dtype == .float32)
        #expect(read.scalars == values)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["ramp.pgm"])   // no temporary left
    }

    @Test func greyPNGRoundTripsExactlyAndBadTensorsAreRefused() throws {
        let directory = try makeTemporaryDirectory("nabla-image-test")
        defer { removeDirectory(directory) }
        let values = (0..<12).map { Float($0 * 23) / 255 }
        let url = directory.appendingPathComponent("ramp.png")
        try ImageFile.write(Tensor(values, shape: [3, 4]), pngTo: url)
        let read = try ImageFile.read(url)
        #expect(read.shape == [3, 4] && read.scalars == values)
        #expect(throws: ImageFileError.self) { try ImageFile.write(Tensor(values), pngTo: url) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["ramp.png"])
    }

    @Test func sixteenBitPGMRoundTripsExactly() throws {
        let directory = try makeTemporaryDirectory("nabla-image-test")
        defer { removeDirectory(directory) }
        let levels = [0, 1, 255, 256, 32768, 65534, 65535]
        let image = Tensor(levels.map { Float($0) / 65535 }, shape: [1, 7])
        let url = directory.appendingPathComponent("deep.pgm")
        try ImageFile.write(image, pgmTo: url, maxval: 65535)
        let bytes = try Data(contentsOf: url)
        #expect(Array(bytes.suffix(14)) == levels.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })   // big-endian
        #expect(try ImageFile.read(url).scalars == image.scalars)
    }

    @Test func writingClampsAndRounds() throws {
        let image = Tensor([-0.5, 0, 0.5, 0.501, 1, 7, .infinity, -.infinity], shape: [2, 4])
        let bytes = try ImageFile.pgmData(image)
        #expect(Array(bytes.suffix(8)) == [0, 0, 128, 128, 255, 255, 255, 0])
        let few = try ImageFile.pgmData(Tensor([0.2, 0.3], shape: [1, 2]), maxval: 3)
        #expect(few == Data("P5\n2 1\n3\n".utf8) + Data([1, 1]))
        // float64 tensors are written too; the image read back is float32.
        let double = Tensor([0.25, 0.75], shape: [1, 2], dtype: .float64)
        #expect(try ImageFile.decode(try ImageFile.pgmData(double, maxval: 4)).scalars == [0.25, 0.75])
    }

    @Test func textPGMWithCommentsAndOddWhitespace() throws {
        let text = "P2\n# a comment\n3  # width\n\t2\r\n# maxval next\n1000\n0 500 1000\n  999\n\n7 # trailing\n1\n"
        let image = try ImageFile.decode(Data(text.utf8))
        #expect(image.shape == [2, 3])
        #expect(image.scalars == [0, 500, 1000, 999, 7, 1].map { Float($0) / 1000 })
    }

    @Test func binaryPGMWithTwoByteSamplesAndHeaderComments() throws {
        var bytes = Data("P5 # binary\n2 1 # one row\n1000\n".utf8)
        bytes += Data([0x03, 0xE8, 0x00, 0x07])   // 1000, 7
        bytes += Data("P5 another image may follow".utf8)
        #expect(try ImageFile.decode(bytes).scalars == [1, Float(7) / 1000])
        // A comment may even sit between maxval and the single whitespace byte before the raster.
        let commented = Data("P5\n1 1\n255# the raster follows\n".utf8) + Data([51])
        #expect(try ImageFile.decode(commented).scalars == [0.2])
    }

    @Test func theFormatComesFromTheBytesNotTheName() throws {
        let directory = try makeTemporaryDirectory("nabla-image-test")
        defer { removeDirectory(directory) }
        let pgmNamedPNG = directory.appendingPathComponent("really-a-pgm.png")
        try ImageFile.write(Tensor([1, 0], shape: [1, 2]), pgmTo: pgmNamedPNG)
        #expect(try ImageFile.read(pgmNamedPNG).scalars == [1, 0])
        let pngNamedPGM = directory.appendingPathComponent("really-a-png.pgm")
        try Self.fixture("grey8.png").write(to: pngNamedPGM)
        #expect(try ImageFile.read(pngNamedPGM).shape == [2, 3])
    }

    // MARK: PNG

    @Test func greyPNG() throws {
        let image = try ImageFile.decode(Self.fixture("grey8.png"))
        expectValues(image, [0, 128, 255, 255, 64, 1].map { $0 / 255 }, shape: [2, 3], tolerance: 1e-7)
        #expect(image.dtype == .float32)
    }

    @Test func sixteenBitGreyPNGIsScaledToEightBits() throws {
        let image = try ImageFile.decode(Self.fixture("grey16.png"))
        expectValues(image, [0, 128.0 / 255, 1, 10.0 / 255], shape: [2, 2], tolerance: 1e-7)
    }

    @Test func colourPNGBecomesBT601Luma() throws {
        let image = try ImageFile.decode(Self.fixture("rgb8.png"))
        expectValues(image, [0.299, 0.587, 0.114, Self.luma(200, 100, 50)], shape: [1, 4], tolerance: 1e-6)
    }

    @Test func transparencyIsCompositedOverTheBackground() throws {
        let data = try Self.fixture("rgba8.png")
        let alpha = 128.0 / 255
        let overBlack = try ImageFile.decode(data)
        expectValues(overBlack, [alpha, Self.luma(200, 100, 50), 0, 0], shape: [2, 2], tolerance: 1e-6)
        let overWhite = try ImageFile.decode(data, background: 1)
        expectValues(overWhite, [1, Self.luma(200, 100, 50), 1, 1], shape: [2, 2], tolerance: 1e-6)
        let overGrey = try ImageFile.decode(data, background: 0.5)
        expectValues(overGrey, [alpha + (1 - alpha) * 0.5, Self.luma(200, 100, 50), 0.5, 0.5], shape: [2, 2], tolerance: 1e-6)
    }

    @Test func sixteenBitGreyWithAlphaPNG() throws {
        let image = try ImageFile.decode(Self.fixture("greyalpha16.png"))
        expectValues(image, [128.0 / 255, 0], shape: [1, 2], tolerance: 1e-6)
    }

    @Test func palettePNGWithTransparentEntry() throws {
        let image = try ImageFile.decode(Self.fixture("palette2.png"))
        expectValues(image, [0, 1, 0.299, 128.0 / 255 * 0.114, 0], shape: [1, 5], tolerance: 1e-6)
    }

    @Test func interlacedPNG() throws {
        let image = try ImageFile.decode(Self.fixture("interlaced9.png"))
        let expected = (0..<9).flatMap { r in (0..<9).map { c in Double(10 * r + c) / 255 } }
        expectValues(image, expected, shape: [9, 9], tolerance: 1e-7)
    }

    // MARK: Errors

    @Test func unknownAndUnsupportedFormatsAreNamed() throws {
        #expect(Self.problem(decoding: Data()) == .notAnImage(firstBytes: []))
        #expect(Self.problem(decoding: Data("hello, world".utf8)) == .notAnImage(firstBytes: Array("hello, w".utf8)))
        if case .invalidJPEG = Self.problem(decoding: Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10])) {} else {
            Issue.record("a JPEG cut short after its first marker must be an invalid JPEG")
        }
        #expect(Self.problem(decoding: Data("GIF89a".utf8)) == .unsupportedFormat("GIF"))
        #expect(Self.problem(decoding: Data("RIFF\0\0\0\0WEBPVP8 ".utf8)) == .unsupportedFormat("WebP"))
        #expect(Self.problem(decoding: Data("P6\n1 1\n255\n\0\0\0".utf8)) == .unsupportedFormat("Netpbm P6 (PPM colour, binary)"))
        #expect(Self.problem(decoding: Data("P3\n1 1\n255\n0 0 0".utf8)) == .unsupportedFormat("Netpbm P3 (PPM colour, text)"))
        #expect(Self.problem(decoding: Data("P9\n".utf8)) == .notAnImage(firstBytes: Array("P9\n".utf8)))
        #expect(Self.problem(decoding: Data("P5".utf8)) == .notAnImage(firstBytes: Array("P5".utf8)))
    }

    @Test func malformedPGMHeaders() throws {
        #expect(Self.problem(decoding: Data("P5\n28x28\n255\n".utf8)) == .malformedHeader("expected whitespace after the width, found 'x'"))
        #expect(Self.problem(decoding: Data("P5\nabc".utf8)) == .malformedHeader("expected the width, found 'a'"))
        #expect(Self.problem(decoding: Data("P2\n-1 2\n255\n".utf8)) == .malformedHeader("expected the width, found '-'"))
        #expect(Self.problem(decoding: Data("P5\n99999999999999999999 1\n255\n".utf8)) == .malformedHeader("the width has too many digits"))
        #expect(Self.problem(decoding: Data("P5\n2 ".utf8)) == .truncated("the header ends before the height"))
        #expect(Self.problem(decoding: Data("P5\n2 2\n255".utf8)) == .truncated("the header ends after the maxval"))
        #expect(Self.problem(decoding: Data("P5 # no end to this comment".utf8)) == .truncated("the header ends before the width"))
    }

    @Test func badDimensionsAndOversizedImages() throws {
        #expect(Self.problem(decoding: Data("P5\n0 5\n255\n".utf8)) == .badDimensions(width: 0, height: 5))
        #expect(Self.problem(decoding: Data("P2\n5 0\n255\n".utf8)) == .badDimensions(width: 5, height: 0))
        #expect(Self.problem(decoding: Data("P5\n8001 8000\n255\n".utf8)) == .tooLarge(width: 8001, height: 8000))
        #expect(Self.problem(decoding: Data("P5\n2147483647 2147483647\n255\n".utf8)) == .tooLarge(width: 2147483647, height: 2147483647))
        // The limit itself is allowed as far as the header goes (this file is then too short).
        #expect(Self.problem(decoding: Data("P5\n8000 8000\n255\n".utf8))
            == .truncated("the raster needs 64000000 bytes, the file has 0 after the header"))
        let png = try Self.fixture("grey8.png")
        #expect(Self.problem(decoding: Self.png(png, resizedTo: 9000, 9000)) == .tooLarge(width: 9000, height: 9000))
    }

    @Test func unsupportedPGMVariantsAndBadSamples() throws {
        #expect(Self.problem(decoding: Data("P5\n1 1\n70000\n".utf8)) == .unsupportedFormat("PGM with maxval 70000 (PGM allows 1 to 65535)"))
        #expect(Self.problem(decoding: Data("P2\n1 1\n0\n0".utf8)) == .unsupportedFormat("PGM with maxval 0 (PGM allows 1 to 65535)"))
        #expect(Self.problem(decoding: Data("P2\n2 2\n9\n1 2\n3 10\n".utf8))
            == .invalidData("sample 10 at row 1, column 1 exceeds maxval 9"))
        #expect(Self.problem(decoding: Data("P5\n2 1\n100\n".utf8) + Data([5, 101]))
            == .invalidData("sample 101 at row 0, column 1 exceeds maxval 100"))
        #expect(Self.problem(decoding: Data("P5\n1 1\n300\n".utf8) + Data([0x01, 0x2D]))
            == .invalidData("sample 301 at row 0, column 0 exceeds maxval 300"))
        #expect(Self.problem(decoding: Data("P2\n2 1\n9\n1 x 2 3".utf8)) == .invalidData("unexpected 'x' in the text raster (sample 1)"))
    }

    @Test func truncatedFiles() throws {
        let pgm = try ImageFile.pgmData(Tensor([Float](repeating: 0.5, count: 6), shape: [2, 3]))
        #expect(Self.problem(decoding: pgm.dropLast()) == .truncated("the raster needs 6 bytes, the file has 5 after the header"))
        #expect(Self.problem(decoding: Data("P2\n2 2\n9\n1 2 3".utf8)) == .truncated("4 text samples need at least 7 bytes, the file has 6 after the header"))
        #expect(Self.problem(decoding: Data("P2\n2 2\n9\n1 2 3      ".utf8)) == .truncated("the text raster ends after 3 of 4 samples"))
        let png = try Self.fixture("interlaced9.png")
        // Cut anywhere up to the last image data (the final IEND chunk is 12 bytes; libpng's
        // simplified reader stops once it has the pixels, so a damaged IEND goes unnoticed).
        for length in [8, 20, 33, 60, png.count - 40, png.count - 13] {
            guard case .invalidPNG(let message)? = Self.problem(decoding: png.prefix(length)) else {
                Issue.record("a PNG cut to \(length) bytes should be rejected by libpng")
                continue
            }
            #expect(!message.isEmpty)
        }
    }

    @Test func damagedPNGIsRejectedByLibpng() throws {
        var png = [UInt8](try Self.fixture("grey8.png"))
        png[29] ^= 0xFF   // the IHDR's CRC
        guard case .invalidPNG(let message)? = Self.problem(decoding: Data(png)) else {
            Issue.record("a PNG with a bad IHDR checksum should be rejected by libpng")
            return
        }
        #expect(message.lowercased().contains("crc"))
        // A colour type PNG does not define (5), with the checksum made right.
        png[29] ^= 0xFF
        png[25] = 5
        guard case .invalidPNG? = Self.problem(decoding: Data(Self.withFixedCRCs(png))) else {
            Issue.record("a PNG with colour type 5 should be rejected by libpng")
            return
        }
    }

    @Test func errorsNameTheFile() throws {
        let directory = try makeTemporaryDirectory("nabla-image-test")
        defer { removeDirectory(directory) }
        let missing = directory.appendingPathComponent("missing.png")
        #expect(Self.problem { try ImageFile.read(missing) } == .unreadable("no such file"))
        #expect(Self.problem { try ImageFile.read(directory) } == .unreadable("is a directory, not a regular file"))

        let text = directory.appendingPathComponent("notes.png")
        try Data("not an image".utf8).write(to: text)
        do {
            _ = try ImageFile.read(text)
            Issue.record("expected an error")
        } catch let error as ImageFileError {
            #expect(error.file == text.path)
            #expect(error.description == "\(text.path): not a PNG, JPEG or PGM image (it starts with bytes 6e 6f 74 20 61 6e 20 69)")
            #expect(error.localizedDescription == error.description)
        }
        let huge = ImageFileError(file: "big.pgm", problem: .tooLarge(width: 9000, height: 9000))
        #expect(huge.description == "big.pgm: image too large: 9000 × 9000 pixels, the limit is 64 megapixels")
    }

    @Test func writingRejectsWhatIsNotAnImage() throws {
        func writeProblem(_ tensor: Tensor, maxval: Int = 255, to url: URL = URL(fileURLWithPath: "/tmp/x.pgm")) -> ImageFileError.Problem? {
            do {
                try ImageFile.write(tensor, pgmTo: url, maxval: maxval)
                Issue.record("expected an error")
            } catch let error as ImageFileError {
                return error.problem
            } catch {
                Issue.record("expected an ImageFileError, got \(error)")
            }
            return nil
        }
        #expect(writeProblem(Tensor([1, 2, 3])) == .cannotWrite("an image needs a non-empty [height, width] tensor, got shape [3]"))
        #expect(writeProblem(Tensor.zeros([0, 4])) == .cannotWrite("an image needs a non-empty [height, width] tensor, got shape [0, 4]"))
        #expect(writeProblem(Tensor([0, .nan], shape: [1, 2])) == .cannotWrite("the tensor holds NaN"))
        #expect(writeProblem(Tensor([0], shape: [1, 1]), maxval: 0) == .cannotWrite("maxval 0 is outside 1 ... 65535"))
        #expect(writeProblem(Tensor([0], shape: [1, 1]), maxval: 65536) == .cannotWrite("maxval 65536 is outside 1 ... 65535"))
        let nowhere = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/x.pgm")
        guard case .cannotWrite? = writeProblem(Tensor([0], shape: [1, 1]), to: nowhere) else {
            Issue.record("writing into a missing directory should fail")
            return
        }
    }

    // MARK: Fuzz

    /// Random bytes, random bytes behind each magic, and valid files with bytes flipped, inserted,
    /// deleted or cut off (PNGs with their checksums repaired, to reach the decoder): every input
    /// must give a well-formed image or an `ImageFileError`, never a crash.
    @Test func fuzzedInputsNeverCrash() throws {
        var generator = RandomGenerator(seed: 20_240_611)
        func random(_ range: Range<Int>) -> Int { Int.random(in: range, using: &generator) }
        func randomBytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) } }

        let pgmText = Array("P2\n# fuzz\n4 3\n15\n0 1 2 3\n4 5 6 7\n8 9 10 15\n".utf8)
        let pgmBinary = [UInt8](try ImageFile.pgmData(Tensor.linspace(0, 1, count: 12).reshaped([3, 4])))
        let pgmDeep = [UInt8](try ImageFile.pgmData(Tensor.linspace(0, 1, count: 12).reshaped([4, 3]), maxval: 4000))
        let pngs = try ["grey8.png", "grey16.png", "rgb8.png", "rgba8.png", "greyalpha16.png", "palette2.png", "interlaced9.png"]
            .map { [UInt8](try Self.fixture($0)) }
        let seeds = [pgmText, pgmBinary, pgmDeep] + pngs
        let magics = [ImageFormat.pngSignature, Array("P5\n".utf8), Array("P2 ".utf8), Array("P6\n".utf8)]

        var decoded = 0, rejected = 0
        func check(_ input: [UInt8]) {
            do {
                let image = try ImageFile.decode(Data(input), file: "fuzz")
                #expect(image.rank == 2 && image.count > 0 && image.count <= ImageFile.maximumPixelCount)
                #expect(image.scalars.allSatisfy { $0 >= 0 && $0 <= 1 }, "values outside [0, 1] from \(input)")
                decoded += 1
            } catch is ImageFileError {
                rejected += 1
            } catch {
                Issue.record("unexpected error \(error) for \(input)")
            }
        }

        for _ in 0..<2000 { check(randomBytes(random(0..<64))) }
        for _ in 0..<2000 { check(magics[random(0..<magics.count)] + randomBytes(random(0..<64))) }
        for round in 0..<20_000 {
            let seed = seeds[round % seeds.count]
            var input = seed
            for _ in 0..<random(1..<4) {
                switch random(0..<5) {
                case 0, 1: input[random(0..<input.count)] = UInt8.random(in: 0...255, using: &generator)
                case 2: input.insert(UInt8.random(in: 0...255, using: &generator), at: random(0..<input.count))
                case 3: if input.count > 1 { input.remove(at: random(0..<input.count)) }
                default: input = Array(input.prefix(random(1..<input.count + 1)))
                }
            }
            if input.starts(with: ImageFormat.pngSignature), random(0..<4) != 0 { input = Self.withFixedCRCs(input) }
            check(input)
        }
        // Both outcomes must have happened, or the fuzz is not exercising anything.
        #expect(decoded > 100 && rejected > 100, "decoded \(decoded), rejected \(rejected)")
    }
}
