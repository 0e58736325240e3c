import Foundation
import Testing
import Nabla
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `PathCheck`: what a path names, why it cannot be read, and preparing an output directory, each
/// problem in words with the path.
@Suite struct PathCheckTests {
    /// A regular file and a FIFO in `directory`.
    func makeFileAndFIFO(in directory: URL) throws -> (file: URL, fifo: URL) {
        let file = directory.appendingPathComponent("file.txt")
        try Data("x".utf8).write(to: file)
        let fifo = directory.appendingPathComponent("pipe")
        try #require(mkfifo(fifo.path, 0o600) == 0)
        return (file, fifo)
    }

    @Test func kindsOfPaths() throws {
        try withTemporaryDirectory { directory in
            let (file, fifo) = try makeFileAndFIFO(in: directory)
            #expect(PathCheck.kind(of: file) == .regularFile)
            #expect(PathCheck.kind(of: directory) == .directory)
            #expect(PathCheck.kind(of: fifo) == .fifo)
            #expect(PathCheck.kind(of: URL(fileURLWithPath: "/dev/zero")) == .characterDevice)
            #expect(PathCheck.kind(of: directory.appendingPathComponent("missing")) == .missing)
            #expect(PathCheck.kind(of: file.appendingPathComponent("inside")) == .underFile)
        }
    }

    @Test func problemsReading() throws {
        try withTemporaryDirectory { directory in
            let (file, fifo) = try makeFileAndFIFO(in: directory)
            #expect(PathCheck.problemReading(file) == nil)
            #expect(PathCheck.problemReading(directory) == "is a directory, not a regular file")
            #expect(PathCheck.problemReading(fifo) == "is a FIFO (named pipe), not a regular file")
            #expect(PathCheck.problemReading(URL(fileURLWithPath: "/dev/zero")) == "is a character device, not a regular file")
            #expect(PathCheck.problemReading(directory.appendingPathComponent("missing")) == "no such file")
            #expect(PathCheck.problemReading(file.appendingPathComponent("inside")) == "no such file (\(file.path) is a file, not a directory)")
        }
    }

    @Test func outputDirectoryIsCreatedOrExplained() throws {
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("file.txt")
            try Data("x".utf8).write(to: file)
            let nested = directory.appendingPathComponent("a/b")
            try PathCheck.prepareOutputDirectory(nested)
            #expect(PathCheck.kind(of: nested) == .directory)
            try PathCheck.prepareOutputDirectory(nested)

            #expect(throws: PathError(path: file.path, problem: "exists and is a file; the output must be a directory")) {
                try PathCheck.prepareOutputDirectory(file)
            }
            #expect(throws: PathError(path: file.appendingPathComponent("run").path, problem: "cannot be created: \(file.path) is a file, not a directory")) {
                try PathCheck.prepareOutputDirectory(file.appendingPathComponent("run"))
            }
            #expect(throws: PathError(path: file.appendingPathComponent("x/run").path, problem: "cannot be created: \(file.path) is a file, not a directory")) {
                try PathCheck.prepareOutputDirectory(file.appendingPathComponent("x/run"))
            }
            try FileManager.default.createDirectory(at: nested.appendingPathComponent("model.safetensors"), withIntermediateDirectories: false)
            #expect(throws: PathError(path: nested.appendingPathComponent("model.safetensors").path, problem: "is a directory; a file is to be written there")) {
                try PathCheck.prepareOutputDirectory(nested, fileNames: ["history.csv", "model.safetensors"])
            }
        }
    }
}
