import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks of a path before a file is read or a directory written, with the problem in words
/// ("is a directory, not a file", "is a FIFO (named pipe), not a regular file") instead of a
/// platform error code. A reader checks first so that a directory, a device such as `/dev/zero` or a
/// FIFO that would block forever is never opened.
///
/// ```swift
/// if let problem = PathCheck.problemReading(url) { throw MyError("\(url.path): \(problem)") }
/// try PathCheck.prepareOutputDirectory(URL(fileURLWithPath: "runs/mnist"))
/// ```
public enum PathCheck {
    /// What a path names, as `stat(2)` sees it (following symbolic links).
    public enum Kind: Equatable, Sendable {
        /// Nothing: the path does not exist (or a dangling symbolic link).
        case missing
        /// An ordinary file.
        case regularFile
        /// A directory.
        case directory
        /// A FIFO (named pipe).
        case fifo
        /// A character device such as `/dev/zero`.
        case characterDevice
        /// A block device.
        case blockDevice
        /// A Unix domain socket.
        case socket
        /// A path below something that is not a directory (`file.txt/model.safetensors`).
        case underFile
        /// The path cannot be examined (a directory on the way cannot be searched).
        case inaccessible

        /// The kind in words, for messages: "a directory", "a FIFO (named pipe)".
        public var description: String {
            switch self {
            case .missing: "missing"
            case .regularFile: "a file"
            case .directory: "a directory"
            case .fifo: "a FIFO (named pipe)"
            case .characterDevice: "a character device"
            case .blockDevice: "a block device"
            case .socket: "a socket"
            case .underFile: "below a file"
            case .inaccessible: "inaccessible"
            }
        }
    }

    /// What `url` names.
    public static func kind(of url: URL) -> Kind {
        var information = stat()
        guard stat(url.path, &information) == 0 else {
            switch errno {
            case ENOTDIR: return .underFile
            case EACCES: return .inaccessible
            default: return .missing
            }
        }
        switch information.st_mode & S_IFMT {
        case S_IFREG: return .regularFile
        case S_IFDIR: return .directory
        case S_IFIFO: return .fifo
        case S_IFCHR: return .characterDevice
        case S_IFBLK: return .blockDevice
        case S_IFSOCK: return .socket
        default: return .inaccessible
        }
    }

    /// Why the file at `url` cannot be read, or `nil` if it is a readable regular file.
    public static func problemReading(_ url: URL) -> String? {
        switch kind(of: url) {
        case .regularFile:
            return access(url.path, R_OK) == 0 ? nil : "cannot be read (permission denied)"
        case .missing: return "no such file"
        case .underFile: return "no such file (\(fileAncestor(of: url).map { "\($0.path) is a file, not a directory" } ?? "a part of the path is a file"))"
        case .inaccessible: return "cannot be reached (permission denied on a directory on the way)"
        case let other: return "is \(other.description), not a regular file"
        }
    }

    /// Makes sure `url` is a directory this process can write into, creating it (and its parents) if
    /// needed, and that none of `fileNames` inside it is taken by something other than a regular file.
    ///
    /// - Throws: `PathError` naming the path and what is wrong: it exists as a file, lies below a
    ///   file, cannot be created or is not writable.
    public static func prepareOutputDirectory(_ url: URL, fileNames: [String] = []) throws {
        let path = url.path
        switch kind(of: url) {
        case .directory: break
        case .missing:
            if let file = fileAncestor(of: url) {
                throw PathError(path: path, problem: "cannot be created: \(file.path) is a file, not a directory")
            }
            do {
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            } catch {
                throw PathError(path: path, problem: "cannot be created: \(problemCreating(url, error))")
            }
        case .underFile:
            throw PathError(path: path, problem: "cannot be created: \(fileAncestor(of: url)?.path ?? "a part of the path") is a file, not a directory")
        case .regularFile:
            throw PathError(path: path, problem: "exists and is a file; the output must be a directory")
        case let other:
            throw PathError(path: path, problem: "is \(other.description); the output must be a directory")
        }
        if let problem = problemWriting(in: url) { throw PathError(path: path, problem: "is not writable: \(problem)") }
        for name in fileNames {
            let file = url.appendingPathComponent(name)
            let found = kind(of: file)
            guard found == .missing || found == .regularFile else {
                throw PathError(path: file.path, problem: "is \(found.description); a file is to be written there")
            }
        }
    }

    /// The nearest existing ancestor of `url` that is not a directory, if there is one.
    static func fileAncestor(of url: URL) -> URL? {
        var ancestor = url.standardizedFileURL.deletingLastPathComponent()
        while ancestor.path != "/" && !ancestor.path.isEmpty {
            let found = kind(of: ancestor)
            if found != .missing && found != .underFile { return found == .directory ? nil : ancestor }
            ancestor = ancestor.deletingLastPathComponent()
        }
        return nil
    }

    /// Why no file can be made in `directory`, or `nil` if one can: found out by making (and removing)
    /// an empty hidden file, which also catches what permission bits do not show (a read-only file
    /// system, a pseudo file system such as /sys, root's writes refused).
    static func problemWriting(in directory: URL) -> String? {
        let probe = directory.appendingPathComponent(".nabla-write-check.\(UUID().uuidString).tmp").path
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return String(cString: strerror(errno)) }
        close(descriptor)
        unlink(probe)
        return nil
    }

    /// Why creating `url` failed: the nearest existing ancestor that takes no new files, or the system's reason.
    private static func problemCreating(_ url: URL, _ error: Error) -> String {
        var ancestor = url.standardizedFileURL.deletingLastPathComponent()
        while ancestor.path != "/" && kind(of: ancestor) == .missing { ancestor = ancestor.deletingLastPathComponent() }
        if let problem = problemWriting(in: ancestor) { return "\(ancestor.path) is not writable (\(problem))" }
        return error.localizedDescription
    }
}

/// A path that cannot be used as intended, and why: "runs/x: exists and is a file; the output must be a directory".
public struct PathError: Error, CustomStringConvertible, Equatable {
    /// The path concerned.
    public let path: String
    /// What is wrong with it, in words.
    public let problem: String

    /// An error about `path`.
    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    /// `path: problem`.
    public var description: String { "\(path): \(problem)" }
}
