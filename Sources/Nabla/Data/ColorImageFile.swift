import Foundation

/// Colour images as tensors `[1, 3, height, width]`: red, green and blue planes of values in [0, 1]
/// (sRGB-encoded, as stored), the layout convolutional networks take.
///
/// ```swift
/// let photo = try ImageFile.readRGB(URL(fileURLWithPath: "cat.jpg"))          // [1, 3, H, W]
/// try ImageFile.writeRGB(photo, to: URL(fileURLWithPath: "cat.png"))
/// ```
extension ImageFile {
    /// The formats `writeRGB` writes, chosen by the file's extension.
    public enum ColorFormat: Sendable, Equatable {
        /// Lossless PNG, 8 bits per channel.
        case png
        /// Baseline JPEG of the given quality, 1 ... 100.
        case jpeg(quality: Int)

        /// The format that a file name's extension asks for: `.png`, or `.jpg` / `.jpeg` (quality 92), in
        /// any case; `nil` for any other extension.
        public init?(fileExtension: String) {
            switch fileExtension.lowercased() {
            case "png": self = .png
            case "jpg", "jpeg": self = .jpeg(quality: 92)
            default: return nil
            }
        }
    }

    /// Reads the PNG or JPEG image at `url` as a `float32` tensor `[1, 3, height, width]` of red, green and
    /// blue values in [0, 1]. Grey images get three equal planes; transparent PNG pixels are composited over
    /// `background` (white, 1, by default). A PGM file is read as grey.
    ///
    /// - Throws: `ImageFileError` naming the file and the problem (see `read(_:background:)`).
    public static func readRGB(_ url: URL, background: Float = 1) throws -> Tensor {
        try decodeRGB(contents(of: url), file: url.path, background: background)
    }

    /// Decodes the bytes of a PNG, JPEG or PGM file as `readRGB` does; `file` names the source in errors.
    public static func decodeRGB(_ data: Data, file: String = "image data", background: Float = 1) throws -> Tensor {
        try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            switch ImageFormat(sniffing: bytes) {
            case .png:
                return try PNGDecoder.decode(bytes, file: file).rgbTensor(background: background)
            case .jpeg:
                return try JPEGDecoder.decode(bytes, file: file).rgbTensor(background: background)
            case .pgm:
                let grey = try decode(data, file: file)
                return grey.reshaped([1, 1] + grey.shape).broadcast(to: [1, 3] + grey.shape)
            case .unsupported(let name):
                throw ImageFileError(file: file, problem: .unsupportedFormat(name))
            case .unknown:
                throw ImageFileError(file: file, problem: .notAnImage(firstBytes: Array(bytes.prefix(8))))
            }
        }
    }

    /// Writes `image`, `[1, 3, height, width]` or `[3, height, width]` with values in [0, 1] (clamped,
    /// rounded to 8 bits), as a PNG or JPEG file chosen by the extension of `url` (`.png`, `.jpg`, `.jpeg`),
    /// replacing any file there atomically.
    ///
    /// - Throws: `ImageFileError` for another extension, a tensor of another shape or holding NaN, or a file
    ///   that cannot be written.
    public static func writeRGB(_ image: Tensor, to url: URL) throws {
        guard let format = ColorFormat(fileExtension: url.pathExtension) else {
            throw ImageFileError(file: url.path, problem: .cannotWrite("the file name must end in .png, .jpg or .jpeg, got \"\(url.lastPathComponent)\""))
        }
        let data = try rgbData(image, format: format, file: url.path)
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw ImageFileError(file: url.path, problem: .cannotWrite(error.localizedDescription))
        }
    }

    /// The bytes of a PNG or JPEG file holding `image` (see `writeRGB(_:to:)`); `file` names it in errors.
    public static func rgbData(_ image: Tensor, format: ColorFormat, file: String = "image data") throws -> Data {
        func fail(_ reason: String) -> ImageFileError { ImageFileError(file: file, problem: .cannotWrite(reason)) }
        let planes = image.rank == 4 && image.shape[0] == 1 ? image.reshaped(Array(image.shape.dropFirst())) : image
        guard planes.rank == 3, planes.shape[0] == 3, planes.shape[1] > 0, planes.shape[2] > 0 else {
            throw fail("a colour image needs a tensor [1, 3, height, width] or [3, height, width], got shape \(image.shape)")
        }
        let height = planes.shape[1], width = planes.shape[2], count = height * width
        let values = planes.scalars(as: Double.self)
        guard !values.contains(where: \.isNaN) else { throw fail("the tensor holds NaN") }
        var pixels = [UInt8](repeating: 0, count: 3 * count)
        for i in 0..<count {
            for channel in 0..<3 { pixels[3 * i + channel] = UInt8((min(max(values[channel * count + i], 0), 1) * 255).rounded()) }
        }
        switch format {
        case .png:
            return try PNGEncoder.encode(pixels, width: width, height: height, channels: 3, file: file)
        case .jpeg(let quality):
            guard (1...100).contains(quality) else { throw fail("JPEG quality \(quality) is outside 1 ... 100") }
            return try JPEGEncoder.encode(pixels, width: width, height: height, quality: quality, file: file)
        }
    }
}
