/// A small bitmap font for writing text into pictures (captions under scenes, labels on figures):
/// lower-case letters, digits and common punctuation, each glyph 5 pixels wide and 8 high (the last
/// row for the descenders of g, j, p, q, y and the comma), drawn `advance` pixels apart. Upper-case
/// letters are drawn as lower-case ones, and any other character as "?".
///
/// ```swift
/// var picture = [UInt8](repeating: 255, count: 200 * 20 * 3)            // white, RGB
/// BitmapFont.draw("a bag upper left", into: &picture, width: 200, height: 20, x: 2, y: 2, scale: 2, colour: [0, 0, 0])
/// ```
public enum BitmapFont {
    /// A glyph's width and height in font pixels.
    public static let glyphWidth = 5, glyphHeight = 8
    /// The distance from one character's left edge to the next one's, in font pixels.
    public static let advance = 6

    /// Each glyph as 8 rows, top first, of 5 bits each (the leftmost pixel the highest bit).
    static let glyphs: [Character: [UInt8]] = [
        "a": [0b00000, 0b00000, 0b01110, 0b00001, 0b01111, 0b10001, 0b01111, 0b00000],
        "b": [0b10000, 0b10000, 0b11110, 0b10001, 0b10001, 0b10001, 0b11110, 0b00000],
        "c": [0b00000, 0b00000, 0b01111, 0b10000, 0b10000, 0b10000, 0b01111, 0b00000],
        "d": [0b00001, 0b00001, 0b01111, 0b10001, 0b10001, 0b10001, 0b01111, 0b00000],
        "e": [0b00000, 0b00000, 0b01110, 0b10001, 0b11111, 0b10000, 0b01110, 0b00000],
        "f": [0b00110, 0b01000, 0b11110, 0b01000, 0b01000, 0b01000, 0b01000, 0b00000],
        "g": [0b00000, 0b00000, 0b01111, 0b10001, 0b10001, 0b01111, 0b00001, 0b01110],
        "h": [0b10000, 0b10000, 0b11110, 0b10001, 0b10001, 0b10001, 0b10001, 0b00000],
        "i": [0b00100, 0b00000, 0b01100, 0b00100, 0b00100, 0b00100, 0b01110, 0b00000],
        "j": [0b00010, 0b00000, 0b00110, 0b00010, 0b00010, 0b00010, 0b10010, 0b01100],
        "k": [0b10000, 0b10000, 0b10010, 0b10100, 0b11000, 0b10100, 0b10010, 0b00000],
        "l": [0b01100, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110, 0b00000],
        "m": [0b00000, 0b00000, 0b11010, 0b10101, 0b10101, 0b10101, 0b10101, 0b00000],
        "n": [0b00000, 0b00000, 0b11110, 0b10001, 0b10001, 0b10001, 0b10001, 0b00000],
        "o": [0b00000, 0b00000, 0b01110, 0b10001, 0b10001, 0b10001, 0b01110, 0b00000],
        "p": [0b00000, 0b00000, 0b11110, 0b10001, 0b10001, 0b11110, 0b10000, 0b10000],
        "q": [0b00000, 0b00000, 0b01111, 0b10001, 0b10001, 0b01111, 0b00001, 0b00001],
        "r": [0b00000, 0b00000, 0b10110, 0b11001, 0b10000, 0b10000, 0b10000, 0b00000],
        "s": [0b00000, 0b00000, 0b01111, 0b10000, 0b01110, 0b00001, 0b11110, 0b00000],
        "t": [0b01000, 0b01000, 0b11110, 0b01000, 0b01000, 0b01001, 0b00110, 0b00000],
        "u": [0b00000, 0b00000, 0b10001, 0b10001, 0b10001, 0b10011, 0b01101, 0b00000],
        "v": [0b00000, 0b00000, 0b10001, 0b10001, 0b10001, 0b01010, 0b00100, 0b00000],
        "w": [0b00000, 0b00000, 0b10001, 0b10001, 0b10101, 0b10101, 0b01010, 0b00000],
        "x": [0b00000, 0b00000, 0b10001, 0b01010, 0b00100, 0b01010, 0b10001, 0b00000],
        "y": [0b00000, 0b00000, 0b10001, 0b10001, 0b10001, 0b01111, 0b00001, 0b01110],
        "z": [0b00000, 0b00000, 0b11111, 0b00010, 0b00100, 0b01000, 0b11111, 0b00000],
        "0": [0b01110, 0b10001, 0b10011, 0b10101, 0b11001, 0b10001, 0b01110, 0b00000],
        "1": [0b00100, 0b01100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110, 0b00000],
        "2": [0b01110, 0b10001, 0b00001, 0b00010, 0b00100, 0b01000, 0b11111, 0b00000],
        "3": [0b11110, 0b00001, 0b00001, 0b01110, 0b00001, 0b00001, 0b11110, 0b00000],
        "4": [0b00010, 0b00110, 0b01010, 0b10010, 0b11111, 0b00010, 0b00010, 0b00000],
        "5": [0b11111, 0b10000, 0b11110, 0b00001, 0b00001, 0b10001, 0b01110, 0b00000],
        "6": [0b00110, 0b01000, 0b10000, 0b11110, 0b10001, 0b10001, 0b01110, 0b00000],
        "7": [0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b01000, 0b01000, 0b00000],
        "8": [0b01110, 0b10001, 0b10001, 0b01110, 0b10001, 0b10001, 0b01110, 0b00000],
        "9": [0b01110, 0b10001, 0b10001, 0b01111, 0b00001, 0b00010, 0b01100, 0b00000],
        " ": [0b00000, 0b00000, 0b00000, 0b00000, 0b00000, 0b00000, 0b00000, 0b00000],
        ",": [0b00000, 0b00000, 0b00000, 0b00000, 0b00000, 0b01100, 0b00100, 0b01000],
        ".": [0b00000, 0b00000, 0b00000, 0b00000, 0b00000, 0b01100, 0b01100, 0b00000],
        "-": [0b00000, 0b00000, 0b00000, 0b00000, 0b01110, 0b00000, 0b00000, 0b00000],
        ":": [0b00000, 0b00000, 0b01100, 0b01100, 0b00000, 0b01100, 0b01100, 0b00000],
        "%": [0b11001, 0b11001, 0b00010, 0b00100, 0b01000, 0b10011, 0b10011, 0b00000],
        "/": [0b00001, 0b00001, 0b00010, 0b00100, 0b01000, 0b10000, 0b10000, 0b00000],
        "(": [0b00010, 0b00100, 0b01000, 0b01000, 0b01000, 0b00100, 0b00010, 0b00000],
        ")": [0b01000, 0b00100, 0b00010, 0b00010, 0b00010, 0b00100, 0b01000, 0b00000],
        "=": [0b00000, 0b00000, 0b11111, 0b00000, 0b11111, 0b00000, 0b00000, 0b00000],
        "?": [0b01110, 0b10001, 0b00001, 0b00010, 0b00100, 0b00000, 0b00100, 0b00000],
        "+": [0b00000, 0b00000, 0b00100, 0b00100, 0b11111, 0b00100, 0b00100, 0b00000],
        "'": [0b00100, 0b00100, 0b01000, 0b00000, 0b00000, 0b00000, 0b00000, 0b00000],
    ]

    /// The rows of `character`'s glyph (see `glyphs`), "?" for a character the font lacks.
    public static func glyph(_ character: Character) -> [UInt8] {
        glyphs[character] ?? character.lowercased().first.flatMap { glyphs[$0] } ?? glyphs["?"]!
    }

    /// The width of `text` in picture pixels at `scale` (each font pixel a `scale` × `scale` square).
    public static func width(of text: String, scale: Int = 1) -> Int {
        text.isEmpty ? 0 : ((text.count - 1) * advance + glyphWidth) * scale
    }

    /// Draws `text` in `colour` (red, green, blue) into the RGB picture `pixels` of `width` × `height`,
    /// its top left corner at (`x`, `y`), each font pixel a `scale` × `scale` square. What falls outside
    /// the picture is cut off.
    public static func draw(_ text: String, into pixels: inout [UInt8], width: Int, height: Int, x: Int, y: Int,
                            scale: Int = 1, colour: [UInt8]) {
        require(pixels.count == width * height * 3 && colour.count == 3 && scale > 0,
                "BitmapFont.draw: the picture must hold width × height × 3 bytes, the colour 3 and the scale be positive")
        for (position, character) in text.enumerated() {
            let rows = glyph(character), left = x + position * advance * scale
            for (row, bits) in rows.enumerated() {
                for column in 0..<glyphWidth where bits & (1 << (glyphWidth - 1 - column)) != 0 {
                    for dy in 0..<scale {
                        for dx in 0..<scale {
                            let px = left + column * scale + dx, py = y + row * scale + dy
                            guard (0..<width).contains(px), (0..<height).contains(py) else { continue }
                            let start = (py * width + px) * 3
                            pixels.replaceSubrange(start..<start + 3, with: colour)
                        }
                    }
                }
            }
        }
    }

    /// `text` broken at spaces into lines of at most `limit` characters (a longer word gets a line of its own).
    public static func wrap(_ text: String, limit: Int) -> [String] {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > limit {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        return line.isEmpty ? lines : lines + [line]
    }
}
