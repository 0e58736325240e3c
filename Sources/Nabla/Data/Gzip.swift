import CZlib
import Foundation

/// gzip decompression and CRC-32 checksums, through the system zlib.
///
/// Data sets such as MNIST are published as gzip files (`.gz`). `Gzip.decompress` inflates them in
/// fixed-size chunks (with `GzipStream`), so memory grows with the output only, and stops with a thrown `GzipError`
/// rather than a crash on corrupt or truncated input. A caller-given limit on the output size stops
/// a damaged or hostile file (a "zip bomb") from filling memory.
///
/// ```swift
/// let bytes = try Gzip.contents(of: url)             // inflated if gzip, else the bytes as they are
/// let checksum = Gzip.crc32(bytes)
/// ```
public enum Gzip {
    /// The default limit on the size of decompressed data: 1 GiB, far above MNIST's largest file (47 MB).
    public static let defaultOutputLimit = 1 << 30

    /// Whether `data` starts with the gzip magic bytes `1f 8b`.
    public static func isCompressed(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == 0x1F && data[data.startIndex + 1] == 0x8B
    }

    /// The contents of the file at `url`: decompressed when the file is gzip (by its magic bytes,
    /// whatever its name), or the bytes as they are otherwise.
    ///
    /// - Throws: `GzipError` naming the file when it cannot be read, is corrupt or truncated, or
    ///   inflates to more than `outputLimit` bytes.
    public static func contents(of url: URL, outputLimit: Int = defaultOutputLimit) throws -> Data {
        if let problem = PathCheck.problemReading(url) {
            throw GzipError(file: url.lastPathComponent, problem: .unreadable(problem))
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw GzipError(file: url.lastPathComponent, problem: .unreadable(error.localizedDescription))
        }
        guard isCompressed(data) else {
            guard data.count <= outputLimit else {
                throw GzipError(file: url.lastPathComponent, problem: .outputTooLarge(limit: outputLimit))
            }
            return data
        }
        do {
            return try decompress(data, outputLimit: outputLimit)
        } catch var error as GzipError {
            error.file = url.lastPathComponent
            throw error
        }
    }

    /// Inflates gzip-compressed `data` (one or more concatenated gzip members, as `gzip` writes and
    /// reads them), checking each member's CRC-32 and length trailer.
    ///
    /// - Throws: `GzipError` when the data is not gzip, is corrupt or truncated, or inflates to
    ///   more than `outputLimit` bytes.
    public static func decompress(_ data: Data, outputLimit: Int = defaultOutputLimit) throws -> Data {
        guard isCompressed(data) else { throw GzipError(problem: .notGzip) }
        let stream = try GzipStream(data)
        let output = try stream.read(outputLimit)
        if try stream.hasMore() { throw GzipError(problem: .outputTooLarge(limit: outputLimit)) }
        return output
    }

    /// Compresses `data` as a single gzip member (the format of `.gz` files), at `level` 0 (store)
    /// to 9 (smallest). Useful for writing test files and caches.
    public static func compress(_ data: Data, level: Int32 = 6) throws -> Data {
        var stream = z_stream()
        // windowBits 15 + 16: the largest window, with a gzip header and trailer.
        var status = deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                                   zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw GzipError(problem: .zlib(code: status, message: "deflateInit2 failed")) }
        defer { deflateEnd(&stream) }
        var output = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        try data.withUnsafeBytes { (input: UnsafeRawBufferPointer) in
            guard input.count <= Int(UInt32.max) else { throw GzipError(problem: .outputTooLarge(limit: Int(UInt32.max))) }
            stream.next_in = input.count == 0 ? nil : UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
            stream.avail_in = uInt(input.count)
            repeat {
                let produced = chunk.withUnsafeMutableBufferPointer { buffer -> Int in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    status = deflate(&stream, Z_FINISH)
                    return buffer.count - Int(stream.avail_out)
                }
                output.append(chunk, count: produced)
                guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                    throw GzipError(problem: .zlib(code: status, message: "deflate failed"))
                }
            } while status != Z_STREAM_END
        }
        return output
    }

    /// The CRC-32 of `data` (the checksum of gzip, zip and PNG: polynomial 0xEDB88320, reflected).
    public static func crc32(_ data: Data) -> UInt32 {
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> UInt32 in
            var crc = CZlib.crc32(0, nil, 0)
            var offset = 0
            // zlib takes a 32-bit length: feed very large buffers in pieces.
            while offset < bytes.count {
                let length = Swift.min(bytes.count - offset, 1 << 30)
                let start = bytes.baseAddress!.advanced(by: offset).assumingMemoryBound(to: Bytef.self)
                crc = CZlib.crc32(crc, start, uInt(length))
                offset += length
            }
            return UInt32(truncatingIfNeeded: crc)
        }
    }
}

/// A failure to read or inflate gzip data, naming the file when there is one.
public struct GzipError: Error, CustomStringConvertible, Equatable {
    /// What went wrong.
    public enum Problem: Equatable, Sendable {
        /// The data does not start with the gzip magic bytes `1f 8b`.
        case notGzip
        /// The compressed stream is damaged (zlib's explanation).
        case corrupt(String)
        /// The data ends before the compressed stream does.
        case truncated
        /// The data inflates to more than the allowed number of bytes.
        case outputTooLarge(limit: Int)
        /// The file could not be read.
        case unreadable(String)
        /// zlib failed in an unexpected way (out of memory, version mismatch).
        case zlib(code: Int32, message: String)
    }

    /// The name of the file being read, when known.
    public var file: String?
    /// What went wrong.
    public var problem: Problem

    /// An error about `file` (if known).
    public init(file: String? = nil, problem: Problem) {
        self.file = file
        self.problem = problem
    }

    /// The message, naming what is wrong.
    public var description: String {
        let detail: String
        switch problem {
        case .notGzip: detail = "not gzip data (no 1f 8b magic bytes)"
        case .corrupt(let why): detail = "corrupt gzip data: \(why)"
        case .truncated: detail = "truncated gzip data: the file ends before the compressed stream"
        case .outputTooLarge(let limit): detail = "decompresses to more than the limit of \(limit) bytes"
        case .unreadable(let why): detail = "cannot be read: \(why)"
        case .zlib(let code, let message): detail = "zlib error \(code): \(message)"
        }
        return file.map { "\($0): \(detail)" } ?? detail
    }
}

extension GzipError: LocalizedError {
    /// The message, for `localizedDescription`.
    public var errorDescription: String? { description }
}
