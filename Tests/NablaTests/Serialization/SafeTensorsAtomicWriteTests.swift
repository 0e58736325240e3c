import Foundation
import Testing
@testable import Nabla
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing is all or nothing: a failed write leaves the old file exactly as it was and no temporary
/// file behind.
@Suite struct SafeTensorsAtomicWriteTests {
    let original = Data("the old file".utf8)

    @Test func replacesAnExistingFileAndLeavesNoTemporaryFile() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("model.safetensors")
            try original.write(to: url)
            try SafeTensors.write(["w": Tensor([1, 2])], to: url)
            #expect(try SafeTensors.read(from: url).tensors["w"]?.scalars == [1, 2])
            #expect(try fileNames(in: directory) == ["model.safetensors"])
        }
    }

    @Test func failureJustBeforeTheRenameKeepsTheOldFile() throws {
        struct Interrupted: Error {}
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("model.safetensors")
            try original.write(to: url)
            var temporaryFiles: [String] = []
            #expect(throws: Interrupted.self) {
                try AtomicFile.write(Data("new".utf8), to: url) {
                    temporaryFiles = try fileNames(in: directory).filter { $0 != "model.safetensors" }
                    throw Interrupted()
                }
            }
            // The new bytes were complete in a hidden temporary file next to the target...
            #expect(temporaryFiles.count == 1 && temporaryFiles[0].hasPrefix(".model.safetensors.") && temporaryFiles[0].hasSuffix(".tmp"))
            // ...which is gone, and the target is untouched.
            #expect(try Data(contentsOf: url) == original)
            #expect(try fileNames(in: directory) == ["model.safetensors"])
        }
    }

    @Test func targetThatIsADirectoryIsLeftAlone() throws {
        try withTemporaryDirectory { directory in
            let target = directory.appendingPathComponent("model.safetensors")
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
            try original.write(to: target.appendingPathComponent("inside"))
            let error = safeTensorsError { try SafeTensors.write(["w": Tensor([1])], to: target) }
            #expect(error?.file == target.path)
            #expect(error?.problem.hasPrefix("cannot write the file: cannot replace") == true, "\(String(describing: error))")
            #expect(try fileNames(in: directory) == ["model.safetensors"])
            #expect(try Data(contentsOf: target.appendingPathComponent("inside")) == original)
        }
    }

    @Test func missingDirectoryThrows() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("no/such/dir/model.safetensors")
            let error = safeTensorsError { try SafeTensors.write(["w": Tensor([1])], to: url) }
            #expect(error?.description.contains("cannot create a temporary file in") == true, "\(String(describing: error))")
            let remaining = try fileNames(in: directory)
            #expect(remaining.isEmpty)
        }
    }

    /// Needs an ordinary user: root may write into read-only directories.
    @Test(.enabled(if: geteuid() != 0)) func unwritableDirectoryKeepsTheOldFile() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("model.safetensors")
            try original.write(to: url)
            chmod(directory.path, 0o555)
            defer { chmod(directory.path, 0o755) }
            #expect(safeTensorsError { try SafeTensors.write(["w": Tensor([1])], to: url) } != nil)
            #expect(try Data(contentsOf: url) == original)
            #expect(try fileNames(in: directory) == ["model.safetensors"])
        }
    }
}
