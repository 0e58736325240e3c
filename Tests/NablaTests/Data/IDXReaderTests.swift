import Foundation
import Testing
@testable import Nabla

/// The IDX reader against files written byte by byte: every element type, every malformed header,
/// and a seeded fuzz run over random and mutated files.
@Suite struct IDXReaderTests {
    @Test func unsignedBytesOptionallyScaledToTheUnitInterval() throws {
        let data = idxBytes(type: 0x08, shape: [2, 3], payload: [0, 1, 127, 128, 254, 255])
        expectValues(try IDXReader.decode(data), [0, 1, 127, 128, 254, 255], shape: [2, 3])
        let scaled = try IDXReader.decode(data, scaleBytes: true)
        #expect(scaled.dtype == .float32)
        #expect(scaled.scalars == [0, 1, 127, 128, 254, 255].map { Float($0) / 255 })
    }

    @Test func signedBytes() throws {
        let data = idxBytes(type: 0x09, shape: [4], payload: [0, 1, 0x7F, 0x80])
        expectValues(try IDXReader.decode(data, scaleBytes: true), [0, 1, 127, -128], shape: [4])   // no scaling
    }

    @Test func bigEndianShorts() throws {
        let data = idxBytes(type: 0x0B, shape: [3], payload: [0x01, 0x02, 0xFF, 0xFF, 0x80, 0x00])
        expectValues(try IDXReader.decode(data), [258, -1, -32768], shape: [3])
    }

    @Test func bigEndianInts() throws {
        let data = idxBytes(type: 0x0C, shape: [1, 2], payload: [0x00, 0x01, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFE])
        expectValues(try IDXReader.decode(data), [65536, -2], shape: [1, 2])
    }

    @Test func bigEndianFloats() throws {
        // 1.5 = 0x3fc00000, -2.25 = 0xc0100000.
        let data = idxBytes(type: 0x0D, shape: [2, 1], payload: [0x3F, 0xC0, 0, 0, 0xC0, 0x10, 0, 0])
        expectValues(try IDXReader.decode(data), [1.5, -2.25], shape: [2, 1])
    }

    @Test func bigEndianDoubles() throws {
        // 0.1 = 0x3fb999999999999a, rounded to the nearest Float; -3 = 0xc008000000000000.
        let data = idxBytes(type: 0x0E, shape: [2], payload: [0x3F, 0xB9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9A, 0xC0, 0x08, 0, 0, 0, 0, 0, 0])
        #expect(try IDXReader.decode(data).scalars == [Float(0.1), -3])
    }

    @Test func scalarsAndEmptyDimensions() throws {
        #expect(try IDXReader.decode(idxBytes(type: 0x08, shape: [], payload: [42])).shape == [])
        let empty = try IDXReader.decode(idxBytes(type: 0x0D, shape: [0, 28, 28], payload: []))
        #expect(empty.shape == [0, 28, 28] && empty.count == 0)
    }

    @Test func readsPlainAndGzippedFiles() throws {
        let directory = try makeTemporaryDirectory()
        defer { removeDirectory(directory) }
        let data = idxBytes(type: 0x0B, shape: [2, 2], payload: [0, 1, 0, 2, 0, 3, 0, 4])
        try data.write(to: directory.appendingPathComponent("plain-idx2-short"))
        try Gzip.compress(data).write(to: directory.appendingPathComponent("packed-idx2-short.gz"))
        for name in ["plain-idx2-short", "packed-idx2-short.gz"] {
            expectValues(try IDXReader.read(contentsOf: directory.appendingPathComponent(name)), [1, 2, 3, 4], shape: [2, 2])
        }
        let header = try IDXReader.readHeader(data)
        #expect(header == IDXHeader(elementType: .int16, shape: [2, 2]))
        #expect(header.byteCount == 12 && header.elementCount == 4)
    }

    /// Each malformed file, the problem the reader must report, and words of its message.
    static let malformed: [(name: String, bytes: Data, problem: IDXError.Problem, words: String)] = [
        ("empty", Data(), .tooShortForHeader(byteCount: 0), "too short"),
        ("three-bytes", Data([0, 0, 8]), .tooShortForHeader(byteCount: 3), "too short"),
        ("bad-magic", Data([0x1F, 0x00, 0x08, 0x01, 0, 0, 0, 0]), .badMagic(0x1F, 0), "bad magic"),
        ("unknown-type", Data([0, 0, 0x0A, 0x01, 0, 0, 0, 0]), .unknownType(0x0A), "unknown element type 0a"),
        ("too-many-dims", Data([0, 0, 0x08, 9] + [UInt8](repeating: 0, count: 36)), .tooManyDimensions(9), "too many dimensions"),
        ("sizes-cut-short", Data([0, 0, 0x08, 3, 0, 0, 0, 1, 0, 0]), .tooShortForHeader(byteCount: 10), "too short"),
        ("overflowing-sizes", idxBytes(type: 0x0E, shape: Array(repeating: 0xFFFF_FFFF, count: 8), payload: []),
         .sizesOverflow(Array(repeating: 0xFFFF_FFFF, count: 8)), "overflow"),
        ("data-too-short", idxBytes(type: 0x0C, shape: [3], payload: [0, 0, 0, 1, 0, 0, 0, 2]),
         .dataTooShort(shape: [3], expectedBytes: 20, actualBytes: 16), "shorter than declared"),
        ("data-too-long", idxBytes(type: 0x08, shape: [2, 2], payload: [1, 2, 3, 4, 5]),
         .dataTooLong(shape: [2, 2], expectedBytes: 16, actualBytes: 17), "longer than declared"),
    ]

    @Test(arguments: malformed.indices)
    func malformedFilesThrowNamingTheFileAndTheProblem(case index: Int) throws {
        let (name, bytes, problem, words) = Self.malformed[index]
        let directory = try makeTemporaryDirectory()
        defer { removeDirectory(directory) }
        let file = directory.appendingPathComponent(name + "-idx")
        try bytes.write(to: file)
        #expect(throws: IDXError(file: name + "-idx", problem: problem)) { try IDXReader.read(contentsOf: file) }
        expectError(containing: [name + "-idx", words]) { _ = try IDXReader.read(contentsOf: file) }
        // The same through gzip.
        let packed = directory.appendingPathComponent(name + "-idx.gz")
        try Gzip.compress(bytes).write(to: packed)
        expectError(containing: [name + "-idx.gz", words]) { _ = try IDXReader.read(contentsOf: packed) }
    }

    /// One entry along the first axis, from plain and gzip files, equals that entry of the whole file;
    /// an index outside the axis and a file ending before the entry are named.
    @Test func readEntryReadsOneEntry() throws {
        let directory = try makeTemporaryDirectory()
        defer { removeDirectory(directory) }
        let data = idxBytes(type: 0x0B, shape: [3, 2], payload: [0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6])
        let plain = directory.appendingPathComponent("plain-idx2-short"), packed = directory.appendingPathComponent("packed-idx2-short.gz")
        try data.write(to: plain)
        try Gzip.compress(data).write(to: packed)
        for file in [plain, packed] {
            for index in 0..<3 { expectValues(try IDXReader.readEntry(index, contentsOf: file), [2 * index + 1, 2 * index + 2].map(Double.init), shape: [2]) }
            #expect(throws: IDXError(file: file.lastPathComponent, problem: .entryOutOfRange(index: 3, count: 3))) {
                try IDXReader.readEntry(3, contentsOf: file)
            }
        }
        let cut = directory.appendingPathComponent("cut-idx2-short")
        try data.prefix(data.count - 3).write(to: cut)
        expectValues(try IDXReader.readEntry(1, contentsOf: cut), [3, 4], shape: [2])
        #expect(throws: IDXError(file: "cut-idx2-short", problem: .dataTooShort(shape: [3, 2], expectedBytes: 24, actualBytes: 21))) {
            try IDXReader.readEntry(2, contentsOf: cut)
        }
    }

    /// A gzip file whose header declares more than its compressed bytes can inflate to (1032 : 1 at
    /// most) is refused before any of the data is inflated.
    @Test func headerDeclaringMoreThanTheStoredBytesCanHoldIsRefused() throws {
        let directory = try makeTemporaryDirectory()
        defer { removeDirectory(directory) }
        let file = directory.appendingPathComponent("claims-idx3-ubyte.gz")
        let data = idxBytes(type: 0x08, shape: [1_000_000, 28, 28], payload: [UInt8](repeating: 7, count: 784))
        let packed = try Gzip.compress(data)
        try packed.write(to: file)
        let problem = IDXError.Problem.moreThanStored(shape: [1_000_000, 28, 28], expectedBytes: 784_000_016, storedBytes: packed.count)
        #expect(throws: IDXError(file: file.lastPathComponent, problem: problem)) { try IDXReader.read(contentsOf: file) }
        #expect(throws: IDXError(file: file.lastPathComponent, problem: problem)) { try IDXReader.readEntry(0, contentsOf: file) }
    }

    /// A valid file followed by 40 MiB of zeros (40 kB compressed) is refused after the first mebibyte
    /// beyond the declared data, not inflated to the end or to the output limit.
    @Test func dataFarBeyondTheDeclaredSizeIsNotInflated() throws {
        let directory = try makeTemporaryDirectory()
        defer { removeDirectory(directory) }
        let file = directory.appendingPathComponent("bomb-idx1-ubyte.gz")
        var packed = try Gzip.compress(idxBytes(type: 0x08, shape: [3], payload: [1, 2, 3]))
        let zeros = try Gzip.compress(Data(count: 1 << 20), level: 9)
        for _ in 0..<40 { packed.append(zeros) }
        try packed.write(to: file)
        let problem = IDXError.Problem.dataFarTooLong(shape: [3], expectedBytes: 11, extraBytes: IDXReader.trailingByteLimit)
        #expect(throws: IDXError(file: file.lastPathComponent, problem: problem)) { try IDXReader.read(contentsOf: file) }
    }

    @Test func aTruncatedGzipFileIsAGzipErrorNamingTheFile() throws {
        let directory = try makeTemporaryDirectory()
        defer { removeDirectory(directory) }
        let file = directory.appendingPathComponent("images-idx3-ubyte.gz")
        try Gzip.compress(mnistImages(count: 3)).prefix(100).write(to: file)
        expectError(containing: ["images-idx3-ubyte.gz", "truncated"]) { _ = try IDXReader.read(contentsOf: file) }
    }

    /// Random headers and payloads, and valid files with bytes flipped, cut or added: every one is
    /// either read or rejected with an `IDXError`; none crashes or hangs. The gzip layer gets the
    /// same treatment with a small output limit.
    @Test func fuzzedFilesAreReadOrRejectedNeverCrash() throws {
        var generator = RandomGenerator(seed: 0x1D8)
        func random(_ upper: Int) -> Int { Int(generator.next() % UInt64(upper)) }
        let types: [UInt8] = [0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E, 0x00, 0x0A, 0xFF]
        let valid = [
            idxBytes(type: 0x08, shape: [3, 4, 5], payload: (0..<60).map { UInt8($0) }),
            idxBytes(type: 0x0D, shape: [2, 3], payload: (0..<24).map { UInt8($0 * 11 % 256) }),
            idxBytes(type: 0x0B, shape: [7], payload: [UInt8](repeating: 0x80, count: 14)),
        ]
        let compressedValid = try valid.map { try Gzip.compress($0) }
        var accepted = 0, rejected = 0
        for iteration in 0..<3000 {
            var bytes: [UInt8]
            switch iteration % 3 {
            case 0:   // a plausible header with random sizes and a random amount of data
                let rank = random(6)
                bytes = [0, 0, types[random(types.count)], UInt8(rank)]
                for _ in 0..<rank { bytes += [0, 0, 0, UInt8(random(6))].map { random(8) == 0 ? UInt8(random(256)) : $0 } }
                bytes += (0..<random(200)).map { _ in UInt8(random(256)) }
            case 1:   // a valid file with a few bytes changed, cut off or added
                bytes = [UInt8](valid[random(valid.count)])
                for _ in 0..<1 + random(3) {
                    switch random(3) {
                    case 0 where !bytes.isEmpty: bytes[random(bytes.count)] = UInt8(random(256))
                    case 1: bytes.removeLast(random(bytes.count + 1))
                    default: bytes += (0..<random(8)).map { _ in UInt8(random(256)) }
                    }
                }
            default:  // pure noise
                bytes = (0..<random(64)).map { _ in UInt8(random(256)) }
            }
            do {
                let tensor = try IDXReader.decode(Data(bytes), file: "fuzz-\(iteration)")
                #expect(tensor.count == tensor.shape.reduce(1, *))
                accepted += 1
            } catch let error as IDXError {
                #expect(error.file == "fuzz-\(iteration)")
                rejected += 1
            }
            // Mutated gzip streams: inflate, then read, under a 64 KB limit.
            var packed = [UInt8](compressedValid[random(compressedValid.count)])
            for _ in 0..<1 + random(4) { packed[2 + random(packed.count - 2)] = UInt8(random(256)) }
            if random(4) == 0 { packed.removeLast(random(packed.count - 1)) }
            do {
                _ = try IDXReader.decode(Gzip.decompress(Data(packed), outputLimit: 1 << 16))
            } catch is GzipError {
            } catch is IDXError {
            }
        }
        #expect(accepted > 100 && rejected > 1000, "accepted \(accepted), rejected \(rejected)")
    }
}
