import Foundation

/// A picture of images with text beside each, one image to a row: scenes with their generated
/// captions, the true caption and whether they match. Grey images (0 black, 1 white) are drawn
/// `imageScale` times enlarged on the left, their lines of text (wrapped at `lineLimit` characters,
/// in `BitmapFont` at `textScale`) on the right, on a white background.
///
/// ```swift
/// let sheet = CaptionSheet(imageHeight: 64, imageWidth: 64)
/// try sheet.write([.init(image: canvas, lines: [.init("a bag upper left", colour: CaptionSheet.black)])],
///                 to: URL(fileURLWithPath: "captions.png"))
/// ```
public struct CaptionSheet: Sendable {
    /// One line of text (wrapped if longer than the sheet's line limit) in one colour.
    public struct Line: Sendable {
        /// The text.
        public let text: String
        /// Its red, green and blue.
        public let colour: [UInt8]
        /// `text` in `colour`.
        public init(_ text: String, colour: [UInt8] = CaptionSheet.black) {
            self.text = text
            self.colour = colour
        }
    }

    /// An image and the lines beside it.
    public struct Entry: Sendable {
        /// The image's grey values, row after row (`imageHeight` × `imageWidth`).
        public let image: [Float]
        /// The text beside it, top first.
        public let lines: [Line]
        /// `image` with `lines`.
        public init(image: [Float], lines: [Line]) {
            self.image = image
            self.lines = lines
        }
    }

    /// Text colours: black, a dark green for right, a dark red for wrong.
    public static let black: [UInt8] = [0, 0, 0], green: [UInt8] = [0, 120, 0], red: [UInt8] = [190, 0, 0]

    /// The size of every image in pixels before scaling.
    public let imageHeight: Int, imageWidth: Int
    /// How many times the images and the text are enlarged.
    public let imageScale: Int, textScale: Int
    /// The most characters on one line of text.
    public let lineLimit: Int
    /// Space around and between images and text, in pixels.
    public let margin = 8

    /// A sheet for images of `imageHeight` × `imageWidth`. Stops with a message unless all sizes are positive.
    public init(imageHeight: Int, imageWidth: Int, imageScale: Int = 3, textScale: Int = 2, lineLimit: Int = 44) {
        require(imageHeight > 0 && imageWidth > 0 && imageScale > 0 && textScale > 0 && lineLimit > 0,
                "CaptionSheet: sizes, scales and line limit must be positive")
        self.imageHeight = imageHeight
        self.imageWidth = imageWidth
        self.imageScale = imageScale
        self.textScale = textScale
        self.lineLimit = lineLimit
    }

    private var lineHeight: Int { (BitmapFont.glyphHeight + 3) * textScale }
    private var textLeft: Int { 2 * margin + imageWidth * imageScale }

    /// The sheet's width in pixels.
    public var width: Int { textLeft + BitmapFont.width(of: String(repeating: " ", count: lineLimit), scale: textScale) + margin }

    /// The picture of `entries`: its RGB bytes row after row, and its height (its width is `width`).
    public func pixels(_ entries: [Entry]) -> (pixels: [UInt8], height: Int) {
        require(entries.allSatisfy { $0.image.count == imageHeight * imageWidth },
                "CaptionSheet: every image must hold \(imageHeight) × \(imageWidth) values")
        let wrapped = entries.map { entry in entry.lines.flatMap { line in BitmapFont.wrap(line.text, limit: lineLimit).map { ($0, line.colour) } } }
        let rowHeights = wrapped.map { Swift.max(imageHeight * imageScale, $0.count * lineHeight) + margin }
        let height = margin + rowHeights.reduce(0, +)
        var pixels = [UInt8](repeating: 255, count: width * height * 3)
        var top = margin
        for (entry, (lines, rowHeight)) in zip(entries, zip(wrapped, rowHeights)) {
            for y in 0..<imageHeight * imageScale {
                for x in 0..<imageWidth * imageScale {
                    let value = entry.image[(y / imageScale) * imageWidth + x / imageScale]
                    let level = UInt8((Swift.min(Swift.max(value.isFinite ? value : 0, 0), 1) * 255).rounded())
                    let start = ((top + y) * width + margin + x) * 3
                    pixels.replaceSubrange(start..<start + 3, with: [level, level, level])
                }
            }
            for (index, (text, colour)) in lines.enumerated() {
                BitmapFont.draw(text, into: &pixels, width: width, height: height, x: textLeft, y: top + index * lineHeight,
                                scale: textScale, colour: colour)
            }
            top += rowHeight
        }
        return (pixels, height)
    }

    /// Writes the picture of `entries` as a PNG file, replacing any file at `url` atomically.
    /// - Throws: `ImageFileError` naming the file.
    public func write(_ entries: [Entry], to url: URL) throws {
        let (pixels, height) = pixels(entries)
        let data = try PNGEncoder.encode(pixels, width: width, height: height, channels: 3, file: url.path)
        do {
            try AtomicFile.write(data, to: url)
        } catch {
            throw ImageFileError(file: url.path, problem: .cannotWrite("\(error)"))
        }
    }
}
