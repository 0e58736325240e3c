import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Serves `file://` URLs to `URLSession`, in chunks, like a server would.
///
/// Apple's URLSession loads local files itself, but the open-source Foundation on Linux answers
/// them with "unsupported URL". `DatasetDownloader` registers this protocol so that a download
/// location may be a local directory (a mirror on a USB disk, a test's temporary folder), going
/// through exactly the same code as an HTTP download: response, progress, verification.
final class FileURLProtocol: URLProtocol {
    /// The size of each piece handed to the session.
    static let chunkSize = 1 << 16

    private let lock = NSLock()
    private var stopped = false

    override class func canInit(with request: URLRequest) -> Bool {
        request.url?.isFileURL == true
    }

    override class func canonicalRequest(for request: URLRequest) -> URLRequest { request }

    override func startLoading() {
        guard let url = request.url else { return }
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            client?.urlProtocol(self, didFailWithError: URLError(.fileDoesNotExist, userInfo: [
                NSLocalizedDescriptionKey: "no file at \(url.path)",
            ]))
            return
        }
        defer { try? handle.close() }
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.int64Value ?? -1
        let response = URLResponse(url: url, mimeType: "application/octet-stream",
                                   expectedContentLength: Int(size), textEncodingName: nil)
        client?.urlProtocol(self, didReceive: response, cacheStoragePolicy: .notAllowed)
        while !isStopped {
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: Self.chunkSize) ?? Data()
            } catch {
                client?.urlProtocol(self, didFailWithError: error)
                return
            }
            if chunk.isEmpty { break }
            client?.urlProtocol(self, didLoad: chunk)
        }
        client?.urlProtocolDidFinishLoading(self)
    }

    override func stopLoading() {
        lock.lock()
        stopped = true
        lock.unlock()
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }
}
