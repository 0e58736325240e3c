import Foundation
import Nabla

/// The content images of `nabla style train`: every PNG and JPEG file in a directory, in name order.
enum ContentImageFolder {
    /// The images in `directory`, each `[1, 3, H, W]` scaled so that its shorter side is `shorterSide`.
    ///
    /// - Throws: `CommandFailure` for a directory that is missing or holds no PNG or JPEG file; the image
    ///   reader's error (naming the file) for a file that cannot be decoded.
    static func load(_ directory: String, shorterSide: Int) throws -> [(name: String, image: Tensor)] {
        let url = URL(fileURLWithPath: directory)
        guard PathCheck.kind(of: url) == .directory else {
            throw CommandFailure("--images: \(directory) is \(PathCheck.kind(of: url).description), not a directory of images")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { ImageFile.ColorFormat(fileExtension: URL(fileURLWithPath: $0).pathExtension) != nil }
            .sorted()
        guard !names.isEmpty else { throw CommandFailure("--images: \(directory) holds no .png, .jpg or .jpeg file") }
        return try names.map { name in
            let image = try ImageFile.readRGB(url.appendingPathComponent(name))
            let height = image.shape[2], width = image.shape[3]
            let scale = Double(shorterSide) / Double(min(height, width))
            let resized = image.resizedImages(height: max(shorterSide, Int((Double(height) * scale).rounded())),
                                              width: max(shorterSide, Int((Double(width) * scale).rounded())))
            return (name, resized)
        }
    }
}
