import Foundation
import Testing
@testable import Nabla

@Suite struct CaptionSheetTests {
    @Test func drawsTheImagesScaledWithTheirTextBeside() throws {
        let sheet = CaptionSheet(imageHeight: 2, imageWidth: 2, imageScale: 3, textScale: 1, lineLimit: 10)
        let image: [Float] = [0, 1, 0.5, 0]
        let entries = [CaptionSheet.Entry(image: image, lines: [.init("a bag", colour: CaptionSheet.red), .init("a top upper left")])]
        let (pixels, height) = sheet.pixels(entries)
        // Text column at 8 + 6 + 8 = 22; 10 characters of 6 pixels (the last 5 wide) and a margin.
        #expect(sheet.width == 22 + 59 + 8)
        // Three lines (the second wraps) of 11 pixels, taller than the 6-pixel image.
        #expect(height == 8 + 33 + 8)
        func pixel(_ x: Int, _ y: Int) -> [UInt8] { Array(pixels[(y * sheet.width + x) * 3..<(y * sheet.width + x) * 3 + 3]) }
        #expect(pixel(8, 8) == [0, 0, 0] && pixel(11, 10) == [255, 255, 255] && pixel(10, 11) == [128, 128, 128] && pixel(13, 13) == [0, 0, 0])
        #expect(pixel(7, 7) == [255, 255, 255])
        let colours = Set(stride(from: 0, to: pixels.count, by: 3).map { Array(pixels[$0..<$0 + 3]) })
        #expect(colours.contains(CaptionSheet.red) && colours.contains(CaptionSheet.black))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("caption-sheet-\(UUID().uuidString).png")
        defer { try? FileManager.default.removeItem(at: url) }
        try sheet.write(entries, to: url)
        #expect(try ImageFile.read(url).shape == [height, sheet.width])
    }
}
