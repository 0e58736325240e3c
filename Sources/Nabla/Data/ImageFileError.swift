import Foundation

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
        /// libjpeg rejected the file; its message.
        case invalidJPEG(String)
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
                : "not a PNG, JPEG or PGM image (it starts with bytes \(firstBytes.map(hex).joined(separator: " ")))"
        case .unsupportedFormat(let name):
            detail = "unsupported image format: \(name); convert it to PNG, JPEG or greyscale PGM (P2 or P5)"
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
        case .invalidJPEG(let message):
            detail = "invalid JPEG: \(message)"
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
