import CLibJPEG
import Foundation

/// Decodes JPEG files with the system libjpeg, through a C function (in CLibJPEG's header) that keeps
/// libjpeg's setjmp/longjmp error handling inside C and reports failure as a zero return with a message.
enum JPEGDecoder {
    /// The file's pixels as 8-bit red, green and blue (greyscale files too; CMYK files are refused).
    static func decode(_ bytes: UnsafeRawBufferPointer, file: String) throws -> DecodedPixels {
        var pixels: UnsafeMutablePointer<UInt8>?
        var width: Int32 = 0, height: Int32 = 0
        var message = [CChar](repeating: 0, count: Int(JMSG_LENGTH_MAX))
        let decoded = nabla_jpeg_decode(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt(bytes.count),
                                        UInt(ImageFile.maximumPixelCount), &pixels, &width, &height, &message)
        defer { free(pixels) }
        guard decoded != 0, let pixels else { throw ImageFileError(file: file, problem: .invalidJPEG(JPEGDecoder.text(message))) }
        try ImageFile.checkDimensions(width: Int(width), height: Int(height), file: file)
        let count = Int(width) * Int(height) * 3
        return DecodedPixels(width: Int(width), height: Int(height), channels: 3, bytes: Array(UnsafeBufferPointer(start: pixels, count: count)))
    }

    /// The text of a message buffer filled by the C side.
    static func text(_ message: [CChar]) -> String {
        let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text.isEmpty ? "unknown libjpeg error" : text
    }
}
