import Foundation
import Testing
import Nabla

/// `nabla textgen` and `nabla timeseries`: quick runs, model files, and the errors for bad input.
@Suite(.serialized) struct SequenceCommandTests {
    @Test func halloPrintsThePredictionOfEveryStep() throws {
        let result = try CommandRunner.run(["textgen", "hallo"])
        #expect(result.status == 0, "\(result.all)")
        #expect(result.output.contains("predicted \"allo\""), "\(result.output)")
        #expect(result.output.split(separator: "\n").filter { $0.contains("\"h\"    ") || $0.contains("\"a\"    ") || $0.contains("\"l\"    ") }.count == 4)
    }

    @Test func trainsAModelThatSampleReloads() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = directory.appendingPathComponent("text.txt")
        try String(repeating: "Es war einmal ein König. ", count: 80).write(to: text, atomically: true, encoding: .utf8)
        let output = directory.appendingPathComponent("run")
        let trained = try CommandRunner.run(["textgen", "train", text.path, "--epochs", "1", "--hidden", "16", "--embedding", "8",
                                             "--sequence-length", "20", "--batch-size", "4", "--sample-length", "30", "--output", output.path])
        #expect(trained.status == 0, "\(trained.all)")
        #expect(trained.output.contains("held-out") && trained.output.contains("unigram baseline"), "\(trained.output)")
        let model = output.appendingPathComponent("model.safetensors")
        let sampled = try CommandRunner.run(["textgen", "sample", model.path, "--length", "40", "--prime", "König", "--seed", "3"])
        #expect(sampled.status == 0, "\(sampled.all)")
        #expect(sampled.output.hasPrefix("König") && sampled.output.count >= 45)
        let unknown = try CommandRunner.run(["textgen", "sample", model.path, "--prime", "Zebra"])
        #expect(unknown.status != 0 && unknown.errors.contains("--prime: the character \"Z\" is not in the model's vocabulary"), "\(unknown.all)")
    }

    @Test func badTextInputIsNamed() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let empty = directory.appendingPathComponent("empty.txt"), latin1 = directory.appendingPathComponent("latin1.txt")
        try Data().write(to: empty)
        try Data([0x4B, 0xF6, 0x6E, 0x69, 0x67]).write(to: latin1)
        let cases: [([String], String)] = [
            (["textgen", "train", directory.appendingPathComponent("missing.txt").path], "missing.txt: no such file"),
            (["textgen", "train", empty.path], "empty.txt: the text is empty"),
            (["textgen", "train", latin1.path], "latin1.txt: not UTF-8 text"),
            (["textgen", "train", "--epochs", "0"], "--epochs must be positive, not 0"),
            (["textgen", "train", "--hidden", "-3"], "--hidden must be positive, not -3"),
            (["textgen", "sample", directory.appendingPathComponent("none.safetensors").path], "none.safetensors: no such file"),
            (["textgen", "sample", "x", "--temperature", "-1"], "--temperature must not be negative"),
            (["timeseries", "--horizon", "0"], "--horizon must be positive, not 0"),
        ]
        for (arguments, message) in cases {
            let result = try CommandRunner.run(arguments)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.errors.contains(message), "\(arguments): \(result.all)")
            #expect(!result.all.contains("Fatal error"))
        }
    }

    @Test func timeseriesNamesAWrongColumn() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let csv = directory.appendingPathComponent("series.csv")
        try "month,value\n2000-01,1\n".write(to: csv, atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["timeseries", csv.path, "--column", "co2"])
        #expect(result.status != 0)
        #expect(result.errors.contains("series.csv: no column 'co2'; the columns are 'month', 'value'"), "\(result.all)")
    }
}
