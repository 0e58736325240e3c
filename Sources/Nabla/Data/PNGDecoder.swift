import CLibPNG
import Foundation

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

        let storage = TensorStorage.backend.allocate(.float32, count: width * height)
        let pixels = rgba.assumingMemoryBound(to: UInt8.self)
        let background = Double(background)
        TensorStorage.backend.withHostMemory(storage) { memory in
            let grey = memory.bindMemory(to: Float.self)
            for i in 0..<(width * height) {
                let r = pixels[4 * i], g = pixels[4 * i + 1], b = pixels[4 * i + 2], a = pixels[4 * i + 3]
                let luma = r == g && g == b ? Double(r) / 255 : (0.299 * Double(r) + 0.587 * Double(g) + 0.114 * Double(b)) / 255
                let alpha = Double(a) / 255
                grey[i] = a == 255 ? Float(luma) : Float(alpha * luma + (1 - alpha) * background)
            }
        }
        return Tensor(storage: storage, shape: [height, width])
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
