import ArgumentParser
import Foundation
import Nabla
import NablaRL

/// `nabla rl play ENVIRONMENT MODEL`: lets a trained network play.
struct PlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play",
        abstract: "Evaluate a trained Q-network on its environment.",
        discussion: """
        cartpole, gridworld: plays --episodes episodes greedily with a Q-network written by nabla rl dqn and \
        prints the average return. Episode i uses the seed --seed + i, so the same flags give the same episodes.
        """
    )

    enum Name: String, ExpressibleByArgument, CaseIterable { case cartpole, gridworld }

    @Argument(help: "cartpole or gridworld.") var name: Name
    @Argument(help: "A model.safetensors written by nabla rl dqn.") var model: String
    @Option(help: "Episodes to play.") var episodes = 100
    @Option(help: "The first episode's seed.") var seed: UInt64 = PlayCommand.defaultTestSeed

    /// The first seed of the test episodes, far from the small seeds of training runs.
    static let defaultTestSeed: UInt64 = 1_000_000

    /// The seeds of `count` test episodes from `first` on.
    static func testSeeds(_ count: Int, from first: UInt64 = defaultTestSeed) -> [UInt64] {
        (0..<UInt64(count)).map { first &+ $0 }
    }

    func validate() throws {
        guard episodes > 0 else { throw ValidationError("--episodes must be positive, not \(episodes)") }
    }

    func run() throws {
        let file = try QNetworkFile(path: model, expectedEnvironment: name.rawValue)
        let seeds = Self.testSeeds(episodes, from: seed)
        let started = Date()
        let returns: [Double]
        switch name {
        case .cartpole:
            returns = GreedyEvaluation.returns(of: file.network, seeds: seeds) { CartPole(seed: $0) }
        case .gridworld:
            let world = try GridWorld.fourByThree()
            returns = GreedyEvaluation.returns(of: file.network, seeds: seeds) { GridWorldEnvironment(world: world, seed: $0) }
        }
        let average = returns.reduce(0, +) / Double(returns.count)
        print("\(name.rawValue): \(episodes) episode\(episodes == 1 ? "" : "s") with seeds \(seed)…\(seed &+ UInt64(episodes - 1)), "
              + String(format: "%.2f s", Date().timeIntervalSince(started)))
        print("average return \(EpisodeProgress.format(average)) (min \(EpisodeProgress.format(returns.min()!)), max \(EpisodeProgress.format(returns.max()!)))")
    }
}
