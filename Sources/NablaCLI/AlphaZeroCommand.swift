import ArgumentParser
import Foundation
import Nabla
import NablaRL

/// `nabla rl alphazero tictactoe | connect4`: AlphaZero-style self-play (the notes' §5.4).
struct AlphaZeroCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alphazero",
        abstract: "Train a policy/value network by self-play with Monte Carlo tree search, then test it.",
        discussion: """
        Each iteration plays --games games side by side (the searches' leaves evaluated in batches), then \
        takes --steps minibatch steps on (s, π, z) from recent games with the loss (z - v)² - πᵀ log p + c‖ϑ‖². \
        Writes <output>/model.safetensors and tests the network (searching --test-simulations simulations \
        per move, no noise): tictactoe against a perfect minimax player, connect4 against a random player \
        and a one-ply lookahead player, --test-games games each, half of them moving first.
        """
    )

    enum GameName: String, ExpressibleByArgument, CaseIterable { case tictactoe, connect4 }

    @Argument(help: "tictactoe or connect4.") var game: GameName
    @Option(parsing: .unconditional, help: "Iterations of self-play and training (default: 30 for tictactoe, 40 for connect4).") var iterations: Int?
    @Option(parsing: .unconditional, help: "Self-play games per iteration, played side by side.") var games = 64
    @Option(parsing: .unconditional, help: "MCTS simulations per self-play move (default: 50).") var simulations: Int?
    @Option(parsing: .unconditional, help: "Minibatch steps per iteration.") var steps = 200
    @Option(name: [.customLong("lr"), .customLong("learning-rate")], parsing: .unconditional, help: "Adam's learning rate.") var learningRate = 2e-3
    @Option(parsing: .unconditional, help: "The trunk's channels (default: 32).") var channels: Int?
    @Option(parsing: .unconditional, help: "The trunk's residual blocks (default: 2).") var blocks: Int?
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(name: .customLong("output"), help: "Output directory (default: runs/alphazero-<game>).") var outputDirectory: String?
    @Option(name: .customLong("test-games"), parsing: .unconditional, help: "Games against each test opponent.") var testGames = 100
    @Option(name: .customLong("test-simulations"), parsing: .unconditional, help: "MCTS simulations per move in the tests.") var testSimulations = 200

    func validate() throws {
        let counts: [(String, Int?)] = [("--iterations", iterations), ("--games", games), ("--simulations", simulations), ("--steps", steps),
                                        ("--channels", channels), ("--test-games", testGames), ("--test-simulations", testSimulations)]
        for case let (flag, value?) in counts { try OptionCheck.positive(value, flag) }
        if let blocks { try OptionCheck.nonNegative(blocks, "--blocks") }
        try OptionCheck.positive(learningRate, "--lr")
    }

    func run() throws {
        let output = URL(fileURLWithPath: outputDirectory ?? "runs/alphazero-\(game.rawValue)")
        // Before any training: an output that cannot be written is reported now, not at the end.
        try PathCheck.prepareOutputDirectory(output, fileNames: ["model.safetensors"])
        switch game {
        case .tictactoe:
            let network = try train(TicTacToe.self, iterations: 30, simulations: 50, channels: 32, blocks: 2, noiseAlpha: 1, exploratoryMoves: 4, output: output)
            var minimax = MinimaxPlayer<TicTacToe>(seed: seed)
            test(TicTacToe.self, network, against: &minimax, named: "a perfect minimax player")
        case .connect4:
            let network = try train(ConnectFour.self, iterations: 40, simulations: 50, channels: 32, blocks: 2, noiseAlpha: 1, exploratoryMoves: 10, output: output)
            var random = RandomPlayer<ConnectFour>(seed: seed)
            test(ConnectFour.self, network, against: &random, named: "a random player")
            var lookahead = LookaheadPlayer<ConnectFour>(seed: seed)
            test(ConnectFour.self, network, against: &lookahead, named: "a one-ply lookahead player")
        }
    }

    private func train<G: Game>(_: G.Type, iterations defaultIterations: Int, simulations defaultSimulations: Int, channels defaultChannels: Int,
                                blocks defaultBlocks: Int, noiseAlpha: Double, exploratoryMoves: Int, output: URL) throws -> PolicyValueNetwork {
        let learner = AlphaZero(
            iterations: iterations ?? defaultIterations, gamesPerIteration: games,
            search: BatchedSearch(simulations: simulations ?? defaultSimulations, noiseAlpha: noiseAlpha, noiseFraction: 0.25), exploratoryMoves: exploratoryMoves,
            trainingSteps: steps, learningRate: learningRate, channels: channels ?? defaultChannels, blocks: blocks ?? defaultBlocks, seed: seed)
        print("AlphaZero on \(G.name): \(learner.iterations) iterations of \(learner.gamesPerIteration) self-play games "
              + "(\(learner.search.simulations) simulations per move) and \(learner.trainingSteps) training steps; "
              + "network of \(learner.channels) channels, \(learner.blocks) residual blocks; seed \(seed)")
        let started = Date()
        let network: PolicyValueNetwork
        do {
            network = try learner.learn(G.self) { event in
                switch event {
                case let .selfPlay(iteration, games, positions, firstWins, draws, speed):
                    print("iteration \(iteration)/\(learner.iterations): \(games) games, \(positions) positions, first player won \(firstWins), "
                          + "\(draws) drawn; \(Int(speed)) simulations/s", terminator: "")
                case let .training(_, valueError, crossEntropy, penalty):
                    print(String(format: "; loss (z - v)² %.3f, -πᵀ log p %.3f, c‖ϑ‖² %.4f (%.0f s)", valueError, crossEntropy, penalty,
                                 Date().timeIntervalSince(started)))
                }
                fflush(nil)   // all output streams: each iteration's line must appear now
            }
        } catch let error as AlphaZeroError {
            throw CommandFailure(error.description)
        }
        print(String(format: "trained in %.1f s", Date().timeIntervalSince(started)))
        let modelURL = output.appendingPathComponent("model.safetensors")
        try PolicyValueNetworkFile.save(network, game: G.name, to: modelURL, extra: ["seed": String(seed), "iterations": String(learner.iterations)])
        print("wrote \(modelURL.path)")
        return network
    }

    private func test<G: Game, P: GamePlayer>(_: G.Type, _ network: PolicyValueNetwork, against opponent: inout P, named name: String) where P.G == G {
        let started = Date()
        let result = Match.play(G.self, network: network, search: BatchedSearch(simulations: testSimulations), against: &opponent,
                                games: testGames, seed: seed)
        print(String(format: "against %@ (%d simulations per move): %@, %d of the losses moving first; %.1f s", name, testSimulations,
                     result.description, result.lossesMovingFirst, Date().timeIntervalSince(started)))
    }
}
