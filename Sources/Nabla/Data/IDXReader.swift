import Foundation

/// The element types an IDX file can hold, named by the type byte of its magic number.
public enum IDXElementType: UInt8, Sendable, CaseIterable {
    /// `0x08`: unsigned bytes (MNIST's pixels and labels).
    case uint8 = 0x08
    /// `0x09`: signed bytes.
    case int8 = 0x09
    /// `0x0B`: big-endian 16-bit integers.
    case int16 = 0x0B
    /// `0x0C`: big-endian 32-bit integers.
    case int32 = 0x0C
    /// `0x0D`: big-endian IEEE 754 single-precision floats.
    case float32 = 0x0D
    /// `0x0E`: big-endian IEEE 754 double-precision floats.
    case float64 = 0x0E

    /// The size of one element in bytes.
    public var byteSize: Int {
        switch self {
        case .uint8, .int8: 1
        case .int16: 2
        case .int32, .float32: 4
        case .float64: 8
        }
    }
}

/// What the first bytes of an IDX file declare: the element type and the shape.
public struct IDXHeader: Sendable, Equatable {
    /// The type of every element.
    public let elementType: IDXElementType
    /// The size of each dimension, outermost first (e.g. `[60000, 28, 28]` for MNIST's images).
    public let shape: [Int]

    /// The number of bytes before the data: the 4-byte magic number and 4 bytes per dimension.
    public var byteCount: Int { 4 + 4 * shape.count }
    /// The number of elements (the product of the sizes).
    public var elementCount: Int { shape.reduce(1, *) }
}

/// Reads the IDX format, in which MNIST and Fashion-MNIST are published, into tensors.
///
/// An IDX file is a header followed by the elements in row-major order:
///
/// | bytes | meaning |
/// | --- | --- |
/// | 0, 1 | zero |
/// | 2 | the element type (`IDXElementType`) |
/// | 3 | the number of dimensions *d* |
/// | 4 ..< 4 + 4*d* | the size of each dimension, a big-endian `UInt32` |
/// | then | the elements, big-endian |
///
/// The reader checks all of it before allocating anything: a wrong magic number, an unknown type,
/// too many dimensions, sizes whose product overflows, or data shorter or longer than declared all
/// throw an `IDXError` naming the file. Files may be gzip-compressed (detected by their first bytes).
///
/// ```swift
/// let images = try IDXReader.read(contentsOf: url, scaleBytes: true)   // [60000, 28, 28] in [0, 1]
/// ```
public enum IDXReader {
    /// The most dimensions a file may declare. The format allows 255; real files use 1 to 4.
    public static let maxRank = 8

    /// Reads the IDX file at `url` (plain or gzip-compressed) into a `float32` tensor of its shape.
    ///
    /// - Parameters:
    ///   - url: the file to read.
    ///   - scaleBytes: divide unsigned bytes (`uint8` files) by 255, so pixels lie in [0, 1].
    ///     Other element types are read as they are.
    ///   - byteLimit: the most bytes the (decompressed) file may hold.
    /// - Throws: `IDXError` (or `GzipError` for a damaged compressed file), naming the file.
    public static func read(contentsOf url: URL, scaleBytes: Bool = false,
                            byteLimit: Int = Gzip.defaultOutputLimit) throws -> Tensor {
        let data = try contents(of: url, byteLimit: byteLimit)
        return try decode(data, file: url.lastPathComponent, scaleBytes: scaleBytes)
    }

    /// Reads entry `index` along the first axis of the IDX file at `url` (one image of an images
    /// file) as a `float32` tensor of the remaining shape. Only the header and the bytes up to the
    /// entry are inflated, and only the entry is kept: memory stays that of one entry whatever the
    /// header claims.
    ///
    /// - Throws: `IDXError` for a malformed header, an index outside the first axis or a file that
    ///   ends before the entry (or `GzipError` for damaged compressed data), naming the file.
    public static func readEntry(_ index: Int, contentsOf url: URL, scaleBytes: Bool = false) throws -> Tensor {
        let file = url.lastPathComponent
        let (stream, header, _) = try open(url)
        guard let count = header.shape.first else { throw IDXError(file: file, problem: .entryOutOfRange(index: index, count: 0)) }
        guard (0..<count).contains(index) else { throw IDXError(file: file, problem: .entryOutOfRange(index: index, count: count)) }
        let entryShape = Array(header.shape.dropFirst())
        let entryCount = entryShape.reduce(1, *)           // no overflow: the whole file's count was checked
        let entryBytes = entryCount * header.elementType.byteSize
        let expected = header.byteCount + header.elementCount * header.elementType.byteSize
        let skipped = try naming(file) { try stream.skip(index * entryBytes) }
        let entry = try naming(file) { try stream.read(entryBytes) }
        guard skipped + entry.count == (index + 1) * entryBytes else {
            throw IDXError(file: file, problem: .dataTooShort(shape: header.shape, expectedBytes: expected,
                                                             actualBytes: header.byteCount + skipped + entry.count))
        }
        let storage = TensorStorage.backend.allocate(.float32, count: entryCount)
        TensorStorage.backend.withHostMemory(storage) { memory in
            entry.withUnsafeBytes { bytes in
                convert(bytes, type: header.elementType, count: entryCount, scaleBytes: scaleBytes, into: memory.bindMemory(to: Float.self).baseAddress!)
            }
        }
        return Tensor(storage: storage, shape: entryShape)
    }

    /// How many bytes after the declared data are counted before a file is called far too long.
    static let trailingByteLimit = 1 << 20

    /// The whole file at `url`, inflated if gzip, checked against its header as it is read: a header
    /// that declares more than the stored bytes can inflate to is refused before reading on, and
    /// reading stops soon after the declared size (so a "zip bomb" costs no more than the header admits).
    ///
    /// - Throws: `IDXError` or `GzipError` naming the file; `GzipError.Problem.outputTooLarge` when
    ///   the file declares or holds more than `byteLimit` bytes.
    static func contents(of url: URL, byteLimit: Int = Gzip.defaultOutputLimit) throws -> Data {
        let file = url.lastPathComponent
        let (stream, header, headerBytes) = try open(url)
        let expected = header.byteCount + header.elementCount * header.elementType.byteSize
        guard expected <= byteLimit else { throw GzipError(file: file, problem: .outputTooLarge(limit: byteLimit)) }
        var data = headerBytes
        data.append(try naming(file) { try stream.read(expected - header.byteCount) })
        guard data.count == expected else {
            throw IDXError(file: file, problem: .dataTooShort(shape: header.shape, expectedBytes: expected, actualBytes: data.count))
        }
        // Bytes after the declared data are counted up to a mebibyte, so that a "zip bomb" behind a
        // valid file is refused without inflating it.
        let extra = try naming(file) { try stream.skip(trailingByteLimit + 1) }
        guard extra <= trailingByteLimit else {
            throw IDXError(file: file, problem: .dataFarTooLong(shape: header.shape, expectedBytes: expected, extraBytes: trailingByteLimit))
        }
        guard extra == 0 else {
            throw IDXError(file: file, problem: .dataTooLong(shape: header.shape, expectedBytes: expected, actualBytes: expected + extra))
        }
        return data
    }

    /// Opens the file at `url` and reads its header, checking the declared size against what the
    /// stored bytes can hold.
    private static func open(_ url: URL) throws -> (GzipStream, IDXHeader, Data) {
        let file = url.lastPathComponent
        if let problem = PathCheck.problemReading(url) { throw GzipError(file: url.path, problem: .unreadable(problem)) }
        let stored: Data
        do {
            stored = try Data(contentsOf: url)   // read, not mapped: a file cut short meanwhile cannot fault
        } catch {
            throw GzipError(file: url.path, problem: .unreadable(error.localizedDescription))
        }
        let stream = try naming(file) { try GzipStream(stored) }
        var bytes = try naming(file) { try stream.read(4) }
        if bytes.count == 4 { bytes.append(try naming(file) { try stream.read(4 * Int(bytes[3])) }) }
        let header = try readHeader(bytes, file: file, checkingLength: false)
        let expected = header.byteCount + header.elementCount * header.elementType.byteSize
        guard !stream.isCompressed || expected <= stream.maximumInflatedByteCount else {
            throw IDXError(file: file, problem: .moreThanStored(shape: header.shape, expectedBytes: expected, storedBytes: stream.storedByteCount))
        }
        return (stream, header, bytes)
    }

    /// Runs `body`, putting `file` into any `GzipError` it throws.
    private static func naming<T>(_ file: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch var error as GzipError {
            error.file = file
            throw error
        }
    }

    /// Decodes IDX bytes (already decompressed) into a `float32` tensor of the declared shape.
    ///
    /// `file` names the data in errors. Integers are converted exactly up to 2²⁴, doubles rounded
    /// to the nearest `Float`.
    public static func decode(_ data: Data, file: String = "IDX data", scaleBytes: Bool = false) throws -> Tensor {
        let header = try readHeader(data, file: file)
        let count = header.elementCount
        let storage = TensorStorage.backend.allocate(.float32, count: count)
        TensorStorage.backend.withHostMemory(storage) { memory in
            data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
                let source = UnsafeRawBufferPointer(rebasing: bytes[header.byteCount...])
                convert(source, type: header.elementType, count: count, scaleBytes: scaleBytes, into: memory.bindMemory(to: Float.self).baseAddress!)
            }
        }
        return Tensor(storage: storage, shape: header.shape)
    }

    /// Checks the header of `data` and that the data holds exactly the elements it declares.
    ///
    /// - Throws: `IDXError` naming `file` for the first problem found.
    public static func readHeader(_ data: Data, file: String = "IDX data") throws -> IDXHeader {
        try readHeader(data, file: file, checkingLength: true)
    }

    /// The header of `data`; with `checkingLength`, also checks that the elements follow in full.
    private static func readHeader(_ data: Data, file: String, checkingLength: Bool) throws -> IDXHeader {
        func fail(_ problem: IDXError.Problem) -> IDXError { IDXError(file: file, problem: problem) }
        let bytes = [UInt8](data.prefix(4))
        guard bytes.count == 4 else { throw fail(.tooShortForHeader(byteCount: data.count)) }
        guard bytes[0] == 0, bytes[1] == 0 else { throw fail(.badMagic(bytes[0], bytes[1])) }
        guard let type = IDXElementType(rawValue: bytes[2]) else { throw fail(.unknownType(bytes[2])) }
        let rank = Int(bytes[3])
        guard rank <= maxRank else { throw fail(.tooManyDimensions(rank)) }
        let headerSize = 4 + 4 * rank
        guard data.count >= headerSize else { throw fail(.tooShortForHeader(byteCount: data.count)) }

        var shape: [Int] = []
        var elements = 1
        var overflow = false
        for axis in 0..<rank {
            let start = data.startIndex + 4 + 4 * axis
            let size = data[start..<start + 4].reduce(0) { $0 << 8 | Int($1) }
            shape.append(size)
            let (product, overflowed) = elements.multipliedReportingOverflow(by: size)
            elements = product
            overflow = overflow || overflowed
        }
        let (dataBytes, overflowed) = elements.multipliedReportingOverflow(by: type.byteSize)
        let (expected, overflowedAgain) = dataBytes.addingReportingOverflow(headerSize)
        guard !overflow, !overflowed, !overflowedAgain else { throw fail(.sizesOverflow(shape)) }
        guard checkingLength else { return IDXHeader(elementType: type, shape: shape) }
        guard data.count >= expected else {
            throw fail(.dataTooShort(shape: shape, expectedBytes: expected, actualBytes: data.count))
        }
        guard data.count == expected else {
            throw fail(.dataTooLong(shape: shape, expectedBytes: expected, actualBytes: data.count))
        }
        return IDXHeader(elementType: type, shape: shape)
    }

    /// Converts `count` big-endian elements of `type` from `source` to `Float`s at `target`.
    private static func convert(_ source: UnsafeRawBufferPointer, type: IDXElementType, count: Int,
                                scaleBytes: Bool, into target: UnsafeMutablePointer<Float>) {
        switch type {
        case .uint8:
            for i in 0..<count { target[i] = scaleBytes ? Float(source[i]) / 255 : Float(source[i]) }
        case .int8:
            for i in 0..<count { target[i] = Float(Int8(bitPattern: source[i])) }
        case .int16:
            for i in 0..<count {
                target[i] = Float(Int16(bigEndian: source.loadUnaligned(fromByteOffset: 2 * i, as: Int16.self)))
            }
        case .int32:
            for i in 0..<count {
                target[i] = Float(Int32(bigEndian: source.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self)))
            }
        case .float32:
            for i in 0..<count {
                target[i] = Float(bitPattern: UInt32(bigEndian: source.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
            }
        case .float64:
            for i in 0..<count {
                target[i] = Float(Double(bitPattern: UInt64(bigEndian: source.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))))
            }
        }
    }
}

/// A malformed IDX file: which file, and what is wrong with it.
public struct IDXError: Error, CustomStringConvertible, Equatable {
    /// What is wrong with the file.
    public enum Problem: Equatable, Sendable {
        /// The file ends inside the header.
        case tooShortForHeader(byteCount: Int)
        /// The first two bytes are not zero.
        case badMagic(UInt8, UInt8)
        /// The type byte is not one of `IDXElementType`'s.
        case unknownType(UInt8)
        /// More dimensions than `IDXReader.maxRank`.
        case tooManyDimensions(Int)
        /// The sizes multiply to more elements or bytes than memory can address.
        case sizesOverflow([Int])
        /// The file holds fewer bytes than its header declares.
        case dataTooShort(shape: [Int], expectedBytes: Int, actualBytes: Int)
        /// The file holds more bytes than its header declares.
        case dataTooLong(shape: [Int], expectedBytes: Int, actualBytes: Int)
        /// The file holds more than `extraBytes` bytes beyond what its header declares (counted no further).
        case dataFarTooLong(shape: [Int], expectedBytes: Int, extraBytes: Int)
        /// The header declares more bytes than the file's stored (compressed) bytes can inflate to.
        case moreThanStored(shape: [Int], expectedBytes: Int, storedBytes: Int)
        /// An entry asked for (`readEntry`) lies outside the first axis.
        case entryOutOfRange(index: Int, count: Int)
    }

    /// The name of the file.
    public let file: String
    /// What is wrong with it.
    public let problem: Problem

    /// The message, naming what is wrong.
    public var description: String {
        let detail: String
        switch problem {
        case .tooShortForHeader(let count):
            detail = "only \(count) bytes, too short for an IDX header"
        case .badMagic(let first, let second):
            detail = "bad magic number: an IDX file starts with two zero bytes, found \(hex(first)) \(hex(second))"
        case .unknownType(let byte):
            detail = "unknown element type \(hex(byte)) (expected 08, 09, 0b, 0c, 0d or 0e)"
        case .tooManyDimensions(let rank):
            detail = "too many dimensions: \(rank) (at most \(IDXReader.maxRank))"
        case .sizesOverflow(let shape):
            detail = "the sizes \(shape) overflow: too many elements to address"
        case .dataTooShort(let shape, let expected, let actual):
            detail = "data shorter than declared: shape \(shape) needs \(expected) bytes, the file has \(actual) (truncated?)"
        case .dataTooLong(let shape, let expected, let actual):
            detail = "data longer than declared: shape \(shape) needs \(expected) bytes, the file has \(actual)"
        case .dataFarTooLong(let shape, let expected, let extra):
            detail = "data longer than declared: shape \(shape) needs \(expected) bytes, the file holds more than \(extra) bytes beyond them"
        case .moreThanStored(let shape, let expected, let stored):
            detail = "the header declares shape \(shape), \(expected) bytes, more than the file's \(stored) stored bytes can hold"
        case .entryOutOfRange(let index, let count):
            detail = "index \(index) is outside 0..<\(count)"
        }
        return "\(file): \(detail)"
    }

    private func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
    }
}

extension IDXError: LocalizedError {
    /// The message, for `localizedDescription`.
    public var errorDescription: String? { description }
}
