import Foundation
import Testing

/// `nabla rl alphazero` and `nabla rl play` with a game: training writes a network that play loads; a
/// person's moves come from standard input, and illegal ones are refused with a message.
@Suite(.serialized) struct AlphaZeroCommandTests {
    /// A tic-tac-toe network from a very short run, made once, or why it could not be.
    static let trainedModel: Swift.Result<URL, any Error> = Swift.Result {
        let output = try CommandRunner.temporaryDirectory()
        let result = try CommandRunner.run(["rl", "alphazero", "tictactoe", "--iterations", "1", "--games", "4", "--simulations", "8",
                                            "--steps", "3", "--channels", "8", "--blocks", "1", "--test-games", "2",
                                            "--test-simulations", "4", "--output", output.path])
        guard result.status == 0 else { throw CommandRunner.Failure(description: "nabla rl alphazero failed: \(result.all)") }
        return output.appendingPathComponent("model.safetensors")
    }

    @Test func trainingReportsEachIterationAndTheTest() throws {
        let model = try Self.trainedModel.get()
        #expect(FileManager.default.fileExists(atPath: model.path))
        let played = try CommandRunner.run(["rl", "play", "tictactoe", model.path, "--opponent", "minimax", "--games", "2", "--simulations", "4"])
        #expect(played.status == 0, "\(played.all)")
        #expect(played.output.contains("tictactoe against minimax (4 simulations per move): 0 won, "), "\(played.output)")
        #expect(played.output.contains("(of 2)"), "\(played.output)")
    }

    @Test func aPersonPlaysThroughStandardInput() throws {
        let model = try Self.trainedModel.get()
        // 5 twice (the second time the square is taken), a word, a number off the board, then every
        // square in order: the game ends before the list does.
        let moves = ["5", "5", "five", "10", "1", "2", "3", "4", "6", "7", "8", "9"].joined(separator: "\n") + "\n"
        let result = try CommandRunner.run(["rl", "play", "tictactoe", model.path, "--simulations", "4"], input: moves)
        #expect(result.status == 0, "\(result.all)")
        #expect(result.output.contains("You play X (first); Nabla plays O."), "\(result.output)")
        #expect(result.output.contains(" 1 | 2 | 3\n---+---+---\n 4 | 5 | 6\n---+---+---\n 7 | 8 | 9"), "the empty board: \(result.output)")
        #expect(result.output.contains("5 cannot be played now: type one of "), "\(result.output)")
        #expect(result.output.contains("'five' is not a move: type one of "), "\(result.output)")
        #expect(result.output.contains("'10' is not a move"), "\(result.output)")
        #expect(result.output.contains("Nabla plays "), "\(result.output)")
        #expect(["You won.", "Nabla won.", "Draw."].contains { result.output.contains($0) }, "\(result.output)")
    }

    @Test func inputThatEndsTooSoonIsReported() throws {
        let model = try Self.trainedModel.get()
        let result = try CommandRunner.run(["rl", "play", "tictactoe", model.path, "--simulations", "4", "--second"], input: "")
        #expect(result.status == 1)
        #expect(result.output.contains("You play O (second); Nabla plays X."), "\(result.output)")
        #expect(result.errors.contains("the input ended before the game did"), "\(result.all)")
        let wrongGame = try CommandRunner.run(["rl", "play", "connect4", model.path], input: "")
        #expect(wrongGame.status == 1 && wrongGame.errors.contains("holds a network for tictactoe, not connect4"), "\(wrongGame.all)")
    }

    @Test(arguments: [
        (["rl", "alphazero", "tictactoe", "--games", "0"], "--games must be a positive whole number, got 0"),
        (["rl", "alphazero", "tictactoe", "--blocks", "-1"], "--blocks must be a whole number of 0 or more, got -1"),
        (["rl", "alphazero", "tictactoe", "--test-games", "0"], "--test-games must be a positive whole number, got 0"),
        (["rl", "alphazero", "chess"], "The value 'chess' is invalid for '<game>'"),
        (["rl", "play", "connect4", "model.safetensors", "--opponent", "minimax"], "--opponent minimax is only for tictactoe"),
        (["rl", "play", "tictactoe", "model.safetensors", "--simulations", "0"], "--simulations must be a positive whole number, got 0"),
    ])
    func flagsOutOfRangeGiveAClearMessage(arguments: [String], message: String) throws {
        let result = try CommandRunner.run(arguments)
        #expect(result.status == 2, "a usage error: \(result.all)")
        #expect(result.errors.contains(message), "\(result.all)")
    }
}
