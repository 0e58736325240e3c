import Foundation

/// Parses a PGM file held in memory, front to back, checking every step.
struct PGMDecoder {
    let bytes: UnsafeRawBufferPointer
    let file: String
    /// The index of the next unread byte.
    private var position = 0

    init(bytes: UnsafeRawBufferPointer, file: String) {
        self.bytes = bytes
        self.file = file
    }

    /// Netpbm's whitespace: blank, tab, CR, LF, vertical tab, form feed.
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    /// The image; `binary` selects `P5` over `P2`. The magic has been checked by `ImageFormat`.
    mutating func decode(binary: Bool) throws -> Tensor {
        position = 2
        let width = try headerNumber("width")
        let height = try headerNumber("height")
        try ImageFile.checkDimensions(width: width, height: height, file: file)
        let maxval = try headerNumber("maxval")
        guard (1...65535).contains(maxval) else {
            throw fail(.unsupportedFormat("PGM with maxval \(maxval) (PGM allows 1 to 65535)"))
        }

        // The raster must fit in what is left of the file; check before allocating the pixels.
        let count = width * height
        if binary {
            // Exactly one whitespace byte separates maxval from the raster (a comment may come first).
            if bytes[position] == UInt8(ascii: "#") { skipComment() }
            position += 1
            let needed = count * (maxval < 256 ? 1 : 2), available = max(bytes.count - position, 0)
            guard available >= needed else {
                throw fail(.truncated("the raster needs \(needed) bytes, the file has \(available) after the header"))
            }
        } else {
            // Each text sample takes at least one digit and one separator (none after the last).
            let available = bytes.count - position
            guard available >= 2 * count - 1 else {
                throw fail(.truncated("\(count) text samples need at least \(2 * count - 1) bytes, the file has \(available) after the header"))
            }
        }

        let storage = TensorStorage.backend.allocate(.float32, count: count)
        try TensorStorage.backend.withHostMemory(storage) { memory in
            let pixels = memory.bindMemory(to: Float.self).baseAddress!
            if binary {
                try readBinarySamples(into: pixels, count: count, width: width, maxval: maxval)
            } else {
                try readTextSamples(into: pixels, count: count, width: width, maxval: maxval)
            }
        }
        return Tensor(storage: storage, shape: [height, width])
    }

    /// `P5`: `count` samples of one byte, or of two bytes most significant first when maxval is
    /// 256 or more. Bytes after the raster are ignored (the format allows further images to follow).
    private func readBinarySamples(into pixels: UnsafeMutablePointer<Float>, count: Int, width: Int, maxval: Int) throws {
        let sampleSize = maxval < 256 ? 1 : 2
        let scale = Float(maxval)
        for i in 0..<count {
            let at = position + i * sampleSize
            let sample = sampleSize == 1 ? Int(bytes[at]) : Int(bytes[at]) << 8 | Int(bytes[at + 1])
            guard sample <= maxval else { throw sampleTooLarge(sample, index: i, width: width, maxval: maxval) }
            pixels[i] = Float(sample) / scale
        }
    }

    /// `P2`: `count` decimal samples separated by whitespace (comments are tolerated too).
    private mutating func readTextSamples(into pixels: UnsafeMutablePointer<Float>, count: Int, width: Int, maxval: Int) throws {
        let scale = Float(maxval)
        for i in 0..<count {
            skipWhitespaceAndComments()
            guard position < bytes.count else {
                throw fail(.truncated("the text raster ends after \(i) of \(count) samples"))
            }
            guard let sample = readDigits() else {
                throw fail(.invalidData("unexpected \(describe(bytes[position])) in the text raster (sample \(i))"))
            }
            guard sample <= maxval else { throw sampleTooLarge(sample, index: i, width: width, maxval: maxval) }
            pixels[i] = Float(sample) / scale
        }
    }

    /// The next header field: optional whitespace and comments, then decimal digits, then a
    /// whitespace byte or a comment.
    private mutating func headerNumber(_ name: String) throws -> Int {
        skipWhitespaceAndComments()
        guard position < bytes.count else { throw fail(.truncated("the header ends before the \(name)")) }
        guard let value = readDigits() else {
            throw fail(.malformedHeader("expected the \(name), found \(describe(bytes[position]))"))
        }
        guard value <= Int(Int32.max) else { throw fail(.malformedHeader("the \(name) has too many digits")) }
        guard position < bytes.count else { throw fail(.truncated("the header ends after the \(name)")) }
        guard Self.isWhitespace(bytes[position]) || bytes[position] == UInt8(ascii: "#") else {
            throw fail(.malformedHeader("expected whitespace after the \(name), found \(describe(bytes[position]))"))
        }
        return value
    }

    /// Reads a run of decimal digits, or returns `nil` if there is none. Values beyond 2³¹ are
    /// capped there (the callers reject them), so that a long run of digits cannot overflow.
    private mutating func readDigits() -> Int? {
        let start = position
        var value = 0
        while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
            value = min(value * 10 + Int(bytes[position] - UInt8(ascii: "0")), Int(Int32.max) + 1)
            position += 1
        }
        return position == start ? nil : value
    }

    /// Skips whitespace and `#` comments (which run to the end of the line).
    private mutating func skipWhitespaceAndComments() {
        while position < bytes.count {
            if Self.isWhitespace(bytes[position]) {
                position += 1
            } else if bytes[position] == UInt8(ascii: "#") {
                skipComment()
            } else {
                return
            }
        }
    }

    /// Skips from `#` up to, not including, the end of the line.
    private mutating func skipComment() {
        while position < bytes.count, bytes[position] != 0x0A, bytes[position] != 0x0D { position += 1 }
    }

    private func sampleTooLarge(_ sample: Int, index: Int, width: Int, maxval: Int) -> ImageFileError {
        fail(.invalidData("sample \(sample) at row \(index / width), column \(index % width) exceeds maxval \(maxval)"))
    }

    /// A byte, quoted if printable, else in hexadecimal.
    private func describe(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x" + String(byte, radix: 16)
    }

    private func fail(_ problem: ImageFileError.Problem) -> ImageFileError {
        ImageFileError(file: file, problem: problem)
    }
}
