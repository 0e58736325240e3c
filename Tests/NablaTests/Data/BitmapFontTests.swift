import Testing
@testable import Nabla

@Suite struct BitmapFontTests {
    @Test func drawsTheGlyphsPixelsScaledAndClipped() {
        var picture = [UInt8](repeating: 255, count: 8 * 10 * 3)
        BitmapFont.draw("-", into: &picture, width: 8, height: 10, x: 0, y: 0, scale: 2, colour: [9, 8, 7])
        // "-" is row 4, columns 1...3: at scale 2, x 2...7, y 8...9.
        var painted: [Int] = []
        for pixel in 0..<80 where picture[3 * pixel] == 9 {
            #expect(Array(picture[3 * pixel..<3 * pixel + 3]) == [9, 8, 7])
            painted.append(pixel)
        }
        #expect(painted == [8 * 8 + 2, 8 * 8 + 3, 8 * 8 + 4, 8 * 8 + 5, 8 * 8 + 6, 8 * 8 + 7, 9 * 8 + 2, 9 * 8 + 3, 9 * 8 + 4, 9 * 8 + 5, 9 * 8 + 6, 9 * 8 + 7])
    }

    @Test func everyGlyphHasEightRowsOfFiveBitsAndUnknownCharactersAreQuestionMarks() {
        #expect(BitmapFont.glyphs.values.allSatisfy { $0.count == BitmapFont.glyphHeight && $0.allSatisfy { $0 < 32 } })
        for character in "abcdefghijklmnopqrstuvwxyz0123456789" {
            #expect(BitmapFont.glyphs[character] != nil && BitmapFont.glyph(character).contains { $0 != 0 }, "\(character)")
        }
        #expect(BitmapFont.glyph("B") == BitmapFont.glyph("b"))
        #expect(BitmapFont.glyph("✗") == BitmapFont.glyph("?"))
        #expect(BitmapFont.glyph(" ").allSatisfy { $0 == 0 })
    }

    @Test func widthAndWrapping() {
        #expect(BitmapFont.width(of: "abc", scale: 2) == (2 * 6 + 5) * 2)
        #expect(BitmapFont.width(of: "") == 0)
        #expect(BitmapFont.wrap("a bag upper left, a top lower right", limit: 12) == ["a bag upper", "left, a top", "lower right"])
        #expect(BitmapFont.wrap("unbreakable word", limit: 5) == ["unbreakable", "word"])
    }
}
