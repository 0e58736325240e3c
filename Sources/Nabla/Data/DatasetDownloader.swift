import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The size and CRC-32 of a file's content after decompression.
///
/// Checksums of the decompressed bytes stay valid when a distributor recompresses a file (Debian's
/// Fashion-MNIST `.gz` files differ from the originals byte for byte, their content does not).
public struct ContentChecksum: Sendable, Equatable, CustomStringConvertible {
    /// The number of bytes.
    public var byteCount: Int
    /// The CRC-32 of the bytes (`Gzip.crc32`).
    public var crc32: UInt32

    /// A checksum of `byteCount` bytes whose CRC-32 is `crc32`.
    public init(byteCount: Int, crc32: UInt32) {
        self.byteCount = byteCount
        self.crc32 = crc32
    }

    /// The checksum of `data`.
    public init(of data: Data) {
        self.init(byteCount: data.count, crc32: Gzip.crc32(data))
    }

    /// The size and the CRC-32 as text, for error messages.
    public var description: String {
        "\(byteCount) bytes, CRC-32 " + String(format: "%08x", crc32)
    }
}

/// A file to download: its name below the base URL, and how to check what arrives.
public struct RemoteFile: Sendable {
    /// The file name, relative to the downloader's base URL; also the name it is saved under.
    public var name: String
    /// The expected size and CRC-32 of the content after decompression, if known.
    public var checksum: ContentChecksum?
    /// A further check of the decompressed content (e.g. its IDX header); throws if it is wrong.
    public var validate: (@Sendable (Data) throws -> Void)?

    /// A file called `name`, checked against `checksum` and by `validate` when they are given.
    public init(name: String, checksum: ContentChecksum? = nil, validate: (@Sendable (Data) throws -> Void)? = nil) {
        self.name = name
        self.checksum = checksum
        self.validate = validate
    }
}

/// A download that failed: the URL, and why.
public struct DownloadError: Error, CustomStringConvertible {
    /// The URL being fetched.
    public let url: URL
    /// Why it failed.
    public let reason: String

    /// The message, naming what is wrong.
    public var description: String { "download of \(url.absoluteString) failed: \(reason)" }
}

extension DownloadError: LocalizedError {
    /// The message, for `localizedDescription`.
    public var errorDescription: String? { description }
}

/// Downloads data set files with `URLSession`, shows progress, verifies them, and saves them
/// atomically.
///
/// Each file is streamed into a temporary file beside its destination; only when the whole file has
/// arrived, decompresses (if gzip) and passes its checks is it renamed into place. A failed or
/// interrupted download therefore never leaves a partial file under the real name.
///
/// ```swift
/// let downloader = DatasetDownloader(baseURL: URL(string: "https://example.org/data/")!)
/// let saved = try downloader.download(RemoteFile(name: "labels.gz", checksum: expected), into: cache)
/// ```
///
/// The base URL may be a `file://` directory (see `FileURLProtocol`), which tests use.
public struct DatasetDownloader: Sendable {
    /// The location the file names are relative to (should end with `/`).
    public var baseURL: URL
    /// Show a progress line while downloading.
    public var showsProgress: Bool
    /// Whether the progress line is redrawn live; by default, whether standard error is a terminal.
    public var interactiveProgress: Bool?
    /// Where progress lines go; standard error by default.
    public var progressWriter: DownloadProgress.Writer
    /// Give up when no data arrives for this many seconds.
    public var timeout: TimeInterval
    /// The most bytes a file may decompress to.
    public var outputLimit: Int

    /// A downloader for files below `baseURL`.
    public init(baseURL: URL, showsProgress: Bool = true, interactiveProgress: Bool? = nil,
                progressWriter: @escaping DownloadProgress.Writer = DownloadProgress.standardError,
                timeout: TimeInterval = 30, outputLimit: Int = Gzip.defaultOutputLimit) {
        self.baseURL = baseURL
        self.showsProgress = showsProgress
        self.interactiveProgress = interactiveProgress
        self.progressWriter = progressWriter
        self.timeout = timeout
        self.outputLimit = outputLimit
    }

    /// Downloads `file` into `directory` (created if needed) and returns where it was saved.
    ///
    /// - Throws: `DownloadError` when the transfer fails, the server answers with an error status,
    ///   or the content fails its checksum or validation; nothing is left behind in that case.
    @discardableResult
    public func download(_ file: RemoteFile, into directory: URL) throws -> URL {
        let url = baseURL.appendingPathComponent(file.name)
        func fail(_ reason: String) -> DownloadError { DownloadError(url: url, reason: reason) }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw fail("cannot create \(directory.path): \(error.localizedDescription)")
        }
        let destination = directory.appendingPathComponent(file.name)
        let partial = directory.appendingPathComponent(".\(file.name).\(UUID().uuidString).part")
        defer { try? FileManager.default.removeItem(at: partial) }   // gone once renamed

        try transfer(url, to: partial)
        let content: Data
        do {
            content = try Gzip.contents(of: partial, outputLimit: outputLimit)
        } catch {
            throw fail("the downloaded file is damaged: \(error)")
        }
        if let expected = file.checksum {
            let actual = ContentChecksum(of: content)
            guard actual == expected else { throw fail("checksum mismatch: expected \(expected), got \(actual)") }
        }
        do {
            try file.validate?(content)
        } catch {
            throw fail("the downloaded content is invalid: \(error)")
        }
        // rename(2) replaces the destination atomically: readers see the old file or the new one.
        guard rename(partial.path, destination.path) == 0 else {
            throw fail("cannot move it to \(destination.path): \(String(cString: strerror(errno)))")
        }
        return destination
    }

    /// Streams `url` into the file `target`, showing progress.
    private func transfer(_ url: URL, to target: URL) throws {
        guard FileManager.default.createFile(atPath: target.path, contents: nil),
              let handle = try? FileHandle(forWritingTo: target) else {
            throw DownloadError(url: url, reason: "cannot write \(target.path)")
        }
        defer { try? handle.close() }
        let progress = showsProgress
            ? DownloadProgress(name: url.lastPathComponent, interactive: interactiveProgress, write: progressWriter) : nil
        let receiver = Receiver(handle: handle, progress: progress)

        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.protocolClasses = [FileURLProtocol.self] + (configuration.protocolClasses ?? [])
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        let session = URLSession(configuration: configuration, delegate: receiver, delegateQueue: queue)
        session.dataTask(with: url).resume()
        receiver.finished.wait()
        session.finishTasksAndInvalidate()

        if let failure = receiver.failure { throw DownloadError(url: url, reason: failure) }
        progress?.finish()
    }
}

/// Receives a download's response and data on the session's serial delegate queue, writing the data
/// to a file. The downloading thread reads `failure` only after `finished` is signalled.
private final class Receiver: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    let handle: FileHandle
    let progress: DownloadProgress?
    let finished = DispatchSemaphore(value: 0)
    private(set) var failure: String?

    init(handle: FileHandle, progress: DownloadProgress?) {
        self.handle = handle
        self.progress = progress
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
            failure = "the server answered \(http.statusCode) (\(HTTPURLResponse.localizedString(forStatusCode: http.statusCode)))"
            completionHandler(.cancel)
            return
        }
        progress?.begin(expectedBytes: response.expectedContentLength)
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard failure == nil else { return }
        do {
            try handle.write(contentsOf: data)
            progress?.advance(by: data.count)
        } catch {
            failure = "cannot write the download: \(error.localizedDescription)"
            dataTask.cancel()
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        if failure == nil, let error {
            failure = (error as? URLError)?.localizedDescription ?? "\(error)"
            if let url = error as? URLError, url.code == .notConnectedToInternet || url.code == .cannotFindHost {
                failure = "offline or host not found (\(url.localizedDescription))"
            }
        }
        finished.signal()
    }
}
