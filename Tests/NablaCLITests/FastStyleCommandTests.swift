import Foundation
import Testing
import Nabla

/// `nabla style train` and `nabla style apply` next to the default `nabla style CONTENT STYLE`: a tiny
/// training run with its samples, checkpoint and resumption, one pass over an image, and the flags and
/// files they refuse.
@Suite struct FastStyleCommandTests {
    static let examples = CommandRunner.repository.appendingPathComponent("docs/style-transfer")
    static let style = examples.appendingPathComponent("hubble-deep-field.jpg").path
    static let photo = examples.appendingPathComponent("chelsea.jpg").path
    static let tiny = ["--size", "16", "--batch-size", "2", "--channels", "2", "--residual-blocks", "1"]

    /// A directory holding two of the example photos.
    static func photos() throws -> URL {
        let directory = try CommandRunner.temporaryDirectory()
        for name in ["chelsea.jpg", "coffee.jpg"] {
            try FileManager.default.copyItem(at: examples.appendingPathComponent(name), to: directory.appendingPathComponent(name))
        }
        return directory
    }

    @Test func allThreeFormsRun() throws {
        let photos = try Self.photos(), output = try CommandRunner.temporaryDirectory()
        defer { for url in [photos, output] { try? FileManager.default.removeItem(at: url) } }
        let model = output.appendingPathComponent("hubble.safetensors").path
        let train = try CommandRunner.run(["style", "train", Self.style, "--images", photos.path, "--output", model, "--steps", "4", "--save-every", "2"] + Self.tiny)
        #expect(train.status == 0, "\(train.all)")
        #expect(train.output.contains("2 content images from \(photos.path) (chelsea.jpg, coffee.jpg), crops 16×16, batches of 2"), "\(train.output)")
        #expect(train.output.contains("step 4/4  content "), "\(train.output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).sorted()
                    == ["hubble-step2.png", "hubble.checkpoint.safetensors", "hubble.safetensors"])
        #expect(try ImageFile.readRGB(output.appendingPathComponent("hubble-step2.png")).shape == [1, 3, 16, 16])

        let resumed = try CommandRunner.run(["style", "train", Self.style, "--images", photos.path, "--output", model, "--steps", "6", "--resume"] + Self.tiny)
        #expect(resumed.status == 0 && resumed.output.contains("resuming after step 2") && resumed.output.contains("step 6/6"), "\(resumed.all)")

        let applied = output.appendingPathComponent("cat.png")
        let apply = try CommandRunner.run(["style", "apply", model, Self.photo, "--output", applied.path, "--size", "40"])
        #expect(apply.status == 0 && apply.output.contains("channels=2 residual-blocks=1"), "\(apply.all)")
        #expect(try ImageFile.readRGB(applied).shape == [1, 3, 27, 40], "chelsea is 451 × 300")

        let transfer = try CommandRunner.run(["style", Self.photo, Self.style, "--output", output.appendingPathComponent("optimised.png").path,
                                              "--size", "16", "--steps", "1"])
        #expect(transfer.status == 0 && transfer.output.contains("step 1/1"), "\(transfer.all)")
    }

    @Test(arguments: [
        (["--size", "8"], "--size must be a whole number from 16 to 1024, got 8"),
        (["--batch-size", "0"], "--batch-size must be a positive whole number, got 0"),
        (["--tv-weight", "-1"], "--tv-weight must be a number of 0 or more, got -1.0"),
        (["--channels", "0"], "--channels must be a whole number from 1 to 256, got 0"),
        (["--output", "/tmp/model.png"], "--output must name a .safetensors file, got /tmp/model.png"),
    ])
    func badTrainingFlagsAreUsageErrors(flags: [String], message: String) throws {
        let result = try CommandRunner.run(["style", "train", Self.style, "--images", Self.examples.path, "--output", "/tmp/nabla-never.safetensors"] + flags)
        #expect(result.status == 2, "\(result.all)")
        #expect(result.errors.contains(message), "\(result.errors)")
    }

    @Test func badDirectoriesAndModelFilesAreNamed() throws {
        let empty = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: empty) }
        let model = empty.appendingPathComponent("m.safetensors").path
        let missing = try CommandRunner.run(["style", "train", Self.style, "--images", "/nonexistent/photos", "--output", model])
        #expect(missing.status == 1 && missing.errors.contains("--images: /nonexistent/photos is missing, not a directory of images"), "\(missing.all)")
        let none = try CommandRunner.run(["style", "train", Self.style, "--images", empty.path, "--output", model])
        #expect(none.status == 1 && none.errors.contains("--images: \(empty.path) holds no .png, .jpg or .jpeg file"), "\(none.all)")
        let noCheckpoint = try CommandRunner.run(["style", "train", Self.style, "--images", Self.examples.path, "--output", model, "--resume"])
        #expect(noCheckpoint.status == 1 && noCheckpoint.errors.contains("--resume: no checkpoint at \(empty.path)/m.checkpoint.safetensors"), "\(noCheckpoint.all)")

        let vgg = CommandRunner.repository.appendingPathComponent("Tests/Fixtures/vgg/tiny-vgg19.safetensors").path
        let notModel = try CommandRunner.run(["style", "apply", vgg, Self.photo, "--output", "/tmp/nabla-never.png"])
        #expect(notModel.status == 1 && notModel.errors.contains("\(vgg): not a style transformation network: no nabla-style.architecture in its metadata"), "\(notModel.all)")
        let bmp = try CommandRunner.run(["style", "apply", vgg, Self.photo, "--output", "/tmp/out.bmp"])
        #expect(bmp.status == 2 && bmp.errors.contains("--output must name a .png, .jpg or .jpeg file, got /tmp/out.bmp"), "\(bmp.all)")
    }
}
