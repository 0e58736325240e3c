import Foundation
import Testing
import Nabla

/// `nabla train` end to end on the bundled Fashion-MNIST sample: outputs, bad input, resuming.
@Suite(.serialized) struct TrainCommandTests {
    static let quick = ["--data-dir", CommandRunner.sampleDirectory.path, "--limit", "600", "--batch-size", "50"]

    @Test func trainsAndWritesItsFiles() throws {
        let output = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let result = try CommandRunner.run(["train", "--epochs", "2", "--output", output.path] + Self.quick)
        #expect(result.status == 0, "\(result.all)")
        #expect(result.output.contains("Total params: 235,146"))
        #expect(result.output.contains("epoch 2/2"))
        #expect(result.output.contains("540 training, 60 validation and"), "a tenth of 600 images is held out")
        #expect(result.output.contains("test accuracy:"))
        #expect(result.output.contains("Ankle boot"), "the confusion matrix names the classes")
        for file in ["model.safetensors", "checkpoint.safetensors", "curves.svg", "history.csv"] {
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(file).path), "\(file) missing")
        }
        let csv = try String(contentsOf: output.appendingPathComponent("history.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 3, "a header and one row per epoch")
        let svg = try String(contentsOf: output.appendingPathComponent("curves.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("polyline"))

        let evaluation = try CommandRunner.run(["evaluate", output.appendingPathComponent("model.safetensors").path,
                                                "--data-dir", CommandRunner.sampleDirectory.path])
        #expect(evaluation.status == 0, "\(evaluation.all)")
        let trainedAccuracy = result.output.split(separator: "\n").first { $0.hasPrefix("test accuracy:") }
        let evaluatedAccuracy = evaluation.output.split(separator: "\n").first { $0.hasPrefix("test accuracy:") }
        #expect(trainedAccuracy != nil && trainedAccuracy == evaluatedAccuracy, "evaluate must reproduce the accuracy train reported")
    }

    /// The convolutional networks train, and their files rebuild the same network in `evaluate`.
    @Test(arguments: [("lenet", "Total params: 61,706"), ("cnn", "Total params: 3,274,634"), ("resnet", "Total params: 309,418")])
    func convolutionalModelsTrainAndEvaluate(model: String, parameters: String) throws {
        let output = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let result = try CommandRunner.run(["train", "--model", model, "--epochs", "1", "--output", output.path,
                                            "--data-dir", CommandRunner.sampleDirectory.path, "--limit", "100", "--batch-size", "50"])
        #expect(result.status == 0, "\(result.all)")
        #expect(result.output.contains(parameters), "\(result.output)")
        let evaluation = try CommandRunner.run(["evaluate", output.appendingPathComponent("model.safetensors").path,
                                                "--data-dir", CommandRunner.sampleDirectory.path])
        #expect(evaluation.status == 0 && evaluation.output.contains("\(model) on Fashion-MNIST"), "\(evaluation.all)")
    }

    /// A run killed in the middle of an epoch and resumed writes exactly the model of an uninterrupted run.
    @Test func resumesAfterBeingKilledMidEpoch() throws {
        let full = try CommandRunner.temporaryDirectory(), killed = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: full); try? FileManager.default.removeItem(at: killed) }
        let arguments = ["train", "--epochs", "3"] + Self.quick + ["--limit", "3000"]
        let reference = try CommandRunner.run(arguments + ["--output", full.path])
        #expect(reference.status == 0, "\(reference.all)")

        // Kill the second run during its second epoch: after the first epoch's line, before the second's.
        let process = try CommandRunner.start(arguments + ["--output", killed.path])
        let output = (process.standardOutput as! Pipe).fileHandleForReading
        var seen = ""
        while !seen.contains("epoch 1/3") {
            let chunk = output.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        Thread.sleep(forTimeInterval: 0.03)   // a few batches into epoch 2 (epoch 1's checkpoint is written before its line)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let checkpoint = try Checkpoint.load(from: killed.appendingPathComponent("checkpoint.safetensors"))
        #expect(checkpoint.epoch == 0, "the kill should land during the second epoch")
        #expect(!FileManager.default.fileExists(atPath: killed.appendingPathComponent("model.safetensors").path))

        let resumed = try CommandRunner.run(arguments + ["--output", killed.path, "--resume"])
        #expect(resumed.status == 0, "\(resumed.all)")
        #expect(resumed.output.contains("Resuming after epoch 1 of 3"))
        let a = try Data(contentsOf: full.appendingPathComponent("model.safetensors"))
        let b = try Data(contentsOf: killed.appendingPathComponent("model.safetensors"))
        // A Bool, not `a == b` inside #expect: a diff of two megabyte files takes many minutes to build.
        let identical = a == b
        let offset = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? Swift.min(a.count, b.count)
        #expect(identical, "the resumed run's weights differ from the uninterrupted run's: \(a.count) and \(b.count) bytes, first difference at offset \(offset)")
    }

    @Test func resumeRefusesOtherSettings() throws {
        let output = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        _ = try CommandRunner.run(["train", "--epochs", "1", "--output", output.path] + Self.quick)
        let result = try CommandRunner.run(["train", "--epochs", "1", "--output", output.path, "--resume", "--lr", "0.5"] + Self.quick)
        #expect(result.status != 0)
        #expect(result.errors.contains("learning_rate is 0.001 in the checkpoint but 0.5 now"), "\(result.all)")
    }

    @Test(arguments: [
        (["train", "--epochs", "0"], "--epochs must be positive"),
        (["train", "--dataset", "cifar"], "unknown dataset 'cifar'"),
        (["train", "--model", "vgg"], "unknown model 'vgg'"),
        (["train", "--optimizer", "lbfgs"], "--optimizer must be adam, adamw, sgd, rmsprop or adagrad"),
        (["train", "--batch-size", "0"], "--batch-size must be positive"),
        (["train", "--validation-split=-1"], "--validation-split must not be negative"),
        (["train", "--resume", "--output", "/nonexistent/run"], "--resume: no checkpoint at /nonexistent/run/checkpoint.safetensors"),
        (["train", "--frobnicate"], "Unknown option '--frobnicate'"),
    ])
    func badFlagsGiveOneClearMessage(arguments: [String], message: String) throws {
        let result = try CommandRunner.run(arguments)
        #expect(result.status != 0)
        #expect(result.errors.contains(message), "\(result.all)")
        #expect(!result.all.contains("Fatal error"), "a crash instead of a message")
    }

    @Test func truncatedDatasetFileIsNamed() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"] {
            try FileManager.default.copyItem(at: CommandRunner.sampleDirectory.appendingPathComponent(name),
                                             to: directory.appendingPathComponent(name))
        }
        let images = directory.appendingPathComponent("train-images-idx3-ubyte.gz")
        let bytes = try Data(contentsOf: images)
        try bytes.prefix(bytes.count / 2).write(to: images)
        let result = try CommandRunner.run(["train", "--epochs", "1", "--data-dir", directory.path, "--output", directory.path])
        #expect(result.status != 0)
        #expect(result.errors.contains("train-images-idx3-ubyte.gz"), "\(result.all)")
        #expect(!result.all.contains("Fatal error"))
    }

    /// A diverging run (NaN or infinite validation loss in the checkpoint's history, then a non-finite
    /// training loss) must not crash writing the history as JSON: it finishes, or stops with a clear message.
    @Test func divergingTrainingStopsWithAMessageNotACrash() throws {
        let output = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let result = try CommandRunner.run(["train", "--limit", "64", "--lr", "1e6", "--optimizer", "sgd", "--epochs", "2",
                                            "--data-dir", CommandRunner.sampleDirectory.path, "--output", output.path])
        #expect(!result.all.contains("Fatal error"), "a crash instead of a message: \(result.all)")
        if result.status != 0 {
            #expect(result.errors.contains("training stopped: the loss became"), "\(result.all)")
        }
    }

    /// A validation split as large as the training set leaves nothing to train on: a message, not a crash.
    @Test func validationSplitMustLeaveTrainingImages() throws {
        let result = try CommandRunner.run(["train", "--epochs", "1", "--validation-split", "600"] + Self.quick)
        #expect(result.status != 0)
        #expect(result.errors.contains("--validation-split 600 leaves no training images: there are 600"), "\(result.all)")
    }
}
