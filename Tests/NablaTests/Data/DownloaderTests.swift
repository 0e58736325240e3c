import Foundation
import Testing
@testable import Nabla

/// The downloader, through URLSession with `file://` URLs to a temporary "server" directory:
/// progress, checksums, validation, atomic saving, and `MNIST.load`'s download step.
@Suite struct DownloaderTests {
    /// A server directory holding `labels.gz` and a cache directory, both temporary.
    struct Setup {
        let root: URL
        var server: URL { root.appendingPathComponent("server", isDirectory: true) }
        var cache: URL { root.appendingPathComponent("cache", isDirectory: true) }
        let content = mnistLabels(count: 5000, offset: 3)

        init() throws {
            root = try makeTemporaryDirectory("nabla-download-test")
            try FileManager.default.createDirectory(at: server, withIntermediateDirectories: true)
            try Gzip.compress(content).write(to: server.appendingPathComponent("labels.gz"))
        }

        /// The names of the files in the cache (hidden partial files included).
        func cached() throws -> [String] {
            guard FileManager.default.fileExists(atPath: cache.path) else { return [] }
            return try FileManager.default.contentsOfDirectory(atPath: cache.path).sorted()
        }
    }

    @Test func downloadsVerifiesAndSavesWithProgress() throws {
        let setup = try Setup()
        defer { removeDirectory(setup.root) }
        let progress = TextCollector()
        let downloader = DatasetDownloader(baseURL: setup.server, interactiveProgress: true, progressWriter: progress.writer)
        let saved = try downloader.download(RemoteFile(name: "labels.gz", checksum: ContentChecksum(of: setup.content)),
                                            into: setup.cache)
        #expect(saved == setup.cache.appendingPathComponent("labels.gz"))
        #expect(try Gzip.contents(of: saved) == setup.content)
        #expect(try setup.cached() == ["labels.gz"])   // no partial file left
        let lines = progress.text
        #expect(lines.contains("labels.gz") && lines.contains("100%") && lines.contains(" MB") && lines.contains("MB/s"))
        #expect(lines.hasSuffix("\n"))
    }

    @Test func withoutATerminalOnlyTheFinalLineIsWritten() throws {
        let setup = try Setup()
        defer { removeDirectory(setup.root) }
        let progress = TextCollector()
        try DatasetDownloader(baseURL: setup.server, interactiveProgress: false, progressWriter: progress.writer)
            .download(RemoteFile(name: "labels.gz"), into: setup.cache)
        #expect(!progress.text.contains("\r") && progress.text.components(separatedBy: "\n").count == 2)
    }

    @Test func aChecksumMismatchIsAnErrorAndLeavesNothing() throws {
        let setup = try Setup()
        defer { removeDirectory(setup.root) }
        let wrong = ContentChecksum(byteCount: setup.content.count, crc32: Gzip.crc32(setup.content) ^ 1)
        let downloader = DatasetDownloader(baseURL: setup.server, showsProgress: false)
        expectError(containing: ["labels.gz", "checksum mismatch", "expected \(wrong)"]) {
            try downloader.download(RemoteFile(name: "labels.gz", checksum: wrong), into: setup.cache)
        }
        let short = ContentChecksum(byteCount: setup.content.count + 1, crc32: Gzip.crc32(setup.content))
        expectError(containing: ["checksum mismatch"]) {
            try downloader.download(RemoteFile(name: "labels.gz", checksum: short), into: setup.cache)
        }
        #expect(try setup.cached() == [])
    }

    @Test func aFailedValidationOrAMissingFileIsAnErrorAndLeavesNothing() throws {
        let setup = try Setup()
        defer { removeDirectory(setup.root) }
        let downloader = DatasetDownloader(baseURL: setup.server, showsProgress: false)
        let picky = RemoteFile(name: "labels.gz") { content in
            let header = try IDXReader.readHeader(content, file: "labels")
            if header.shape != [60000] { throw MNISTError(message: "labels: \(header.shape[0]) items, expected 60000") }
        }
        expectError(containing: ["invalid", "5000 items, expected 60000"]) { try downloader.download(picky, into: setup.cache) }
        expectError(containing: ["missing.gz", "failed"]) {
            try downloader.download(RemoteFile(name: "missing.gz"), into: setup.cache)
        }
        try Data([0x1F, 0x8B, 8, 0, 0, 0]).write(to: setup.server.appendingPathComponent("garbage.gz"))
        expectError(containing: ["garbage.gz", "damaged"]) {
            try downloader.download(RemoteFile(name: "garbage.gz"), into: setup.cache)
        }
        #expect(try setup.cached() == [])
    }

    @Test func aNewDownloadReplacesTheOldFile() throws {
        let setup = try Setup()
        defer { removeDirectory(setup.root) }
        try FileManager.default.createDirectory(at: setup.cache, withIntermediateDirectories: true)
        try Data("stale".utf8).write(to: setup.cache.appendingPathComponent("labels.gz"))
        try DatasetDownloader(baseURL: setup.server, showsProgress: false).download(RemoteFile(name: "labels.gz"), into: setup.cache)
        #expect(try Gzip.contents(of: setup.cache.appendingPathComponent("labels.gz")) == setup.content)
    }

    @Test func mnistDownloadsAreCheckedByStructure() throws {
        // Tiny MNIST-format files are not the full split: the download is refused, nothing is cached.
        let setup = try Setup()
        defer { removeDirectory(setup.root) }
        try writeMNISTSplit(.test, count: 7, to: setup.server)
        let locator = DatasetLocator(environment: [:], homeDirectory: setup.root.appendingPathComponent("home"),
                                     systemDirectory: setup.root.appendingPathComponent("system"))
        let options = MNISTLoadOptions(locator: locator, downloadBaseURL: setup.server, showsProgress: false, allowsSample: false)
        expectError(containing: ["t10k-images-idx3-ubyte", "[7, 28, 28]", "[10000, 28, 28]"]) {
            _ = try MNIST.load(.mnist, split: .test, options: options)
        }
        let cache = locator.cacheDirectory(for: "mnist")
        #expect((try? FileManager.default.contentsOfDirectory(atPath: cache.path)) ?? [] == [])
    }

    @Test(.enabled(if: hasDebianFashionMNIST, "needs apt-get install dataset-fashion-mnist"))
    func fashionMNISTIsDownloadedCheckedAndCached() throws {
        // Debian's directory stands in for the official server: the checksums must match its content.
        let root = try makeTemporaryDirectory("nabla-download-test")
        defer { removeDirectory(root) }
        let locator = DatasetLocator(environment: [:], homeDirectory: root, systemDirectory: root.appendingPathComponent("none"))
        let progress = TextCollector()
        let options = MNISTLoadOptions(locator: locator, downloadBaseURL: debianFashionMNIST, allowsSample: false,
                                       noticeWriter: progress.writer)
        let test = try MNIST.load(.fashionMNIST, split: .test, options: options)
        let cache = locator.cacheDirectory(for: "fashion-mnist")
        #expect(test.count == 10000 && test.source.directory?.path == cache.path && !test.isSample)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.path).sorted()
                == ["t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"])
        // The second time the cache is found; nothing is downloaded.
        var offline = options
        offline.allowsDownload = false
        #expect(try MNIST.load(.fashionMNIST, split: .test, options: offline).source.directory?.path == cache.path)
    }
}
