import Foundation

/// Reads single images as grey-value tensors (what `nabla predict` feeds a trained model), and
/// writes tensors as PGM images (for tests and for exporting samples). Colour images are read and
/// written as `[1, 3, H, W]` tensors by `readRGB` and `writeRGB` (see ColorImageFile.swift).
///
/// Three formats are read, recognised by their first bytes, never by the file's extension:
///
/// - **PGM**, the Netpbm greyscale format: `P2` (samples as decimal text) and `P5` (binary samples,
///   one byte each when the maximum value is below 256, else two bytes, most significant first).
///   A header is the magic, the width, the height and the maximum value, separated by whitespace,
///   with `#` comments running to the end of a line:
///
///   ```
///   P2
///   # a 3 × 2 ramp
///   3 2
///   255
///   0 128 255
///   255 128 0
///   ```
///
///   A sample *s* becomes *s* / maxval, exactly as `Float` division rounds it.
/// - **PNG**, decoded by the system libpng through its simplified API, which accepts every colour
///   type, bit depth and interlacing, applies the file's gamma so that samples come out
///   sRGB-encoded, and hands back 8-bit red, green, blue and alpha. A 16-bit sample is scaled to
///   8 bits (*s* · 255 / 65535, rounded); a 16-bit file without gamma information is taken as
///   sRGB-encoded like an 8-bit one.
/// - **JPEG** (baseline and progressive, colour or greyscale), decoded by the system libjpeg to 8-bit
///   red, green and blue; CMYK files are refused.
///
/// Every image becomes a `float32` tensor of shape `[height, width]` with values in [0, 1]
/// (0 black, 1 white):
///
/// - colour is turned into grey with the ITU-R BT.601 luma weights,
///   *Y* = 0.299 *R* + 0.587 *G* + 0.114 *B*, applied to the encoded values (the convention of most
///   image libraries; grey pixels, *R* = *G* = *B*, keep their value exactly);
/// - transparency (PNG only) is removed by compositing over a background grey, black unless told otherwise:
///   *v* = α *Y* + (1 − α) · background. Black suits MNIST-style inputs, white digits on black.
///
/// Nothing in a file can crash the reader: every problem (not an image, an unsupported variant,
/// a malformed header, bad dimensions, more than `maximumPixelCount` pixels, truncated or invalid
/// data) throws an `ImageFileError` naming the file, before anything large is allocated.
///
/// ```swift
/// let digit = try ImageFile.read(URL(fileURLWithPath: "seven.png"))   // [28, 28] in [0, 1]
/// try ImageFile.write(digit, pgmTo: URL(fileURLWithPath: "seven.pgm"))
/// ```
public enum ImageFile {
    /// The largest image accepted, in pixels (64 megapixels): enough for any photograph, and a
    /// guard against a corrupt or hostile header asking for gigabytes.
    public static let maximumPixelCount = 64_000_000

    /// Reads the PNG, JPEG or PGM image at `url` as a `float32` tensor `[height, width]` of grey values
    /// in [0, 1].
    ///
    /// - Parameters:
    ///   - url: the image file to read.
    ///   - background: the grey level, in [0, 1], that transparent pixels are composited
    ///     over (PNG only; PGM has no transparency). Black (0) by default.
    /// - Throws: `ImageFileError` naming the file and the problem.
    public static func read(_ url: URL, background: Float = 0) throws -> Tensor {
        try decode(contents(of: url), file: url.path, background: background)
    }

    /// The bytes of the file at `url`, read rather than mapped (a file cut short meanwhile cannot fault).
    static func contents(of url: URL) throws -> Data {
        if let problem = PathCheck.problemReading(url) { throw ImageFileError(file: url.path, problem: .unreadable(problem)) }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw ImageFileError(file: url.path, problem: .unreadable(error.localizedDescription))
        }
    }

    /// Decodes the bytes of a PNG, JPEG or PGM file, as `read` does; `file` names the source in errors.
    public static func decode(_ data: Data, file: String = "image data", background: Float = 0) throws -> Tensor {
        try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            switch ImageFormat(sniffing: bytes) {
            case .png:
                return try PNGDecoder.decode(bytes, file: file).greyTensor(background: background)
            case .jpeg:
                return try JPEGDecoder.decode(bytes, file: file).greyTensor(background: background)
            case .pgm(let binary):
                var decoder = PGMDecoder(bytes: bytes, file: file)
                return try decoder.decode(binary: binary)
            case .unsupported(let name):
                throw ImageFileError(file: file, problem: .unsupportedFormat(name))
            case .unknown:
                throw ImageFileError(file: file, problem: .notAnImage(firstBytes: Array(bytes.prefix(8))))
            }
        }
    }

    /// Writes a `[height, width]` tensor of grey values as a binary PGM (`P5`) file, replacing any
    /// file at `url` atomically (readers see the old file or the new one, never a partial one).
    ///
    /// Values are clamped to [0, 1] and rounded to the nearest of `maxval + 1` levels, so reading
    /// the file back gives each value to within 1 / (2 · maxval), and exactly the values that were
    /// already multiples of 1 / maxval.
    ///
    /// - Parameters:
    ///   - tensor: the grey values, a matrix `[height, width]`.
    ///   - url: the file to write.
    ///   - maxval: the white level, 1 ... 65535; 255 (one byte per pixel) by default.
    /// - Throws: `ImageFileError` if the tensor is not a non-empty matrix, holds NaN, or the file
    ///   cannot be written.
    public static func write(_ tensor: Tensor, pgmTo url: URL, maxval: Int = 255) throws {
        let data = try pgmData(tensor, maxval: maxval, file: url.path)
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw ImageFileError(file: url.path, problem: .cannotWrite(error.localizedDescription))
        }
    }

    /// Writes the grey values of `tensor` `[height, width]` (0 black, 1 white; values outside are
    /// clamped) as an 8-bit grey PNG file, replacing any file at `url` atomically.
    /// - Throws: `ImageFileError` if the tensor is not a non-empty matrix, holds NaN, or the file
    ///   cannot be written.
    public static func write(_ tensor: Tensor, pngTo url: URL) throws {
        guard tensor.rank == 2, tensor.shape[0] > 0, tensor.shape[1] > 0 else {
            throw ImageFileError(file: url.path, problem: .cannotWrite("an image needs a non-empty [height, width] tensor, got shape \(tensor.shape)"))
        }
        let values = tensor.scalars(as: Double.self)
        guard !values.contains(where: \.isNaN) else { throw ImageFileError(file: url.path, problem: .cannotWrite("the tensor holds NaN")) }
        let levels = values.map { UInt8((min(max($0, 0), 1) * 255).rounded()) }
        let data = try PNGEncoder.encode(levels, width: tensor.shape[1], height: tensor.shape[0], channels: 1, file: url.path)
        do {
            try AtomicFile.write(data, to: url)
        } catch {
            throw ImageFileError(file: url.path, problem: .cannotWrite("\(error)"))
        }
    }

    /// The bytes of a `P5` file holding `tensor` (see `write(_:pgmTo:maxval:)`).
    public static func pgmData(_ tensor: Tensor, maxval: Int = 255, file: String = "PGM data") throws -> Data {
        func fail(_ reason: String) -> ImageFileError { ImageFileError(file: file, problem: .cannotWrite(reason)) }
        guard tensor.rank == 2, tensor.shape[0] > 0, tensor.shape[1] > 0 else {
            throw fail("an image needs a non-empty [height, width] tensor, got shape \(tensor.shape)")
        }
        guard (1...65535).contains(maxval) else { throw fail("maxval \(maxval) is outside 1 ... 65535") }
        let values = tensor.scalars(as: Double.self)
        guard !values.contains(where: \.isNaN) else { throw fail("the tensor holds NaN") }

        var data = Data("P5\n\(tensor.shape[1]) \(tensor.shape[0])\n\(maxval)\n".utf8)
        let twoBytes = maxval > 255
        data.reserveCapacity(data.count + values.count * (twoBytes ? 2 : 1))
        for value in values {
            let level = UInt16((min(max(value, 0), 1) * Double(maxval)).rounded())
            if twoBytes { data.append(UInt8(level >> 8)) }
            data.append(UInt8(level & 0xFF))
        }
        return data
    }

    /// Checks the dimensions a header declares before any pixel memory is allocated.
    static func checkDimensions(width: Int, height: Int, file: String) throws {
        guard width > 0, height > 0 else {
            throw ImageFileError(file: file, problem: .badDimensions(width: width, height: height))
        }
        guard width <= maximumPixelCount, height <= maximumPixelCount, width * height <= maximumPixelCount else {
            throw ImageFileError(file: file, problem: .tooLarge(width: width, height: height))
        }
    }
}

// MARK: - Recognising the format

/// What the first bytes of a file say it is.
enum ImageFormat: Equatable {
    /// A PNG file: the eight-byte PNG signature.
    case png
    /// A JPEG file: a start-of-image marker followed by another marker.
    case jpeg
    /// A greyscale Netpbm file: `P5` (binary) or `P2` (text), then whitespace.
    case pgm(binary: Bool)
    /// An image format recognised but not read, with its name.
    case unsupported(String)
    /// Not a recognised image.
    case unknown

    /// Every PNG file starts with these bytes: a non-ASCII byte, "PNG", CR LF, Ctrl-Z, LF (chosen so
    /// that transfers which mangle line endings or high bits are detected).
    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Formats other tools may hand us, named in the error so that the user knows what to convert.
    private static let otherSignatures: [(prefix: [UInt8], name: String)] = [
        (Array("GIF8".utf8), "GIF"),
        (Array("BM".utf8), "BMP"),
        ([0x49, 0x49, 0x2A, 0x00], "TIFF"),
        ([0x4D, 0x4D, 0x00, 0x2A], "TIFF"),
    ]

    /// The Netpbm magic numbers other than PGM's.
    private static let otherNetpbm: [UInt8: String] = [
        UInt8(ascii: "1"): "P1 (PBM bitmap, text)", UInt8(ascii: "4"): "P4 (PBM bitmap, binary)",
        UInt8(ascii: "3"): "P3 (PPM colour, text)", UInt8(ascii: "6"): "P6 (PPM colour, binary)",
        UInt8(ascii: "7"): "P7 (PAM)",
    ]

    init(sniffing bytes: UnsafeRawBufferPointer) {
        if bytes.starts(with: Self.pngSignature) {
            self = .png
        } else if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            self = .jpeg
        } else if bytes.count >= 3, bytes[0] == UInt8(ascii: "P"),
                  PGMDecoder.isWhitespace(bytes[2]) || bytes[2] == UInt8(ascii: "#") {
            switch bytes[1] {
            case UInt8(ascii: "5"): self = .pgm(binary: true)
            case UInt8(ascii: "2"): self = .pgm(binary: false)
            default:
                if let name = Self.otherNetpbm[bytes[1]] { self = .unsupported("Netpbm \(name)") } else { self = .unknown }
            }
        } else if let other = Self.otherSignatures.first(where: { bytes.starts(with: $0.prefix) }) {
            self = .unsupported(other.name)
        } else if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) {
            self = .unsupported("WebP")
        } else {
            self = .unknown
        }
    }
}
