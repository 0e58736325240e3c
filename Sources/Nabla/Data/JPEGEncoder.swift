import CLibJPEG
import Foundation

/// Encodes 8-bit RGB pixels as baseline JPEG with the system libjpeg, through a C function (in
/// CLibJPEG's header) that keeps libjpeg's error handling inside C.
enum JPEGEncoder {
    /// The bytes of a JPEG file holding `pixels`, `height` rows of `width` red, green, blue triples, at
    /// `quality` 1 ... 100; `file` names the image in errors.
    static func encode(_ pixels: [UInt8], width: Int, height: Int, quality: Int, file: String) throws -> Data {
        precondition(pixels.count == width * height * 3, "JPEGEncoder: \(pixels.count) bytes for \(width)×\(height)×3")
        try ImageFile.checkDimensions(width: width, height: height, file: file)
        // JPEG's own limit on a side, 65,500 pixels, below which every image of `maximumPixelCount` fits but a long strip may not.
        guard width <= 65_500, height <= 65_500 else {
            throw ImageFileError(file: file, problem: .cannotWrite("JPEG allows at most 65500 pixels a side, got \(width) × \(height)"))
        }
        var output: UnsafeMutablePointer<UInt8>?
        var size: UInt = 0
        var message = [CChar](repeating: 0, count: Int(JMSG_LENGTH_MAX))
        let encoded = pixels.withUnsafeBufferPointer { buffer in
            nabla_jpeg_encode(buffer.baseAddress, Int32(width), Int32(height), Int32(quality), &output, &size, &message)
        }
        defer { free(output) }
        guard encoded != 0, let output else { throw ImageFileError(file: file, problem: .cannotWrite(JPEGDecoder.text(message))) }
        return Data(bytes: output, count: Int(size))
    }
}
