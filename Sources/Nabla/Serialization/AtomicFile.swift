import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that readers see either the old contents or the new, never a half-written file:
/// the bytes go to a temporary file in the same directory, are flushed to disk, and the temporary file
/// is then renamed over the target. `rename(2)` replaces a file atomically within one file system,
/// which is why the temporary file must live in the target's directory.
///
/// If anything fails, the temporary file is removed and the target is left as it was. A process
/// killed between creating and renaming the temporary file leaves it behind, named
/// `.<target name>.<16 hexadecimal digits>.tmp`; `removeStaleTemporaryFiles(of:)` deletes those.
///
/// ```swift
/// AtomicFile.removeStaleTemporaryFiles(of: runDirectory.appendingPathComponent("checkpoint.safetensors"))
/// ```
public enum AtomicFile {
    /// Why the file could not be written.
    struct WriteError: Error, CustomStringConvertible {
        let description: String
    }

    /// Replaces the file at `url` with `data`. `beforeReplacing` runs after the temporary file is
    /// complete and before the rename; tests use it to fail at the last moment.
    static func write(_ data: Data, to url: URL, beforeReplacing: () throws -> Void = {}) throws {
        let target = url.standardizedFileURL
        let directory = target.deletingLastPathComponent().path
        let temporaryPath = directory + "/" + temporaryPrefix(of: target) + randomSuffix() + ".tmp"

        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw WriteError(description: "cannot create a temporary file in \(directory): \(lastError())") }
        var succeeded = false
        defer { if !succeeded { unlink(temporaryPath) } }

        do {
            defer { close(descriptor) }
            try writeAll(data, to: descriptor)
            guard fsync(descriptor) == 0 else { throw WriteError(description: "cannot flush \(temporaryPath) to disk: \(lastError())") }
        }
        try beforeReplacing()
        guard rename(temporaryPath, target.path) == 0 else {
            throw WriteError(description: "cannot replace \(target.path): \(lastError())")
        }
        succeeded = true
    }

    /// Deletes the temporary files that writes of `url` left behind when their process was killed, and
    /// returns them. Call it when no other process is writing `url` (at the start of a run that owns it).
    @discardableResult
    public static func removeStaleTemporaryFiles(of url: URL) -> [URL] {
        let target = url.standardizedFileURL
        let directory = target.deletingLastPathComponent()
        let prefix = temporaryPrefix(of: target)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        let stale = names.filter { name in
            guard name.hasPrefix(prefix), name.hasSuffix(".tmp") else { return false }
            let suffix = name.dropFirst(prefix.count).dropLast(4)
            return suffix.count == 16 && suffix.allSatisfy(\.isHexDigit)
        }
        return stale.map { directory.appendingPathComponent($0) }.filter { unlink($0.path) == 0 }
    }

    /// The start of a temporary file's name for `target`: a dot (hidden), the target's name and a dot.
    private static func temporaryPrefix(of target: URL) -> String { "." + target.lastPathComponent + "." }

    /// Writes every byte, continuing after partial writes and interruptions.
    private static func writeAll(_ data: Data, to descriptor: Int32) throws {
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var written = 0
            while written < buffer.count {
                #if canImport(Glibc)
                let result = Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                #else
                let result = Darwin.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                #endif
                if result < 0 {
                    if errno == EINTR { continue }
                    throw WriteError(description: "cannot write: \(lastError())")
                }
                written += result
            }
        }
    }

    /// Sixteen random hexadecimal digits, so that concurrent writers never share a temporary file.
    private static func randomSuffix() -> String {
        var system = SystemRandomNumberGenerator()
        let word = system.next()
        let hex = String(word, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}
