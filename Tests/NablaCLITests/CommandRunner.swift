import Foundation
import Nabla

/// Runs the `nabla` executable that was built next to the test bundle and collects what it printed.
struct CommandRunner {
    struct Result {
        let status: Int32
        let output: String
        let errors: String
        var all: String { output + errors }
    }

    /// Why a command could not be run.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The built `nabla` binary, next to the test bundle in the build directory, or nil if there is none.
    static let executable: URL? = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("nabla")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }()

    /// The repository's root (for fixtures and the bundled sample).
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The bundled Fashion-MNIST sample, usable as a `--data-dir`.
    static let sampleDirectory = repository.appendingPathComponent("Sources/Nabla/Resources/fashion-mnist-sample")

    /// Runs `nabla arguments...` to the end, with `NABLA_DATA` pointing nowhere useful; with
    /// `memoryLimit` (bytes of address space, through the shell's `ulimit -v`), allocating more fails;
    /// with `input`, that text is its standard input (then closed, so that reading past it meets the end).
    static func run(_ arguments: [String], in directory: URL? = nil, memoryLimit: Int? = nil, input: String? = nil) throws -> Result {
        let process = try start(arguments, in: directory, memoryLimit: memoryLimit, input: input)
        let (output, errors) = (process.standardOutput as! Pipe, process.standardError as! Pipe)
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
                      errors: String(decoding: errorData, as: UTF8.self))
    }

    /// Starts `nabla arguments...` with pipes for its output (and its input, when `input` is given).
    static func start(_ arguments: [String], in directory: URL? = nil, memoryLimit: Int? = nil, input: String? = nil) throws -> Process {
        let process = Process()
        guard let executable else { throw Failure(description: "the nabla executable was not found next to \(CommandLine.arguments[0])") }
        if let memoryLimit {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -v \(memoryLimit / 1024) && exec \"$0\" \"$@\"", executable.path] + arguments
        } else {
            process.executableURL = executable
            process.arguments = arguments
        }
        var environment = ProcessInfo.processInfo.environment
        environment["NABLA_DATA"] = "/nonexistent"
        process.environment = environment
        if let directory { process.currentDirectoryURL = directory }
        process.standardOutput = Pipe()
        process.standardError = Pipe()
        let inputPipe = input.map { _ in Pipe() }
        if let inputPipe { process.standardInput = inputPipe }
        try process.run()
        if let inputPipe, let input {
            inputPipe.fileHandleForWriting.write(Data(input.utf8))
            try inputPipe.fileHandleForWriting.close()
        }
        return process
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nabla-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
