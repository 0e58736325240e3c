import Foundation
import Testing
import Nabla

/// `nabla evaluate` and `nabla predict` with good and bad model files and images.
@Suite(.serialized) struct ModelFileCommandTests {
    /// A small trained model, made once, or why it could not be (each test using it then fails with
    /// that reason instead of the whole run stopping).
    static let trainedModel: Swift.Result<URL, any Error> = Swift.Result {
        let output = try CommandRunner.temporaryDirectory()
        let result = try CommandRunner.run(["train", "--epochs", "1", "--output", output.path] + TrainCommandTests.quick)
        guard result.status == 0 else { throw CommandRunner.Failure(description: "nabla train failed: \(result.all)") }
        return output.appendingPathComponent("model.safetensors")
    }

    /// The trained model's file; throws (failing the calling test) if training failed.
    static var trained: URL {
        get throws { try trainedModel.get() }
    }

    static let sampleImages = CommandRunner.sampleDirectory.appendingPathComponent("t10k-images-idx3-ubyte.gz").path

    @Test func predictsIDXEntriesAndImageFiles() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let image = try IDXReader.read(contentsOf: URL(fileURLWithPath: Self.sampleImages), scaleBytes: true)[0]
        let pgm = directory.appendingPathComponent("boot.pgm")
        try ImageFile.write(image, pgmTo: pgm)
        let result = try CommandRunner.run(["predict", try Self.trained.path, Self.sampleImages + ":0", pgm.path, "--top", "2"])
        #expect(result.status == 0, "\(result.all)")
        let lines = result.output.split(separator: "\n")
        try #require(lines.count == 6, "two images, each with its name and two classes")
        #expect(lines[1] == lines[4], "the IDX entry and the same image as PGM get the same answer")
    }

    @Test(arguments: [
        ("missing.safetensors", "missing.safetensors: no such file"),
    ])
    func missingModel(name: String, message: String) throws {
        let result = try CommandRunner.run(["evaluate", name])
        #expect(result.status != 0)
        #expect(result.errors.contains(message), "\(result.all)")
    }

    @Test func corruptModelFileIsNamed() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("broken.safetensors")
        var bytes = try Data(contentsOf: try Self.trained)
        bytes = bytes.prefix(bytes.count - 100)
        try bytes.write(to: file)
        for command in ["evaluate", "predict"] {
            let arguments = command == "evaluate" ? [command, file.path] : [command, file.path, Self.sampleImages + ":0"]
            let result = try CommandRunner.run(arguments)
            #expect(result.status != 0)
            #expect(result.errors.contains("broken.safetensors"), "\(result.all)")
            #expect(!result.all.contains("Fatal error"))
        }
    }

    @Test func modelWithWrongNamesAndShapesListsEveryProblem() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var (tensors, metadata) = try SafeTensors.read(from: try Self.trained)
        tensors["layers.1.weight"] = Tensor.zeros([256, 700])
        tensors["layers.9.weight"] = tensors.removeValue(forKey: "layers.5.weight")
        let file = directory.appendingPathComponent("mismatch.safetensors")
        try SafeTensors.write(tensors, metadata: metadata, to: file)
        let result = try CommandRunner.run(["evaluate", file.path])
        #expect(result.status != 0)
        #expect(result.errors.contains("mismatch.safetensors"), "\(result.all)")
        #expect(result.errors.contains("layers.1.weight") && result.errors.contains("[256, 700]") && result.errors.contains("[256, 784]"), "\(result.all)")
        #expect(result.errors.contains("layers.5.weight") && result.errors.contains("layers.9.weight"), "\(result.all)")
        metadata["model"] = nil
        try SafeTensors.write(tensors, metadata: metadata, to: file)
        let noMetadata = try CommandRunner.run(["evaluate", file.path])
        #expect(noMetadata.errors.contains("not a model written by nabla train"), "\(noMetadata.all)")
    }

    @Test func wrongImagesAreNamed() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let small = directory.appendingPathComponent("small.pgm")
        try ImageFile.write(Tensor.zeros([10, 12]), pgmTo: small)
        let text = directory.appendingPathComponent("notes.txt")
        try Data("not an image".utf8).write(to: text)
        let cases = [(small.path, "small.pgm: the image is 12×10 pixels; the model expects 28×28"),
                     (text.path, "notes.txt"),
                     (Self.sampleImages + ":5000", "index 5000 is outside 0..<1000")]
        for (argument, message) in cases {
            let result = try CommandRunner.run(["predict", try Self.trained.path, argument])
            #expect(result.status != 0)
            #expect(result.errors.contains(message), "\(result.all)")
            #expect(!result.all.contains("Fatal error"))
        }
    }

    /// The model file with its metadata changed: `changes` applied to the trained model's metadata.
    static func modelFile(in directory: URL, changing changes: [String: String]) throws -> URL {
        let (tensors, stored) = try SafeTensors.read(from: try trained)
        let file = directory.appendingPathComponent("changed.safetensors")
        try SafeTensors.write(tensors, metadata: stored.merging(changes) { $1 }, to: file)
        return file
    }

    /// Metadata that parses but does not fit the tensors is refused before anything is built: fewer
    /// class names than outputs (an index out of range when printing), layers needing more than
    /// twice the values the file holds (they would be allocated before the check against the file).
    @Test(arguments: [
        (["classes": "T-shirt|Trouser|Pullover"], "metadata 'classes' names 3 classes; the model has 10 outputs"),
        (["model": "mlp:60000"], "metadata 'model' is mlp:60000, a network of 47700010 parameters, more than twice the 235146 values the file holds"),
        (["model": "mlp:99999999999"], "metadata: model 'mlp:99999999999': at most 64 hidden layers of at most 65536 units each"),
    ])
    func metadataIsCheckedAgainstTheTensors(changes: [String: String], message: String) throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try Self.modelFile(in: directory, changing: changes)
        for arguments in [["evaluate", file.path], ["predict", file.path, Self.sampleImages + ":0"]] {
            let result = try CommandRunner.run(arguments, memoryLimit: 1 << 30)
            #expect(result.status == 1, "\(result.all)")
            #expect(result.errors == "Error: \(file.path): \(message)\n", "\(result.all)")
        }
    }

    /// A directory, a device or a FIFO where a file is expected is named as such (a FIFO would block
    /// a reader forever), for the model and for the images.
    @Test func nonRegularFilesAreNamed() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fifo = directory.appendingPathComponent("pipe")
        try #require(mkfifo(fifo.path, 0o600) == 0)
        let cases = [(directory.path, "is a directory, not a regular file"), ("/dev/zero", "is a character device, not a regular file"),
                     (fifo.path, "is a FIFO (named pipe), not a regular file")]
        for (path, problem) in cases {
            let evaluation = try CommandRunner.run(["evaluate", path])
            #expect(evaluation.status == 1 && evaluation.errors == "Error: \(path): \(problem)\n", "\(evaluation.all)")
            let prediction = try CommandRunner.run(["predict", try Self.trained.path, path])
            #expect(prediction.status == 1 && prediction.errors.contains(path) && prediction.errors.contains(problem), "\(prediction.all)")
        }
    }

    /// An IDX entry is read by inflating only up to it: a 1.6 MB gzip file whose header declares (and
    /// holds) 1.5 GB of images predicts its first image within 1 GB of address space.
    @Test func idxEntryOfAHugeFileUsesLittleMemory() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let count = 2_000_000, megabyte = 1 << 20
        var header = Data([0, 0, 0x08, 3])
        for size in [count, 28, 28] { withUnsafeBytes(of: UInt32(size).bigEndian) { header.append(contentsOf: $0) } }
        // Concatenated gzip members: the header with the first megabyte, then megabytes of zeros.
        var file = try Gzip.compress(header + Data(count: megabyte - header.count))
        let zeros = try Gzip.compress(Data(count: megabyte), level: 9)
        for _ in 0..<((count * 784 + header.count) / megabyte) { file.append(zeros) }
        let images = directory.appendingPathComponent("huge-images-idx3-ubyte.gz")
        try file.write(to: images)
        let result = try CommandRunner.run(["predict", try Self.trained.path, images.path + ":0"], memoryLimit: 1 << 30)
        #expect(result.status == 0, "\(result.all)")
        #expect(result.output.hasPrefix(images.path + ":0\n"), "\(result.all)")
    }
}
