import Foundation
import Testing
import Nabla

/// `nabla inspect` on a LeNet trained for one epoch on the bundled sample: the PNG grids it writes,
/// read back with Nabla's decoder, and its errors.
@Suite(.serialized) struct InspectCommandTests {
    /// A LeNet trained for one epoch on the bundled sample, made once, or why it could not be.
    static let trainedLeNet: Swift.Result<URL, any Error> = Swift.Result {
        let output = try CommandRunner.temporaryDirectory()
        let result = try CommandRunner.run(["train", "--model", "lenet", "--epochs", "1", "--output", output.path] + TrainCommandTests.quick)
        guard result.status == 0 else { throw CommandRunner.Failure(description: "nabla train --model lenet failed: \(result.all)") }
        return output.appendingPathComponent("model.safetensors")
    }

    static var lenet: URL {
        get throws { try trainedLeNet.get() }
    }

    @Test func writesTheFiltersAndEachConvolutionsFeatureMaps() throws {
        let output = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let result = try CommandRunner.run(["inspect", try Self.lenet.path, ModelFileCommandTests.sampleImages + ":0", "--output", output.path])
        #expect(result.status == 0, "\(result.all)")
        #expect(result.output.contains("filters.png: layers.1 Conv2d(1 → 6, kernelSize: 5, padding: same), 6 filters of 5×5"), "\(result.output)")
        #expect(result.output.contains("feature-maps-1.png: layers.1 Conv2d(1 → 6, kernelSize: 5, padding: same), 6 feature maps of 28×28"), "\(result.output)")
        #expect(result.output.contains("feature-maps-2.png: layers.4 Conv2d(6 → 16, kernelSize: 5), 16 feature maps of 10×10"), "\(result.output)")
        #expect(result.output.contains("t10k-images-idx3-ubyte.gz:0: "), "the predicted class is named")
        // 6 filters of 5×5 drawn 10 times larger in 3 columns and 2 rows, with one-pixel lines: 3·51 + 1 by 2·51 + 1;
        // 6 maps of 28×28 twice as large: 3·57 + 1 by 2·57 + 1; 16 maps of 10×10 five times as large: 4·51 + 1 square.
        let sizes = [("filters.png", [103, 154]), ("feature-maps-1.png", [115, 172]), ("feature-maps-2.png", [205, 205])]
        for (name, shape) in sizes {
            let image = try ImageFile.read(output.appendingPathComponent(name))
            #expect(image.shape == shape, "\(name)")
            let grey = image.scalars(as: Double.self)
            #expect(grey.contains(0) && grey.contains(1), "\(name): every tile runs from black to white")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).sorted() == sizes.map(\.0).sorted())
    }

    @Test func writesNextToTheModelByDefault() throws {
        let result = try CommandRunner.run(["inspect", try Self.lenet.path, ModelFileCommandTests.sampleImages + ":3"])
        #expect(result.status == 0, "\(result.all)")
        let directory = try Self.lenet.deletingLastPathComponent().appendingPathComponent("inspect-t10k-images-idx3-ubyte-3")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("feature-maps-2.png").path), "\(result.output)")
    }

    @Test func aModelWithoutConvolutionsIsRefusedInOneLine() throws {
        let model = try ModelFileCommandTests.trained.path
        let result = try CommandRunner.run(["inspect", model, ModelFileCommandTests.sampleImages + ":0"])
        #expect(result.status == 1, "\(result.all)")
        #expect(result.errors == "Error: \(model): the model mlp:256,128 has no convolution layers; nabla inspect draws those of lenet, cnn and resnet models\n",
                "\(result.all)")
    }

    @Test func badImagesModelsAndOutputsAreNamed() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let small = directory.appendingPathComponent("small.pgm")
        try ImageFile.write(Tensor.zeros([10, 12]), pgmTo: small)
        let file = directory.appendingPathComponent("file.txt")
        try Data("x".utf8).write(to: file)
        let lenet = try Self.lenet.path, image = ModelFileCommandTests.sampleImages + ":0"
        let cases: [([String], String)] = [
            ([lenet, small.path], "small.pgm: the image is 12×10 pixels; the model expects 28×28"),
            ([lenet, directory.appendingPathComponent("missing.png").path], "missing.png"),
            ([directory.appendingPathComponent("missing.safetensors").path, image], "missing.safetensors: no such file"),
            ([lenet, image, "--output", file.path + "/maps"], "file.txt is a file, not a directory"),
        ]
        for (arguments, message) in cases {
            let result = try CommandRunner.run(["inspect"] + arguments)
            #expect(result.status == 1, "\(result.all)")
            #expect(result.errors.contains(message), "\(result.all)")
            #expect(!result.all.contains("Fatal error"))
        }
        let usage = try CommandRunner.run(["inspect", lenet])
        #expect(usage.status == 2 && usage.errors.contains("Missing expected argument '<image>'"), "\(usage.all)")
    }
}
