import ArgumentParser
import Foundation
import Nabla
import NablaRL

/// `nabla rl play ENVIRONMENT MODEL`: lets a trained network play.
struct PlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play",
        abstract: "Evaluate a Q-network on its environment, or play a game against a network trained by AlphaZero.",
        discussion: """
        cartpole, gridworld: plays --episodes episodes greedily with a Q-network written by nabla rl dqn and \
        prints the average return. Episode i uses the seed --seed + i, so the same flags give the same episodes.
        tictactoe, connect4: you play against a network written by nabla rl alphazero, which searches \
        --simulations MCTS simulations per move; the board is drawn and you type your moves (squares 1-9, \
        columns 1-7). With --opponent minimax (tictactoe), random or lookahead (connect4), the network plays \
        --games games against that player instead, half of them moving first, and the record is printed.
        """
    )

    enum Name: String, ExpressibleByArgument, CaseIterable { case cartpole, gridworld, tictactoe, connect4 }
    enum Opponent: String, ExpressibleByArgument, CaseIterable { case human, minimax, random, lookahead }

    @Argument(help: "cartpole, gridworld, tictactoe or connect4.") var name: Name
    @Argument(help: "A model.safetensors written by nabla rl dqn (cartpole, gridworld) or nabla rl alphazero (tictactoe, connect4).")
    var model: String
    @Option(parsing: .unconditional, help: "Episodes to play (cartpole, gridworld).") var episodes = 100
    @Option(help: "The first episode's seed (cartpole, gridworld); the seed of the search and the opponent (games).")
    var seed: UInt64 = PlayCommand.defaultTestSeed
    @Option(parsing: .unconditional, help: "The network's MCTS simulations per move (games).") var simulations = 200
    @Option(help: "human (you, at the terminal), minimax (tictactoe), random or lookahead (connect4).") var opponent: Opponent = .human
    @Flag(help: "Let the network move first when you play.") var second = false
    @Option(parsing: .unconditional, help: "Games against a --opponent other than human.") var games = 100

    /// The first seed of the test episodes, far from the small seeds of training runs.
    static let defaultTestSeed: UInt64 = 1_000_000

    /// The seeds of `count` test episodes from `first` on.
    static func testSeeds(_ count: Int, from first: UInt64 = defaultTestSeed) -> [UInt64] {
        (0..<UInt64(count)).map { first &+ $0 }
    }

    func validate() throws {
        try OptionCheck.positive(episodes, "--episodes")
        try OptionCheck.positive(simulations, "--simulations")
        try OptionCheck.positive(games, "--games")
        if opponent == .minimax, name != .tictactoe { throw ValidationError("--opponent minimax is only for tictactoe") }
    }

    func run() throws {
        switch name {
        case .cartpole, .gridworld: try evaluateQNetwork()
        case .tictactoe: try playGame(TicTacToe.self)
        case .connect4: try playGame(ConnectFour.self)
        }
    }

    private func playGame<G: Game>(_: G.Type) throws {
        let network = try PolicyValueNetworkFile.load(G.self, path: model)
        let search = BatchedSearch(simulations: simulations)
        guard opponent != .human else {
            _ = try InteractiveGame<G>(network: network, search: search, personPlays: second ? 1 : 0, seed: seed).play()
            return
        }
        let started = Date()
        let result: MatchResult
        switch opponent {
        case .minimax:
            var player = MinimaxPlayer<G>(seed: seed)
            result = Match.play(G.self, network: network, search: search, against: &player, games: games, seed: seed)
        case .lookahead:
            var player = LookaheadPlayer<G>(seed: seed)
            result = Match.play(G.self, network: network, search: search, against: &player, games: games, seed: seed)
        default:
            var player = RandomPlayer<G>(seed: seed)
            result = Match.play(G.self, network: network, search: search, against: &player, games: games, seed: seed)
        }
        print(String(format: "%@ against %@ (%d simulations per move): %@, %d of the losses moving first; %.1f s", G.name, opponent.rawValue,
                     simulations, result.description, result.lossesMovingFirst, Date().timeIntervalSince(started)))
    }

    private func evaluateQNetwork() throws {
        let file = try QNetworkFile(path: model, expectedEnvironment: name.rawValue)
        let seeds = Self.testSeeds(episodes, from: seed)
        let started = Date()
        let returns: [Double]
        switch name {
        case .cartpole:
            returns = GreedyEvaluation.returns(of: file.network, seeds: seeds) { CartPole(seed: $0) }
        default:
            let world = try GridWorld.fourByThree()
            returns = GreedyEvaluation.returns(of: file.network, seeds: seeds) { GridWorldEnvironment(world: world, seed: $0) }
        }
        let average = returns.reduce(0, +) / Double(returns.count)
        print("\(name.rawValue): \(episodes) episode\(episodes == 1 ? "" : "s") with seeds \(seed)…\(seed &+ UInt64(episodes - 1)), "
              + String(format: "%.2f s", Date().timeIntervalSince(started)))
        print("average return \(EpisodeProgress.format(average)) (min \(EpisodeProgress.format(returns.min()!)), max \(EpisodeProgress.format(returns.max()!)))")
    }
}
