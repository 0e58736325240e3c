import CZlib
import Foundation

/// Reads the contents of gzip data a piece at a time, inflating only as much as is asked for, so that
/// memory follows what the caller keeps rather than what the file claims or inflates to. Data that is
/// not gzip (no `1f 8b` magic bytes) is handed out as it is.
///
/// Concatenated gzip members are read one after the other; each member's CRC-32 and length trailer is
/// checked by zlib. Corrupt or truncated input throws a `GzipError`.
///
/// ```swift
/// let stream = GzipStream(try Data(contentsOf: url))
/// let header = try stream.read(16)       // the first 16 inflated bytes, nothing more
/// try stream.skip(784 * 5)               // inflated and thrown away
/// ```
public final class GzipStream {
    /// Whether the data is gzip (otherwise it is read as it is).
    public let isCompressed: Bool
    /// The size of the data as stored (compressed, for gzip).
    public var storedByteCount: Int { input.count }
    /// A bound on what `storedByteCount` bytes of gzip can inflate to: deflate makes at most 1032
    /// bytes of one stored byte (long runs of one value), plus room for a small file's headers.
    public var maximumInflatedByteCount: Int {
        let (product, overflow) = input.count.multipliedReportingOverflow(by: 1032)
        return overflow ? Int.max : product + (1 << 16)
    }

    private let input: Data
    private var stream = z_stream()
    /// Input bytes consumed so far.
    private var consumed = 0
    /// Whether every byte has been handed out (and, for gzip, the last member's trailer checked).
    private var finished = false
    private static let chunkSize = 1 << 16

    /// A stream over `data`, gzip (by its magic bytes) or not.
    public init(_ data: Data) throws {
        input = data
        isCompressed = Gzip.isCompressed(data)
        guard isCompressed else { return }
        // windowBits 15 + 32: the largest window, with the gzip (or zlib) header detected automatically.
        let status = inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw GzipError(problem: .zlib(code: status, message: "inflateInit2 failed")) }
        // zlib counts input in 32 bits; compressed data sets are far smaller.
        guard data.count <= Int(UInt32.max) else {
            inflateEnd(&stream)
            throw GzipError(problem: .corrupt("more than 4 GiB of compressed input"))
        }
    }

    deinit { if isCompressed { inflateEnd(&stream) } }

    /// The next `count` bytes of the contents, or fewer if the contents end first.
    public func read(_ count: Int) throws -> Data {
        var output = Data()
        output.reserveCapacity(Swift.min(count, Self.chunkSize))
        try produce(count) { output.append(contentsOf: $0) }
        return output
    }

    /// Reads past the next `count` bytes without keeping them; returns how many there were (fewer
    /// than `count` if the contents end first).
    @discardableResult
    public func skip(_ count: Int) throws -> Int {
        var skipped = 0
        try produce(count) { skipped += $0.count }
        return skipped
    }

    /// Whether the contents go on (reads, and drops, one byte to find out).
    public func hasMore() throws -> Bool { try skip(1) == 1 }

    /// Hands out up to `count` bytes, a chunk at a time.
    private func produce(_ count: Int, into sink: (UnsafeRawBufferPointer) -> Void) throws {
        var remaining = count
        while remaining > 0 && !finished {
            let wanted = Swift.min(remaining, Self.chunkSize)
            if isCompressed {
                remaining -= try inflateChunk(wanted, into: sink)
            } else {
                let end = consumed + Swift.min(wanted, input.count - consumed)
                input[(input.startIndex + consumed)..<(input.startIndex + end)].withUnsafeBytes(sink)
                remaining -= end - consumed
                consumed = end
                finished = consumed == input.count
            }
        }
    }

    /// Inflates up to `wanted` bytes into `sink`; returns how many it made.
    private func inflateChunk(_ wanted: Int, into sink: (UnsafeRawBufferPointer) -> Void) throws -> Int {
        var chunk = [UInt8](repeating: 0, count: wanted)
        var status: Int32 = Z_OK
        let produced = input.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Int in
            chunk.withUnsafeMutableBufferPointer { buffer -> Int in
                stream.next_in = UnsafeMutablePointer(mutating: bytes.bindMemory(to: Bytef.self).baseAddress!) + consumed
                stream.avail_in = uInt(bytes.count - consumed)
                stream.next_out = buffer.baseAddress
                stream.avail_out = uInt(wanted)
                status = inflate(&stream, Z_NO_FLUSH)
                consumed = bytes.count - Int(stream.avail_in)
                return wanted - Int(stream.avail_out)
            }
        }
        chunk.withUnsafeBytes { sink(UnsafeRawBufferPointer(rebasing: $0[0..<produced])) }
        switch status {
        case Z_OK:
            break
        case Z_STREAM_END:
            // The end of one gzip member. Another may follow (concatenated files); anything else
            // after it is garbage.
            let rest = input.count - consumed
            if rest == 0 { finished = true; break }
            let next = input.startIndex + consumed
            guard rest >= 2, input[next] == 0x1F, input[next + 1] == 0x8B else {
                throw GzipError(problem: .corrupt("\(rest) bytes of trailing data after the compressed stream"))
            }
            let reset = inflateReset(&stream)
            guard reset == Z_OK else { throw GzipError(problem: .zlib(code: reset, message: "inflateReset failed")) }
        case Z_BUF_ERROR:
            // No progress possible: with room left for output, the input ran out mid-stream.
            if consumed == input.count { throw GzipError(problem: .truncated) }
            if produced == 0 { throw GzipError(problem: .corrupt("inflate made no progress")) }
        case Z_DATA_ERROR, Z_NEED_DICT:
            throw GzipError(problem: .corrupt(stream.msg.map { String(cString: $0) } ?? "invalid compressed data"))
        default:
            throw GzipError(problem: .zlib(code: status, message: stream.msg.map { String(cString: $0) } ?? "inflate failed"))
        }
        return produced
    }
}
