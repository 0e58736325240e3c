import CLibPNG
import Foundation

/// Encodes 8-bit pixels as PNG with libpng's simplified API, which, like the decoder's, runs libpng's
/// error handling inside C and reports failure as a zero return with a message in the `png_image`.
enum PNGEncoder {
    /// The bytes of a PNG file holding `pixels`, `height` rows of `width` pixels, row after row, each pixel
    /// one grey byte (`channels` 1) or red, green and blue bytes (`channels` 3); `file` names the image in errors.
    static func encode(_ pixels: [UInt8], width: Int, height: Int, channels: Int, file: String) throws -> Data {
        precondition(channels == 1 || channels == 3, "PNGEncoder: 1 or 3 channels")
        precondition(pixels.count == width * height * channels, "PNGEncoder: \(pixels.count) bytes for \(width)×\(height)×\(channels)")
        try ImageFile.checkDimensions(width: width, height: height, file: file)
        var image = png_image()   // all zero, as libpng requires
        image.version = UInt32(PNG_IMAGE_VERSION)
        image.width = UInt32(width)
        image.height = UInt32(height)
        image.format = channels == 3 ? UInt32(PNG_FORMAT_FLAG_COLOR) : 0   // PNG_FORMAT_RGB or PNG_FORMAT_GRAY
        defer { png_image_free(&image) }
        let rowStride = Int32(width * channels)
        return try pixels.withUnsafeBytes { buffer in
            // First the size the file needs, then the file itself.
            var size = 0
            guard png_image_write_to_memory(&image, nil, &size, 0, buffer.baseAddress, rowStride, nil) != 0 else {
                throw failure(image, file: file)
            }
            var data = Data(count: size)
            let written = data.withUnsafeMutableBytes { memory in
                png_image_write_to_memory(&image, memory.baseAddress, &size, 0, buffer.baseAddress, rowStride, nil)
            }
            guard written != 0 else { throw failure(image, file: file) }
            return data.prefix(size)
        }
    }

    /// libpng's message for a failed call, as an error naming the file.
    private static func failure(_ image: png_image, file: String) -> ImageFileError {
        ImageFileError(file: file, problem: .cannotWrite(PNGDecoder.message(of: image)))
    }
}
