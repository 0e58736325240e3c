import Foundation
import Testing
import Nabla

/// `nabla style`: a short run on the example images, the torchvision-layout fixture as features, and
/// the flags and files it refuses.
@Suite struct StyleCommandTests {
    static let examples = CommandRunner.repository.appendingPathComponent("docs/style-transfer")
    static let content = examples.appendingPathComponent("chelsea.jpg").path
    static let style = examples.appendingPathComponent("hubble-deep-field.jpg").path

    @Test func writesTheImageAndIntermediateOnes() throws {
        let output = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let result = try CommandRunner.run(["style", Self.content, Self.style, "--output", output.appendingPathComponent("cat.png").path,
                                            "--size", "32", "--steps", "4", "--save-every", "2"])
        #expect(result.status == 0, "\(result.all)")
        #expect(result.output.contains("content layer relu3_2, style layers relu1_1, relu2_1, relu3_1, relu4_1"), "\(result.output)")
        #expect(result.output.contains("step 4/4  content "), "\(result.output)")
        let image = try ImageFile.readRGB(output.appendingPathComponent("cat.png"))
        #expect(image.shape == [1, 3, 21, 32], "the content's proportions, 256 × 170, at 32 pixels")
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).sorted() == ["cat-step2.png", "cat.png"])
    }

    @Test func readsTorchvisionFeatures() throws {
        let output = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let features = CommandRunner.repository.appendingPathComponent("Tests/Fixtures/vgg/tiny-vgg19.safetensors").path
        let result = try CommandRunner.run(["style", Self.content, Self.style, "--output", output.appendingPathComponent("cat.jpg").path,
                                            "--size", "32", "--steps", "2", "--features", features])
        #expect(result.status == 0, "\(result.all)")
        #expect(result.output.contains("16 layers; content layer relu4_2, style layers relu1_1, relu2_1, relu3_1, relu4_1, relu5_1"), "\(result.output)")
        #expect(try ImageFile.readRGB(output.appendingPathComponent("cat.jpg")).shape == [1, 3, 21, 32])
    }

    @Test(arguments: [
        (["--size", "8"], "--size must be a whole number from 16 to 2048, got 8"),
        (["--steps", "0"], "--steps must be a positive whole number, got 0"),
        (["--style-weight", "-1"], "--style-weight must be a number of 0 or more, got -1.0"),
        (["--content-layer", "relu9_9"], "no layer relu9_9 in the network; it has relu1_1"),
    ])
    func badFlagsAreUsageErrors(flags: [String], message: String) throws {
        let result = try CommandRunner.run(["style", Self.content, Self.style, "--output", "/tmp/nabla-never-written.png"] + flags)
        #expect(result.status == 2, "\(result.all)")
        #expect(result.errors.contains(message), "\(result.errors)")
    }

    @Test func badOutputNamesAndFilesAreNamed() throws {
        let bmp = try CommandRunner.run(["style", Self.content, Self.style, "--output", "/tmp/out.bmp"])
        #expect(bmp.status == 2 && bmp.errors.contains("--output must name a .png, .jpg or .jpeg file, got /tmp/out.bmp"), "\(bmp.all)")
        let missing = try CommandRunner.run(["style", "/nonexistent/cat.jpg", Self.style, "--output", "/tmp/nabla-never-written.png"])
        #expect(missing.status == 1 && missing.errors.contains("/nonexistent/cat.jpg: cannot read the file"), "\(missing.all)")
        let notVGG = try CommandRunner.run(["style", Self.content, Self.style, "--output", "/tmp/nabla-never-written.png", "--features", Self.style])
        #expect(notVGG.status == 1 && notVGG.errors.contains(Self.style), "\(notVGG.all)")
    }
}
