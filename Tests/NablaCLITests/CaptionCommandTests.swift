import Foundation
import Testing
import Nabla

/// `nabla caption`: a tiny training run on the bundled sample, scenes as PNG files, captioning one, bad input.
@Suite(.serialized) struct CaptionCommandTests {
    static let tiny = ["--data-dir", CommandRunner.sampleDirectory.path, "--epochs", "1", "--scenes", "32", "--batch-size", "16",
                       "--validation-items", "100", "--validation-scenes", "8", "--test-scenes", "6", "--examples", "2",
                       "--hidden", "16", "--embedding", "8", "--channels", "4,4", "--beam", "2"]

    @Test func trainsWritesScenesAndCaptionsOne() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("run")
        let trained = try CommandRunner.run(["caption", "train", "--output", output.path] + Self.tiny)
        #expect(trained.status == 0, "\(trained.all)")
        #expect(trained.output.contains("validation exact match") && trained.output.contains("greedy:        exact match")
                && trained.output.contains("beam width 2:  exact match") && trained.output.contains("BLEU-4"), "\(trained.output)")
        #expect(trained.output.contains("1. true:   a "), "\(trained.output)")
        let examples = try ImageFile.read(output.appendingPathComponent("examples.png"))
        #expect(examples.shape[0] > 2 * 64 && examples.shape[1] > 64)

        let scenes = directory.appendingPathComponent("scenes")
        let written = try CommandRunner.run(["caption", "scenes", "--count", "2", "--output", scenes.path, "--data-dir", CommandRunner.sampleDirectory.path])
        #expect(written.status == 0, "\(written.all)")
        #expect(written.output.contains("scene-1.png: a ") && written.output.contains("scene-2.png: a "), "\(written.output)")
        let picture = scenes.appendingPathComponent("scene-1.png")
        #expect(try ImageFile.read(picture).shape == [64, 64])

        let model = output.appendingPathComponent("model.safetensors")
        for beam in ["1", "3"] {
            let captioned = try CommandRunner.run(["caption", model.path, picture.path, "--beam", beam])
            #expect(captioned.status == 0, "\(captioned.all)")
            #expect(captioned.output.split(separator: "\n").count == 1, "\(captioned.output)")
        }

        let small = directory.appendingPathComponent("small.png")
        try ImageFile.write(Tensor.zeros([28, 28]), pngTo: small)
        let wrongSize = try CommandRunner.run(["caption", model.path, small.path])
        #expect(wrongSize.status == 1 && wrongSize.errors.contains("small.png: the picture is 28 × 28 pixels; the model captions 64 × 64 scenes (2 × 2 cells)"), "\(wrongSize.all)")
        let notModel = try CommandRunner.run(["caption", picture.path, picture.path])
        #expect(notModel.status == 1 && notModel.errors.contains("scene-1.png"), "\(notModel.all)")
    }

    @Test func badOptionsAreNamed() throws {
        let cases: [([String], String)] = [
            (["caption", "train", "--max-items", "5"], "--max-items must be a whole number from 2 to 4, got 5"),
            (["caption", "train", "--epochs", "0"], "--epochs must be a positive whole number, got 0"),
            (["caption", "train", "--channels", "4,x"], "--channels must be 1 to 8 whole numbers"),
            (["caption", "train", "--words", "colours"], "--words must be garments or classes, got 'colours'"),
            (["caption", "scenes", "--rows", "4"], "--rows must be a whole number from 1 to 3, got 4"),
            (["caption", "model.safetensors", "scene.png", "--beam", "0"], "--beam must be a whole number from 1 to 100, got 0"),
        ]
        for (arguments, message) in cases {
            let result = try CommandRunner.run(arguments)
            #expect(result.status == 2 && result.errors.contains(message), "\(arguments): \(result.all)")
        }
    }
}
