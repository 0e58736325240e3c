import Foundation
import Testing
@testable import Nabla

// Helpers shared by the serialization suites: scratch directories, the fixtures folder, and a
// hand-made safetensors builder for files that Nabla's writer would never produce (other element
// types, broken headers).

/// A new empty directory under the system's temporary directory; `body` runs with it, then it is removed.
func withTemporaryDirectory<R>(_ body: (URL) throws -> R) throws -> R {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("nabla-serialization-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try body(url)
}

/// The names of the files in `directory`, sorted.
func fileNames(in directory: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
}

/// `Tests/Fixtures/safetensors`, found from this source file's path (tests need no bundled resources).
let safeTensorsFixtures = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/safetensors")

/// A safetensors file built by hand: the header is `header` exactly (padded with `padding` spaces),
/// preceded by `headerSize` (the true length unless overridden) and followed by `data`.
func rawSafeTensors(header: String, padding: Int = 0, data: [UInt8] = [], headerSize: UInt64? = nil) -> Data {
    let text = Array(header.utf8) + [UInt8](repeating: 0x20, count: padding)
    var bytes = Data()
    withUnsafeBytes(of: (headerSize ?? UInt64(text.count)).littleEndian) { bytes.append(contentsOf: $0) }
    bytes.append(contentsOf: text)
    bytes.append(contentsOf: data)
    return bytes
}

/// A well-formed safetensors file with tensors of any stored type, laid out in the order given.
/// Each entry's `data` must already be the little-endian bytes of its elements.
func handMadeSafeTensors(_ entries: [(name: String, dtype: String, shape: [Int], data: [UInt8])], metadata: String? = nil) -> Data {
    var members: [String] = metadata.map { ["\"__metadata__\":\($0)"] } ?? []
    var offset = 0
    var data: [UInt8] = []
    for entry in entries {
        members.append("\"\(entry.name)\":{\"dtype\":\"\(entry.dtype)\",\"shape\":\(entry.shape),\"data_offsets\":[\(offset),\(offset + entry.data.count)]}")
        offset += entry.data.count
        data += entry.data
    }
    return rawSafeTensors(header: "{" + members.joined(separator: ",") + "}", data: data)
}

/// The little-endian bytes of fixed-width integers.
func littleEndianBytes<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
    values.flatMap { value in withUnsafeBytes(of: value.littleEndian) { Array($0) } }
}

/// Runs `body` and returns the `SafeTensorsError` it throws, recording an issue if it throws nothing
/// or something else.
func safeTensorsError(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) -> SafeTensorsError? {
    do {
        try body()
        Issue.record("expected a SafeTensorsError, nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as SafeTensorsError {
        return error
    } catch {
        Issue.record("expected a SafeTensorsError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// Whether two tensors have the same type, shape and bit-identical values (NaN payloads and -0 included).
func identical(_ a: Tensor, _ b: Tensor) -> Bool {
    guard a.dtype == b.dtype, a.shape == b.shape else { return false }
    switch a.dtype {
    case .float32: return a.scalars(as: Float.self).map(\.bitPattern) == b.scalars(as: Float.self).map(\.bitPattern)
    case .float64: return a.scalars(as: Double.self).map(\.bitPattern) == b.scalars(as: Double.self).map(\.bitPattern)
    case .int64: return a.scalars(as: Int.self) == b.scalars(as: Int.self)
    }
}
