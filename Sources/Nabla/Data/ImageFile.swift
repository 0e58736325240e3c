import CLibPNG
import Foundation

/// Reads single images as grey-value tensors (what `nabla predict` feeds a trained model), and
/// writes tensors as PGM images (for tests and for exporting samples).
///
/// Two formats are read, recognised by their first bytes, never by the file's extension:
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
///
/// Every image becomes a `float32` tensor of shape `[height, width]` with values in [0, 1]
/// (0 black, 1 white):
///
/// - colour is turned into grey with the ITU-R BT.601 luma weights,
///   *Y* = 0.299 *R* + 0.587 *G* + 0.114 *B*, applied to the encoded values (the convention of most
///   image libraries; grey pixels, *R* = *G* = *B*, keep their value exactly);
/// - transparency is removed by compositing over a background grey, black unless told otherwise:
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

    /// Reads the PNG or PGM image at `url` as a `float32` tensor `[height, width]` of grey values
    /// in [0, 1].
    ///
    /// - Parameter background: the grey level, in [0, 1], that transparent pixels are composited
    ///   over (PNG only; PGM has no transparency). Black (0) by default.
    /// - Throws: `ImageFileError` naming the file and the problem.
    public static func read(_ url: URL, background: Float = 0) throws -> Tensor {
        let file = url.path
        let data: Data
        do {
            data = try Data(contentsOf: url)   // read, not mapped: a file cut short meanwhile cannot fault
        } catch {
            throw ImageFileError(file: file, problem: .unreadable(reasonUnreadable(url, error)))
        }
        return try decode(data, file: file, background: background)
    }

    /// Decodes the bytes of a PNG or PGM file, as `read` does; `file` names the source in errors.
    public static func decode(_ data: Data, file: String = "image data", background: Float = 0) throws -> Tensor {
        try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            switch ImageFormat(sniffing: bytes) {
            case .png:
                return try PNGDecoder.decode(bytes, file: file, background: background)
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
    /// - Parameter maxval: the white level, 1 ... 65535; 255 (one byte per pixel) by default.
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

    /// Why `Data(contentsOf:)` failed, in words that do not depend on the platform's Foundation.
    private static func reasonUnreadable(_ url: URL, _ error: Error) -> String {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) { return "no such file" }
        if isDirectory.boolValue { return "is a directory" }
        return error.localizedDescription
    }
}

// MARK: - Recognising the format

/// What the first bytes of a file say it is.
enum ImageFormat: Equatable {
    /// A PNG file: the eight-byte PNG signature.
    case png
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
        ([0xFF, 0xD8, 0xFF], "JPEG"),
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

// MARK: - PGM

/// Parses a PGM file held in memory, front to back, checking every step.
struct PGMDecoder {
    let bytes: UnsafeRawBufferPointer
    let file: String
    /// The index of the next unread byte.
    private var position = 0

    init(bytes: UnsafeRawBufferPointer, file: String) {
        self.bytes = bytes
        self.file = file
    }

    /// Netpbm's whitespace: blank, tab, CR, LF, vertical tab, form feed.
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    /// The image; `binary` selects `P5` over `P2`. The magic has been checked by `ImageFormat`.
    mutating func decode(binary: Bool) throws -> Tensor {
        position = 2
        let width = try headerNumber("width")
        let height = try headerNumber("height")
        try ImageFile.checkDimensions(width: width, height: height, file: file)
        let maxval = try headerNumber("maxval")
        guard (1...65535).contains(maxval) else {
            throw fail(.unsupportedFormat("PGM with maxval \(maxval) (PGM allows 1 to 65535)"))
        }

        // The raster must fit in what is left of the file; check before allocating the pixels.
        let count = width * height
        if binary {
            // Exactly one whitespace byte separates maxval from the raster (a comment may come first).
            if bytes[position] == UInt8(ascii: "#") { skipComment() }
            position += 1
            let needed = count * (maxval < 256 ? 1 : 2), available = max(bytes.count - position, 0)
            guard available >= needed else {
                throw fail(.truncated("the raster needs \(needed) bytes, the file has \(available) after the header"))
            }
        } else {
            // Each text sample takes at least one digit and one separator (none after the last).
            let available = bytes.count - position
            guard available >= 2 * count - 1 else {
                throw fail(.truncated("\(count) text samples need at least \(2 * count - 1) bytes, the file has \(available) after the header"))
            }
        }

        let storage = TensorStorage(dtype: .float32, count: count)
        let pixels = storage.pointer(as: Float.self)
        if binary {
            try readBinarySamples(into: pixels, count: count, width: width, maxval: maxval)
        } else {
            try readTextSamples(into: pixels, count: count, width: width, maxval: maxval)
        }
        return Tensor(storage: storage, shape: [height, width])
    }

    /// `P5`: `count` samples of one byte, or of two bytes most significant first when maxval is
    /// 256 or more. Bytes after the raster are ignored (the format allows further images to follow).
    private func readBinarySamples(into pixels: UnsafeMutablePointer<Float>, count: Int, width: Int, maxval: Int) throws {
        let sampleSize = maxval < 256 ? 1 : 2
        let scale = Float(maxval)
        for i in 0..<count {
            let at = position + i * sampleSize
            let sample = sampleSize == 1 ? Int(bytes[at]) : Int(bytes[at]) << 8 | Int(bytes[at + 1])
            guard sample <= maxval else { throw sampleTooLarge(sample, index: i, width: width, maxval: maxval) }
            pixels[i] = Float(sample) / scale
        }
    }

    /// `P2`: `count` decimal samples separated by whitespace (comments are tolerated too).
    private mutating func readTextSamples(into pixels: UnsafeMutablePointer<Float>, count: Int, width: Int, maxval: Int) throws {
        let scale = Float(maxval)
        for i in 0..<count {
            skipWhitespaceAndComments()
            guard position < bytes.count else {
                throw fail(.truncated("the text raster ends after \(i) of \(count) samples"))
            }
            guard let sample = readDigits() else {
                throw fail(.invalidData("unexpected \(describe(bytes[position])) in the text raster (sample \(i))"))
            }
            guard sample <= maxval else { throw sampleTooLarge(sample, index: i, width: width, maxval: maxval) }
            pixels[i] = Float(sample) / scale
        }
    }

    /// The next header field: optional whitespace and comments, then decimal digits, then a
    /// whitespace byte or a comment.
    private mutating func headerNumber(_ name: String) throws -> Int {
        skipWhitespaceAndComments()
        guard position < bytes.count else { throw fail(.truncated("the header ends before the \(name)")) }
        guard let value = readDigits() else {
            throw fail(.malformedHeader("expected the \(name), found \(describe(bytes[position]))"))
        }
        guard value <= Int(Int32.max) else { throw fail(.malformedHeader("the \(name) has too many digits")) }
        guard position < bytes.count else { throw fail(.truncated("the header ends after the \(name)")) }
        guard Self.isWhitespace(bytes[position]) || bytes[position] == UInt8(ascii: "#") else {
            throw fail(.malformedHeader("expected whitespace after the \(name), found \(describe(bytes[position]))"))
        }
        return value
    }

    /// Reads a run of decimal digits, or returns `nil` if there is none. Values beyond 2³¹ are
    /// capped there (the callers reject them), so that a long run of digits cannot overflow.
    private mutating func readDigits() -> Int? {
        let start = position
        var value = 0
        while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
            value = min(value * 10 + Int(bytes[position] - UInt8(ascii: "0")), Int(Int32.max) + 1)
            position += 1
        }
        return position == start ? nil : value
    }

    /// Skips whitespace and `#` comments (which run to the end of the line).
    private mutating func skipWhitespaceAndComments() {
        while position < bytes.count {
            if Self.isWhitespace(bytes[position]) {
                position += 1
            } else if bytes[position] == UInt8(ascii: "#") {
                skipComment()
            } else {
                return
            }
        }
    }

    /// Skips from `#` up to, not including, the end of the line.
    private mutating func skipComment() {
        while position < bytes.count, bytes[position] != 0x0A, bytes[position] != 0x0D { position += 1 }
    }

    private func sampleTooLarge(_ sample: Int, index: Int, width: Int, maxval: Int) -> ImageFileError {
        fail(.invalidData("sample \(sample) at row \(index / width), column \(index % width) exceeds maxval \(maxval)"))
    }

    /// A byte, quoted if printable, else in hexadecimal.
    private func describe(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x" + String(byte, radix: 16)
    }

    private func fail(_ problem: ImageFileError.Problem) -> ImageFileError {
        ImageFileError(file: file, problem: problem)
    }
}

// MARK: - PNG

/// Decodes PNG files with libpng's simplified API, which runs libpng's error handling (setjmp and
/// longjmp) inside C and reports failure as a zero return with a message in the `png_image`.
enum PNGDecoder {
    static func decode(_ bytes: UnsafeRawBufferPointer, file: String, background: Float) throws -> Tensor {
        var image = png_image()   // all zero, as libpng requires, in particular `opaque`
        image.version = UInt32(PNG_IMAGE_VERSION)
        defer { png_image_free(&image) }

        // The header: dimensions and colour type, nothing decoded yet.
        guard png_image_begin_read_from_memory(&image, bytes.baseAddress, bytes.count) != 0 else {
            throw failure(image, file: file)
        }
        let width = Int(image.width), height = Int(image.height)
        try ImageFile.checkDimensions(width: width, height: height, file: file)

        // Ask for 8-bit sRGB red, green, blue, alpha whatever the file holds; take 16-bit files
        // without gamma information as sRGB like 8-bit ones (libpng would otherwise assume linear).
        image.format = UInt32(PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA)
        image.flags |= UInt32(PNG_IMAGE_FLAG_16BIT_sRGB)
        let rowBytes = width * 4
        let rgba = UnsafeMutableRawPointer.allocate(byteCount: rowBytes * height, alignment: 16)
        defer { rgba.deallocate() }
        guard png_image_finish_read(&image, nil, rgba, Int32(rowBytes), nil) != 0 else {
            throw failure(image, file: file)
        }

        let storage = TensorStorage(dtype: .float32, count: width * height)
        let grey = storage.pointer(as: Float.self)
        let pixels = rgba.assumingMemoryBound(to: UInt8.self)
        let background = Double(background)
        for i in 0..<(width * height) {
            let r = pixels[4 * i], g = pixels[4 * i + 1], b = pixels[4 * i + 2], a = pixels[4 * i + 3]
            let luma = r == g && g == b ? Double(r) / 255 : (0.299 * Double(r) + 0.587 * Double(g) + 0.114 * Double(b)) / 255
            let alpha = Double(a) / 255
            grey[i] = a == 255 ? Float(luma) : Float(alpha * luma + (1 - alpha) * background)
        }
        return Tensor(storage: storage, shape: [height, width])
    }

    /// libpng's message for a failed call, as an error naming the file.
    private static func failure(_ image: png_image, file: String) -> ImageFileError {
        let message = withUnsafeBytes(of: image.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        return ImageFileError(file: file, problem: .invalidPNG(message.isEmpty ? "unknown libpng error" : message))
    }
}

// MARK: - Errors

/// An image that could not be read or written: which file, and what is wrong.
public struct ImageFileError: Error, CustomStringConvertible, Equatable {
    /// What is wrong.
    public enum Problem: Equatable, Sendable {
        /// The file could not be read (missing, a directory, no permission).
        case unreadable(String)
        /// The first bytes are those of no image format we know; they are kept for the message.
        case notAnImage(firstBytes: [UInt8])
        /// An image format, or a variant of PGM, that is recognised but not read.
        case unsupportedFormat(String)
        /// The PGM header is not well formed.
        case malformedHeader(String)
        /// The header declares a zero width or height.
        case badDimensions(width: Int, height: Int)
        /// The header declares more than `ImageFile.maximumPixelCount` pixels.
        case tooLarge(width: Int, height: Int)
        /// The file ends before the image does.
        case truncated(String)
        /// The pixel data is malformed (a PGM sample above maxval, a stray character).
        case invalidData(String)
        /// libpng rejected the file; its message.
        case invalidPNG(String)
        /// The image could not be written.
        case cannotWrite(String)
    }

    /// The path of the file (or a name for data from elsewhere).
    public let file: String
    /// What is wrong.
    public let problem: Problem

    /// "<file>: <what is wrong>", in words meant for the user of `nabla predict`.
    public var description: String {
        let detail: String
        switch problem {
        case .unreadable(let reason):
            detail = "cannot read the file: \(reason)"
        case .notAnImage(let firstBytes):
            detail = firstBytes.isEmpty ? "not an image: the file is empty"
                : "not a PNG or PGM image (it starts with bytes \(firstBytes.map(hex).joined(separator: " ")))"
        case .unsupportedFormat(let name):
            detail = "unsupported image format: \(name); convert it to PNG or to greyscale PGM (P2 or P5)"
        case .malformedHeader(let reason):
            detail = "malformed PGM header: \(reason)"
        case .badDimensions(let width, let height):
            detail = "bad dimensions \(width) × \(height): width and height must be at least 1"
        case .tooLarge(let width, let height):
            detail = "image too large: \(width) × \(height) pixels, the limit is \(ImageFile.maximumPixelCount / 1_000_000) megapixels"
        case .truncated(let reason):
            detail = "truncated data: \(reason)"
        case .invalidData(let reason):
            detail = "invalid pixel data: \(reason)"
        case .invalidPNG(let message):
            detail = "invalid PNG: \(message)"
        case .cannotWrite(let reason):
            detail = "cannot write the image: \(reason)"
        }
        return "\(file): \(detail)"
    }

    private func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
    }
}

extension ImageFileError: LocalizedError {
    /// The same text as `description`, so that `localizedDescription` names the file and the problem.
    public var errorDescription: String? { description }
}
