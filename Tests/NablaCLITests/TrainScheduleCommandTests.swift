import Foundation
import Testing
import Nabla

/// `nabla train --schedule` and `--augment`: the learning rate of each epoch in history.csv, the schedule
/// kept in the checkpoint for `--resume`, and the help text saying where flips are used.
@Suite(.serialized) struct TrainScheduleCommandTests {
    /// The learning rates of history.csv in `directory`, one per epoch.
    static func learningRates(in directory: URL) throws -> [Double] {
        let csv = try String(contentsOf: directory.appendingPathComponent("history.csv"), encoding: .utf8)
        let lines = csv.split(separator: "\n")
        let column = try #require(lines.first?.split(separator: ",").firstIndex(of: "learning_rate"))
        return try lines.dropFirst().map { line in try #require(Double(line.split(separator: ",", omittingEmptySubsequences: false)[column])) }
    }

    /// The rates of four epochs from η = 10⁻³: step divides by 10 after each ⌈4/3⌉ = 2 epochs; cosine
    /// anneals to η/20 as η/20 + ½(η - η/20)(1 + cos(π·epoch/4)).
    static func expectedRates(_ schedule: String) -> [Double] {
        let initial = 1e-3, minimum = 1e-3 / 20
        switch schedule {
        case "step": return [initial, initial, initial / 10, initial / 10]
        case "constant": return [initial, initial, initial, initial]
        default: return (0..<4).map { epoch in minimum + 0.5 * (initial - minimum) * (1 + cos(Double.pi * Double(epoch) / 4)) }
        }
    }

    @Test(arguments: ["step", "constant", "cosine"])
    func eachScheduleSetsTheRateOfEveryEpoch(schedule: String) throws {
        let rates = Self.expectedRates(schedule)
        let output = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let result = try CommandRunner.run(["train", "--epochs", "4", "--schedule", schedule, "--output", output.path]
                                           + TrainCommandTests.quick)
        #expect(result.status == 0, "\(result.all)")
        let logged = try Self.learningRates(in: output)
        #expect(logged.count == 4)
        for (value, expected) in zip(logged, rates) {
            #expect(Swift.abs(value - expected) <= 1e-12, "\(schedule): \(logged), expected \(rates)")
        }
    }

    @Test func resumeRefusesAnotherSchedule() throws {
        let output = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        _ = try CommandRunner.run(["train", "--epochs", "2", "--schedule", "step", "--output", output.path] + TrainCommandTests.quick)
        let result = try CommandRunner.run(["train", "--epochs", "2", "--resume", "--output", output.path] + TrainCommandTests.quick)
        #expect(result.status == 1)
        #expect(result.errors.contains("schedule is step in the checkpoint but cosine now"), "\(result.all)")
    }

    @Test func aCheckpointWithoutAScheduleResumesWithTheCosine() throws {
        let output = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        _ = try CommandRunner.run(["train", "--epochs", "2", "--output", output.path] + TrainCommandTests.quick)
        try #require(TrainCommandTests.removeSettings(["schedule"], fromCheckpointIn: output) == ["schedule": "cosine"])
        let cosine = try CommandRunner.run(["train", "--epochs", "2", "--resume", "--output", output.path] + TrainCommandTests.quick)
        #expect(cosine.status == 0 && cosine.output.contains("nothing left to train"), "\(cosine.all)")
        let step = try CommandRunner.run(["train", "--epochs", "2", "--resume", "--schedule", "step", "--output", output.path] + TrainCommandTests.quick)
        #expect(step.status == 1 && step.errors.contains("schedule is cosine in the checkpoint but step now"), "\(step.all)")
    }

    @Test func anUnknownScheduleIsAUsageError() throws {
        let result = try CommandRunner.run(["train", "--schedule", "linear"])
        #expect(result.status == 2)
        #expect(result.errors.contains("--schedule must be cosine, step or constant, not 'linear'"), "\(result.all)")
    }

    @Test func helpSaysFlipsAreForFashionMNISTOnly() throws {
        let result = try CommandRunner.run(["train", "--help"])
        let help = result.output.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
        #expect(help.contains("for Fashion-MNIST only, horizontal flips (garments look alike mirrored, digits do not)"), "\(result.output)")
        #expect(help.contains("--schedule"), "\(result.output)")
    }
}
