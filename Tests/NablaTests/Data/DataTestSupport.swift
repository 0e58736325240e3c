import Foundation
import Testing
@testable import Nabla

// Helpers for the data-file suites: temporary directories, IDX files written byte by byte (so the
// reader is checked against the format itself, not against a writer of ours), and tiny MNIST-shaped
// files.

/// A new empty directory under the system's temporary directory; remove it with `removeDirectory`.
func makeTemporaryDirectory(_ label: String = "nabla-data-test") throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Deletes a directory made by `makeTemporaryDirectory`.
func removeDirectory(_ url: URL) {
    try? FileManager.default.removeItem(at: url)
}

/// The bytes of an IDX file: magic `00 00 type rank`, big-endian `UInt32` sizes, then `payload`.
func idxBytes(type: UInt8, shape: [Int], payload: [UInt8]) -> Data {
    var bytes: [UInt8] = [0, 0, type, UInt8(shape.count)]
    for size in shape {
        bytes += [UInt8(size >> 24 & 0xFF), UInt8(size >> 16 & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size & 0xFF)]
    }
    return Data(bytes + payload)
}

/// An MNIST-shaped images file: `count` images of 28 × 28 unsigned bytes, pixel (r, c) of image i
/// being `(i + 3r + 5c) % 256`.
func mnistImages(count: Int) -> Data {
    var pixels: [UInt8] = []
    pixels.reserveCapacity(count * 784)
    for i in 0..<count {
        for r in 0..<28 {
            for c in 0..<28 { pixels.append(UInt8((i + 3 * r + 5 * c) % 256)) }
        }
    }
    return idxBytes(type: 0x08, shape: [count, 28, 28], payload: pixels)
}

/// An MNIST-shaped labels file: `count` labels, label i being `(i + offset) % 10`.
func mnistLabels(count: Int, offset: Int = 0) -> Data {
    idxBytes(type: 0x08, shape: [count], payload: (0..<count).map { UInt8(($0 + offset) % 10) })
}

/// Writes a split of `count` images and labels into `directory` (created if needed), gzipped or plain.
func writeMNISTSplit(_ split: MNISTSplit, count: Int, to directory: URL, gzipped: Bool = true) throws {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let names = split.fileNames
    for (name, data) in [(names.images, mnistImages(count: count)), (names.labels, mnistLabels(count: count))] {
        let bytes = gzipped ? try Gzip.compress(data) : data
        try bytes.write(to: directory.appendingPathComponent(gzipped ? name + ".gz" : name))
    }
}

/// Expects `body` to throw an error whose description contains every one of `fragments`.
func expectError(
    containing fragments: [String], sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) {
    do {
        try body()
        Issue.record("no error thrown; expected one mentioning \(fragments)", sourceLocation: sourceLocation)
    } catch {
        let text = "\(error)"
        for fragment in fragments where !text.contains(fragment) {
            Issue.record("error \"\(text)\" does not mention \"\(fragment)\"", sourceLocation: sourceLocation)
        }
    }
}

/// Where Debian's `dataset-fashion-mnist` package puts the real files.
let debianFashionMNIST = URL(fileURLWithPath: "/usr/share/datasets/fashion-mnist", isDirectory: true)

/// Whether the real Fashion-MNIST files are installed (tests that need them are skipped otherwise).
let hasDebianFashionMNIST = MNISTSplit.allCases.allSatisfy { split in
    [split.fileNames.images, split.fileNames.labels].allSatisfy {
        FileManager.default.fileExists(atPath: debianFashionMNIST.appendingPathComponent($0 + ".gz").path)
    }
}

/// Collects text written by a progress bar or notice, from any thread.
final class TextCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var parts: [String] = []

    /// A writer that appends to this collector.
    var writer: @Sendable (String) -> Void { { [self] text in lock.lock(); parts.append(text); lock.unlock() } }

    /// Everything written so far.
    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return parts.joined()
    }
}
