import Foundation
import Testing
import Nabla

/// `nabla train --weight-decay`, `--nesterov`, `--label-smoothing`, `--rotation` and `--erase`: accepted
/// together, kept in the checkpoint for `--resume` (older checkpoints count as made with the defaults),
/// and refused with a usage error when out of range or without what they modify.
@Suite(.serialized) struct TrainRegularisationCommandTests {
    static let recipe = ["--optimizer", "sgd", "--lr", "0.05", "--nesterov", "--weight-decay", "5e-4", "--label-smoothing", "0.1",
                         "--augment", "--rotation", "0", "--erase", "0.5"]

    @Test func theResidualNetworksRecipeTrainsAndIsKeptInTheCheckpoint() throws {
        let output = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let result = try CommandRunner.run(["train", "--epochs", "2", "--output", output.path] + Self.recipe + TrainCommandTests.quick)
        #expect(result.status == 0 && result.output.contains("test accuracy"), "\(result.all)")
        let (_, metadata) = try SafeTensors.read(from: output.appendingPathComponent("checkpoint.safetensors"))
        #expect(metadata["weight_decay"] == "0.0005" && metadata["nesterov"] == "true" && metadata["label_smoothing"] == "0.1"
                && metadata["rotation"] == "0.0" && metadata["erase"] == "0.5", "\(metadata)")
        // Resuming needs the same settings.
        let resumed = try CommandRunner.run(["train", "--epochs", "2", "--resume", "--output", output.path] + Self.recipe + TrainCommandTests.quick)
        #expect(resumed.status == 0 && resumed.output.contains("nothing left to train"), "\(resumed.all)")
        var other = Self.recipe
        other[other.firstIndex(of: "0.1")!] = "0.2"
        let refused = try CommandRunner.run(["train", "--epochs", "2", "--resume", "--output", output.path] + other + TrainCommandTests.quick)
        #expect(refused.status == 1 && refused.errors.contains("label_smoothing is 0.1 in the checkpoint but 0.2 now"), "\(refused.all)")
    }

    @Test func aCheckpointFromBeforeTheseOptionsResumesWithTheirDefaults() throws {
        let output = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        _ = try CommandRunner.run(["train", "--epochs", "1", "--output", output.path] + TrainCommandTests.quick)
        let removed = try TrainCommandTests.removeSettings(["weight_decay", "nesterov", "label_smoothing", "rotation", "erase"], fromCheckpointIn: output)
        try #require(removed.values.allSatisfy { $0 != nil }, "\(removed)")
        let resumed = try CommandRunner.run(["train", "--epochs", "1", "--resume", "--output", output.path] + TrainCommandTests.quick)
        #expect(resumed.status == 0 && resumed.output.contains("nothing left to train"), "\(resumed.all)")
        let refused = try CommandRunner.run(["train", "--epochs", "1", "--resume", "--weight-decay", "0.01", "--output", output.path]
                                            + TrainCommandTests.quick)
        #expect(refused.status == 1 && refused.errors.contains("weight_decay is default in the checkpoint but 0.01 now"), "\(refused.all)")
    }

    @Test(arguments: [
        (["--label-smoothing", "1.5"], "--label-smoothing must be a number from 0.0 to 1.0, got 1.5"),
        (["--weight-decay", "-0.1"], "--weight-decay must be a number from 0.0 to 1.0, got -0.1"),
        (["--augment", "--erase", "2"], "--erase must be a number from 0.0 to 1.0, got 2.0"),
        (["--augment", "--rotation", "200"], "--rotation must be a number from 0.0 to 180.0, got 200.0"),
        (["--erase", "0.5"], "--rotation and --erase shape --augment; add --augment"),
        (["--nesterov"], "--nesterov is for --optimizer sgd, not adam"),
    ])
    func outOfRangeOrOrphanedOptionsAreUsageErrors(arguments: [String], message: String) throws {
        let result = try CommandRunner.run(["train"] + arguments)
        #expect(result.status == 2 && result.errors.contains(message), "\(result.all)")
    }
}
