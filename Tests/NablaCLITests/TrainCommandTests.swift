import Foundation
import Testing
import Nabla

/// `nabla train` end to end on the bundled Fashion-MNIST sample: outputs, bad input, resuming.
@Suite(.serialized) struct TrainCommandTests {
    static let quick = ["--data-dir", CommandRunner.sampleDirectory.path, "--limit", "600", "--batch-size", "50"]

    /// Makes the checkpoint in `output` look as if taken before the options behind `keys` existed: removes
    /// those settings from its metadata and returns the values they had (`nil` for a key it did not hold).
    static func removeSettings(_ keys: [String], fromCheckpointIn output: URL) throws -> [String: String?] {
        let checkpoint = output.appendingPathComponent("checkpoint.safetensors")
        var (tensors, metadata) = try SafeTensors.read(from: checkpoint)
        let removed = Dictionary(uniqueKeysWithValues: keys.map { ($0, metadata.removeValue(forKey: $0)) })
        try SafeTensors.write(tensors, metadata: metadata, to: checkpoint)
        return removed
    }

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
    @Test(arguments: [("lenet", "Total params: 61,706"), ("cnn", "Total params: 3,274,634"), ("resnet", "Total params: 309,418"),
                      ("resnet:1,1,2", "Total params: 605,354")])
    func convolutionalModelsTrainAndEvaluate(model: String, parameters: String) throws {
        try trainAndEvaluate(model: model, parameters: parameters, title: model)
    }

    /// The recurrent networks read the images row by row; their files rebuild the same network.
    @Test(arguments: [("rnn", "Total params: 54,282", "rnn:128,128"), ("lstm", "Total params: 213,258", "lstm:128,128"),
                      ("gru", "Total params: 160,266", "gru:128,128"), ("bilstm", "Total params: 163,338", "bilstm:128"),
                      ("gru:32", "Total params: 6,186", "gru:32")])
    func recurrentModelsTrainAndEvaluate(model: String, parameters: String, title: String) throws {
        try trainAndEvaluate(model: model, parameters: parameters, title: title)
    }

    private func trainAndEvaluate(model: String, parameters: String, title: String) throws {
        let output = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let result = try CommandRunner.run(["train", "--model", model, "--epochs", "1", "--output", output.path,
                                            "--data-dir", CommandRunner.sampleDirectory.path, "--limit", "100", "--batch-size", "50"])
        #expect(result.status == 0, "\(result.all)")
        #expect(result.output.contains(parameters), "\(result.output)")
        let evaluation = try CommandRunner.run(["evaluate", output.appendingPathComponent("model.safetensors").path,
                                                "--data-dir", CommandRunner.sampleDirectory.path])
        #expect(evaluation.status == 0 && evaluation.output.contains("\(title) on Fashion-MNIST"), "\(evaluation.all)")
    }

    /// Recurrent layer sizes that are not positive whole numbers, or too large, are refused with the rule.
    @Test(arguments: [("lstm:0", "hidden sizes must be positive whole numbers"), ("gru:", "hidden sizes must be positive whole numbers"),
                      ("rnn:64,,64", "hidden sizes must be positive whole numbers"), ("lstm:99999999999", "at most 64 hidden layers"),
                      ("bilstm:4096,4096", "more than 134217728 parameters")])
    func refusesMalformedRecurrentModels(model: String, message: String) throws {
        try expectRefused(model: model, message: message)
    }

    /// A residual network takes 1 to 8 blocks for each of its three stages.
    @Test(arguments: ["resnet:1,1", "resnet:0,1,1", "resnet:1,1,9", "resnet:1,,2", "resnet:"])
    func refusesMalformedResidualNetworks(model: String) throws {
        try expectRefused(model: model, message: "resnet: takes the residual blocks of its three stages, each 1 to 8, e.g. resnet:1,1,2")
    }

    private func expectRefused(model: String, message: String) throws {
        let result = try CommandRunner.run(["train", "--model", model, "--epochs", "1", "--data-dir", CommandRunner.sampleDirectory.path])
        #expect(result.status == 2)
        #expect(result.all.contains("model '\(model)': \(message)"), "\(result.all)")
    }

    /// A run killed in the middle of an epoch and resumed writes exactly the files of an uninterrupted
    /// run, byte for byte: the model, the checkpoint (whose history must read back bit for bit),
    /// history.csv (with the learning rates of the restored epochs) and the curves. What the kill left
    /// behind is put right: a history.csv ahead of the checkpoint, and temporary files of cut-off writes.
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
        // As a kill between writing history.csv and the checkpoint would leave them, and a kill inside writes.
        let csv = killed.appendingPathComponent("history.csv")
        try (String(contentsOf: csv, encoding: .utf8) + "2,0.001,0.5,0.5,0.5,0.5\n").write(to: csv, atomically: false, encoding: .utf8)
        let stale = [".checkpoint.safetensors.0123456789abcdef.tmp", ".history.csv.fedcba9876543210.tmp"]
        for name in stale { try Data("cut off".utf8).write(to: killed.appendingPathComponent(name)) }

        let resumed = try CommandRunner.run(arguments + ["--output", killed.path, "--resume"])
        #expect(resumed.status == 0, "\(resumed.all)")
        #expect(resumed.output.contains("Resuming after epoch 1 of 3"))
        for file in TrainCommandTests.outputFiles {
            let a = try Data(contentsOf: full.appendingPathComponent(file))
            let b = try Data(contentsOf: killed.appendingPathComponent(file))
            // A Bool, not `a == b` inside #expect: a diff of two megabyte files takes many minutes to build.
            let identical = a == b
            let offset = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? Swift.min(a.count, b.count)
            #expect(identical, "the resumed run's \(file) differs from the uninterrupted run's: \(a.count) and \(b.count) bytes, first difference at offset \(offset)")
        }
        for name in stale { #expect(!FileManager.default.fileExists(atPath: killed.appendingPathComponent(name).path), "\(name) left behind") }
    }

    static let outputFiles = ["model.safetensors", "checkpoint.safetensors", "history.csv", "curves.svg"]

    @Test func resumeRefusesOtherSettings() throws {
        let output = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        _ = try CommandRunner.run(["train", "--epochs", "1", "--output", output.path] + Self.quick)
        let result = try CommandRunner.run(["train", "--epochs", "1", "--output", output.path, "--resume", "--lr", "0.5"] + Self.quick)
        #expect(result.status != 0)
        #expect(result.errors.contains("learning_rate is 0.001 in the checkpoint but 0.5 now"), "\(result.all)")
    }

    /// Usage errors exit with 2 and name the flag and the value; bad input exits with 1. Negative
    /// numbers reach the range check instead of being taken for flags ("Missing value for '--epochs'").
    @Test(arguments: [
        (["train", "--epochs", "0"], "--epochs must be a positive whole number, got 0", 2),
        (["train", "--epochs", "-1"], "--epochs must be a positive whole number, got -1", 2),
        (["train", "--lr", "-1"], "--lr must be a positive number, got -1.0", 2),
        (["train", "--batch-size", "-64"], "--batch-size must be a positive whole number, got -64", 2),
        (["train", "--validation-split=-1"], "--validation-split must be a whole number of 0 or more, got -1", 2),
        (["train", "--dataset", "cifar"], "unknown dataset 'cifar'", 2),
        (["train", "--model", "vgg"], "unknown model 'vgg'", 2),
        (["train", "--model", "mlp:"], "model 'mlp:': hidden sizes must be positive whole numbers separated by commas", 2),
        (["train", "--model", "mlp:256,,128"], "model 'mlp:256,,128': hidden sizes must be positive whole numbers separated by commas", 2),
        (["train", "--model", "mlp:99999999999"], "model 'mlp:99999999999': at most 64 hidden layers of at most 65536 units each", 2),
        (["train", "--model", "mlp:65536,65536"], "model 'mlp:65536,65536': more than 134217728 parameters", 2),
        (["train", "--optimizer", "lbfgs"], "--optimizer must be adam, adamw, sgd, rmsprop or adagrad", 2),
        (["train", "--frobnicate"], "Unknown option '--frobnicate'", 2),
        (["predict", "model.safetensors", "image.png", "--top", "-3"], "--top must be a positive whole number, got -3", 2),
        (["demo", "--hidden", "99999999999"], "--hidden must be a whole number from 1 to 65536, got 99999999999", 2),
        (["train", "--resume", "--output", "/nonexistent/run"], "--resume: no checkpoint at /nonexistent/run/checkpoint.safetensors", 1),
    ])
    func badFlagsGiveOneClearMessage(arguments: [String], message: String, status: Int32) throws {
        let result = try CommandRunner.run(arguments)
        #expect(result.status == status, "\(result.all)")
        #expect(result.errors.contains(message), "\(result.all)")
        #expect(!result.all.contains("Fatal error"), "a crash instead of a message")
    }

    /// `--batch-size` near `Int.max` is one batch per epoch, not an overflow trap counting the batches.
    @Test func batchSizeNearIntMaxIsOneBatch() throws {
        let output = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let result = try CommandRunner.run(["train", "--epochs", "1", "--output", output.path] + Self.quick + ["--batch-size", String(Int.max)])
        #expect(result.status == 0, "\(result.all)")
        #expect(result.output.contains("test accuracy:"), "\(result.all)")
    }

    /// An output that cannot be written is named in one sentence, before any training: a file, a path
    /// below a file, a directory where an output file goes.
    @Test func unusableOutputIsNamedBeforeTraining() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("file")
        try Data("x".utf8).write(to: file)
        let blocked = directory.appendingPathComponent("blocked")
        try FileManager.default.createDirectory(at: blocked.appendingPathComponent("history.csv"), withIntermediateDirectories: true)
        for (output, message) in [
            (file.path, "\(file.path): exists and is a file; the output must be a directory"),
            (file.path + "/run", "\(file.path)/run: cannot be created: \(file.path) is a file, not a directory"),
            (blocked.path, "\(blocked.path)/history.csv: is a directory; a file is to be written there"),
        ] {
            let result = try CommandRunner.run(["train", "--epochs", "1", "--output", output] + Self.quick)
            #expect(result.status == 1, "\(result.all)")
            #expect(result.errors == "Error: \(message)\n", "\(result.all)")
            #expect(!result.output.contains("epoch 1/1"), "found out only after training")
        }
    }

    /// A directory that takes no new files (sysfs refuses them even to root, whose permission bits
    /// say yes) is found out before training, not when the model is saved.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/sys/kernel")))
    func unwritableOutputIsNamedBeforeTraining() throws {
        let result = try CommandRunner.run(["train", "--epochs", "1", "--output", "/sys"] + Self.quick)
        #expect(result.status == 1, "\(result.all)")
        #expect(result.errors.hasPrefix("Error: /sys: is not writable: "), "\(result.all)")
        #expect(!result.output.contains("epoch 1/1"), "found out only after training")
    }

    /// A checkpoint whose epoch or step count is near `Int.max` is refused with the field named, not
    /// an overflow trap when counting on.
    @Test(arguments: ["nabla.epoch", "nabla.optimizer.step"])
    func checkpointCountsNearIntMaxAreRefused(key: String) throws {
        let output = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let arguments = ["train", "--epochs", "2", "--output", output.path] + Self.quick
        let first = try CommandRunner.run(arguments)
        try #require(first.status == 0, "\(first.all)")
        let checkpoint = output.appendingPathComponent("checkpoint.safetensors")
        let (tensors, stored) = try SafeTensors.read(from: checkpoint)
        var metadata = stored
        metadata["nabla.epoch"] = "0"
        metadata[key] = String(Int.max)
        try SafeTensors.write(tensors, metadata: metadata, to: checkpoint)
        let result = try CommandRunner.run(arguments + ["--resume"])
        #expect(result.status == 1, "\(result.all)")
        #expect(result.errors.contains("metadata \(key) is \(Int.max), outside 0 ... \(Checkpoint.maximumCount)"), "\(result.all)")
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

    /// `--distributed` outside mpirun: with MPI, a job of one rank that trains; in a build without MPI
    /// (`NABLA_MPI=0 swift build`), a refusal naming both possible causes and the remedy.
    @Test func distributedAloneTrainsAsOneRankOrExplainsTheMissingMPI() throws {
        let output = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let result = try CommandRunner.run(["train", "--distributed", "--data-dir", CommandRunner.sampleDirectory.path, "--limit", "64",
                                            "--batch-size", "64", "--epochs", "1", "--validation-split", "0", "--output", output.path])
        if result.errors.contains("built without MPI") {
            #expect(result.status != 0)
            for part in ["NABLA_MPI=0 was set", "pkg-config found neither ompi nor mpich", "apt-get install libopenmpi-dev", "docs/Distributed.md"] {
                #expect(result.errors.contains(part), "\(result.errors)")
            }
        } else {
            #expect(result.status == 0, "\(result.all)")
            #expect(result.output.contains("distributed: 1 rank, global batch 64"), "\(result.output)")
        }
    }
}
