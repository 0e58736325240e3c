import CLibPNG
import Foundation

/// Decodes PNG files with libpng's simplified API, which runs libpng's error handling (setjmp and
/// longjmp) inside C and reports failure as a zero return with a message in the `png_image`.
enum PNGDecoder {
    /// The file's pixels as 8-bit sRGB red, green, blue and alpha, whatever colour type and depth it has.
    static func decode(_ bytes: UnsafeRawBufferPointer, file: String) throws -> DecodedPixels {
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
        var rgba = [UInt8](repeating: 0, count: rowBytes * height)
        let finished = rgba.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, Int32(rowBytes), nil) }
        guard finished != 0 else { throw failure(image, file: file) }
        return DecodedPixels(width: width, height: height, channels: 4, bytes: rgba)
    }

    /// libpng's message for a failed call, as an error naming the file.
    private static func failure(_ image: png_image, file: String) -> ImageFileError {
        ImageFileError(file: file, problem: .invalidPNG(message(of: image)))
    }

    /// The message libpng left in `image` after a failed call.
    static func message(of image: png_image) -> String {
        let message = withUnsafeBytes(of: image.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        return message.isEmpty ? "unknown libpng error" : message
    }
}
