import Foundation
import Testing
@testable import Nabla

/// gzip through zlib: known vectors from other tools, round trips, and every kind of damaged input
/// ending in a thrown error rather than a crash or a hang.
@Suite struct GzipTests {
    /// `gzip.compress(b"hello, nabla\n", 9, mtime=0)` written by Python's gzip module.
    static let pythonGzip: [UInt8] = [
        31, 139, 8, 0, 0, 0, 0, 0, 2, 3, 203, 72, 205, 201, 201, 215, 81, 200, 75, 76, 202, 73, 228, 2, 0,
        187, 58, 163, 66, 13, 0, 0, 0,
    ]

    @Test func inflatesAFileWrittenByAnotherTool() throws {
        let data = try Gzip.decompress(Data(Self.pythonGzip))
        #expect(String(decoding: data, as: UTF8.self) == "hello, nabla\n")
    }

    @Test func crc32MatchesTheStandardCheckValues() {
        // "123456789" → cbf43926 is CRC-32's published check value; the others are Python's zlib.crc32.
        #expect(Gzip.crc32(Data("123456789".utf8)) == 0xCBF4_3926)
        #expect(Gzip.crc32(Data()) == 0)
        #expect(Gzip.crc32(Data("hello, nabla\n".utf8)) == 0x42A3_3ABB)
        #expect(Gzip.crc32(Data((0..<1024).map { UInt8($0 % 256) })) == 0xB70B_4C26)
    }

    @Test(arguments: [0, 1, 1000, 65_536, 300_000])
    func compressThenDecompressGivesTheBytesBack(size: Int) throws {
        var generator = RandomGenerator(seed: UInt64(size))
        // Half random, half repetitive, so that the stream has both literal and matched blocks.
        let bytes = (0..<size).map { i in i % 2 == 0 ? UInt8(truncatingIfNeeded: generator.next()) : UInt8(i / 100 % 256) }
        let compressed = try Gzip.compress(Data(bytes))
        #expect(Gzip.isCompressed(compressed))
        #expect(try Gzip.decompress(compressed) == Data(bytes))
    }

    @Test func concatenatedMembersInflateToTheConcatenation() throws {
        let joined = try Gzip.compress(Data("first ".utf8)) + Gzip.compress(Data("second".utf8))
        #expect(try Gzip.decompress(joined) == Data("first second".utf8))
    }

    @Test func plainFilesPassThroughAndGzipFilesAreInflated() throws {
        let directory = try makeTemporaryDirectory()
        defer { removeDirectory(directory) }
        let plain = directory.appendingPathComponent("plain.bin"), packed = directory.appendingPathComponent("packed.bin")
        let bytes = Data((0..<5000).map { UInt8($0 % 7) })
        try bytes.write(to: plain)
        try Gzip.compress(bytes).write(to: packed)   // detected by content, whatever the name
        #expect(try Gzip.contents(of: plain) == bytes)
        #expect(try Gzip.contents(of: packed) == bytes)
        #expect(!Gzip.isCompressed(bytes) && !Gzip.isCompressed(Data([0x1F])))
    }

    @Test func truncatedDataThrowsTruncatedOrCorrupt() throws {
        let compressed = try Gzip.compress(Data((0..<50_000).map { UInt8($0 % 251) }))
        for length in [2, 5, 10, 20, compressed.count / 2, compressed.count - 8, compressed.count - 1] {
            #expect(throws: GzipError.self, "cut to \(length) bytes") { try Gzip.decompress(compressed.prefix(length)) }
        }
        #expect(throws: GzipError(problem: .truncated)) { try Gzip.decompress(compressed.prefix(compressed.count / 2)) }
    }

    @Test func damagedDataThrowsCorrupt() throws {
        var damaged = try Gzip.compress(Data("some text that compresses, some text that compresses".utf8))
        damaged[damaged.count - 6] ^= 0xFF   // inside the CRC-32 trailer
        #expect {
            try Gzip.decompress(damaged)
        } throws: { error in
            guard let error = error as? GzipError, case .corrupt = error.problem else { return false }
            return true
        }
        #expect(throws: GzipError.self) { try Gzip.decompress(Data([0x1F, 0x8B, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 1, 2, 3])) }
    }

    @Test func trailingGarbageAndNonGzipDataThrow() throws {
        let good = try Gzip.compress(Data("abc".utf8))
        #expect(throws: GzipError.self) { try Gzip.decompress(good + Data([1, 2, 3])) }
        #expect(throws: GzipError(problem: .notGzip)) { try Gzip.decompress(Data("plain".utf8)) }
    }

    @Test func outputBeyondTheLimitThrowsInsteadOfFillingMemory() throws {
        let bomb = try Gzip.compress(Data(count: 4_000_000), level: 9)   // ~4 KB that inflate to 4 MB
        #expect(bomb.count < 10_000)
        #expect(throws: GzipError(problem: .outputTooLarge(limit: 100_000))) {
            try Gzip.decompress(bomb, outputLimit: 100_000)
        }
        #expect(try Gzip.decompress(bomb, outputLimit: 4_000_000).count == 4_000_000)
    }

    @Test func errorsFromFilesNameTheFile() throws {
        let directory = try makeTemporaryDirectory()
        defer { removeDirectory(directory) }
        let file = directory.appendingPathComponent("cut-short.gz")
        try Gzip.compress(Data(count: 10_000)).prefix(15).write(to: file)
        expectError(containing: ["cut-short.gz", "truncated"]) { _ = try Gzip.contents(of: file) }
        expectError(containing: ["missing.gz", "cannot be read"]) {
            _ = try Gzip.contents(of: directory.appendingPathComponent("missing.gz"))
        }
    }
}
