import Foundation
import Testing

/// `nabla rl dqn` and `nabla rl play` on a Q-network end to end: training writes a model that play
/// reads back, and bad flags and files get a clear message.
@Suite struct DeepQLearningCommandTests {
    @Test func trainsSavesAndPlaysCartPole() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CommandRunner.run(["rl", "dqn", "cartpole", "--steps", "1500", "--warmup", "500", "--eval-interval", "500",
                                            "--eval-episodes", "3", "--test-episodes", "4", "--seed", "3", "--output", directory.path])
        #expect(result.status == 0, "\(result.all)")
        #expect(result.output.hasPrefix("deep Q-learning on cartpole: Q-network 4-128-128-2, 1500 steps, seed 3\n"), "\(result.output)")
        #expect(result.output.contains("step 500: greedy evaluation average return "), "\(result.output)")
        #expect(result.output.contains("step 1500: greedy evaluation average return "), "\(result.output)")
        #expect(result.output.contains("episode 10: return "), "\(result.output)")
        #expect(result.output.contains("test: average return ") && result.output.contains(" over 4 episodes"), "\(result.output)")
        let model = directory.appendingPathComponent("model.safetensors")
        #expect(FileManager.default.fileExists(atPath: model.path))
        let testLine = try #require(result.output.split(separator: "\n").first { $0.hasPrefix("test: ") })

        // play replays the same test episodes (the default seeds) with the saved network.
        let played = try CommandRunner.run(["rl", "play", "cartpole", model.path, "--episodes", "4"])
        #expect(played.status == 0, "\(played.all)")
        #expect(played.output.contains("cartpole: 4 episodes with seeds 1000000…1000003"), "\(played.output)")
        let averageLine = try #require(played.output.split(separator: "\n").first { $0.hasPrefix("average return ") })
        #expect(testLine.dropFirst("test: ".count).hasPrefix(averageLine.prefix { $0 != "(" }), "\(testLine) / \(averageLine)")

        let wrongEnvironment = try CommandRunner.run(["rl", "play", "gridworld", model.path])
        #expect(wrongEnvironment.status == 1)
        #expect(wrongEnvironment.errors.contains("holds a Q-network for cartpole, not gridworld"), "\(wrongEnvironment.all)")
    }

    @Test func playRefusesFilesThatAreNotQNetworks() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = try CommandRunner.run(["rl", "play", "cartpole", directory.appendingPathComponent("none.safetensors").path])
        #expect(missing.status == 1 && missing.errors.contains("none.safetensors: no such file"), "\(missing.all)")
        let text = directory.appendingPathComponent("notes.txt")
        try Data("not a model".utf8).write(to: text)
        let garbage = try CommandRunner.run(["rl", "play", "cartpole", text.path])
        #expect(garbage.status == 1 && garbage.errors.contains("notes.txt"), "\(garbage.all)")
        #expect(!garbage.all.contains("Fatal error"))
        let folder = try CommandRunner.run(["rl", "play", "cartpole", directory.path])
        #expect(folder.status == 1 && folder.errors.contains("is a directory, not a regular file"), "\(folder.all)")
    }

    @Test(arguments: [
        (["rl", "dqn", "cartpole", "--steps", "0"], "--steps must be a positive whole number, got 0"),
        (["rl", "dqn", "cartpole", "--warmup", "-1"], "--warmup must be a whole number of 0 or more, got -1"),
        (["rl", "dqn", "cartpole", "--lr", "-0.1"], "--lr must be a positive number, got -0.1"),
        (["rl", "dqn", "cartpole", "--hidden", "64,0"], "--hidden must be positive widths separated by commas (e.g. 128,128), got '64,0'"),
        (["rl", "dqn", "cartpole", "--target-update", "every:5"], "--target-update must be polyak:<rate in (0, 1]> or copy:<positive steps>, got 'every:5'"),
        (["rl", "dqn", "cartpole", "--gamma", "1.5"], "--gamma must be in (0, 1], got 1.5"),
        (["rl", "dqn", "cartpole", "--epsilon-final", "2"], "--epsilon-final must be in [0, 1], got 2.0"),
        (["rl", "dqn", "pong"], "The value 'pong' is invalid for '<environment>'"),
        (["rl", "play", "cartpole", "model.safetensors", "--episodes", "0"], "--episodes must be a positive whole number, got 0"),
    ])
    func flagsOutOfRangeGiveAClearMessage(arguments: [String], message: String) throws {
        let result = try CommandRunner.run(arguments)
        #expect(result.status == 2, "a usage error: \(result.all)")
        #expect(result.errors.contains(message), "\(result.all)")
    }
}
