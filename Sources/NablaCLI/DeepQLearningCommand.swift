import ArgumentParser
import Foundation
import Nabla
import NablaRL

/// `nabla rl dqn cartpole | gridworld`: deep Q-learning (the notes' §5.3) on an environment written in Swift.
struct DeepQLearningCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dqn",
        abstract: "Train a Q-network by deep Q-learning with experience replay and a target network.",
        discussion: """
        cartpole:  CartPole-v1 rules (push left or right, reward 1 per step, ends when the pole leans over 12° \
        or the cart leaves ±2.4, cut off after 500 steps).
        gridworld: the 4×3 grid world of AIMA fig. 17.1 (one-hot squares, reward -0.04 per step, exits ±1).
        Every --eval-interval steps the greedy policy plays --eval-episodes episodes (seeds of their own) and \
        the best network is kept; it is written to <output>/model.safetensors and then tested on \
        --test-episodes episodes with the seeds nabla rl play uses by default.
        """
    )

    enum EnvironmentName: String, ExpressibleByArgument, CaseIterable { case cartpole, gridworld }

    @Argument(help: "cartpole or gridworld.") var environment: EnvironmentName
    @Option(parsing: .unconditional, help: "Environment steps (default: 100000 for cartpole, 20000 for gridworld).") var steps: Int?
    @Option(help: "Random seed: weights, actions, replay draws, environments.") var seed: UInt64 = 1
    @Option(name: .customLong("output"), help: "Output directory (default: runs/dqn-<environment>).") var outputDirectory: String?
    @Option(name: [.customLong("lr"), .customLong("learning-rate")], parsing: .unconditional, help: "Adam's learning rate.") var learningRate = 1e-3
    @Option(help: "Hidden layer widths, comma-separated.") var hidden = "128,128"
    @Option(name: .customLong("batch-size"), parsing: .unconditional, help: "Transitions per minibatch.") var batchSize = 64
    @Option(parsing: .unconditional, help: "Discount γ, in (0, 1].") var gamma = 0.99
    @Option(name: .customLong("replay"), parsing: .unconditional, help: "Replay memory capacity (transitions).") var replayCapacity = 10_000
    @Option(name: .customLong("warmup"), parsing: .unconditional, help: "Random steps before training starts.") var warmupSteps = 1_000
    @Option(name: .customLong("epsilon-steps"), parsing: .unconditional, help: "Steps over which ε falls from 1 to --epsilon-final.") var epsilonSteps = 5_000
    @Option(name: .customLong("epsilon-final"), parsing: .unconditional, help: "ε after the annealing.") var epsilonFinal = 0.05
    @Option(name: .customLong("target-update"), help: "polyak:<rate> (every training step) or copy:<C> (every C training steps).")
    var targetUpdate = "polyak:0.005"
    @Option(name: .customLong("eval-interval"), parsing: .unconditional, help: "Evaluate the greedy policy every this many steps.") var evaluationInterval = 2_500
    @Option(name: .customLong("eval-episodes"), parsing: .unconditional, help: "Episodes per evaluation (default: 20 for cartpole, 100 for gridworld).") var evaluationEpisodes: Int?
    @Option(name: .customLong("stop-at"), parsing: .unconditional, help: "Stop once an evaluation reaches this average return (default: 500 for cartpole, none for gridworld).")
    var stopAt: Double?
    @Option(name: .customLong("test-episodes"), parsing: .unconditional, help: "Episodes of the final test of the kept network.") var testEpisodes = 100

    func validate() throws {
        if let steps { try OptionCheck.positive(steps, "--steps") }
        try OptionCheck.positive(learningRate, "--lr")
        try OptionCheck.positive(batchSize, "--batch-size")
        guard gamma > 0, gamma <= 1 else { throw ValidationError("--gamma must be in (0, 1], got \(gamma)") }
        try OptionCheck.positive(replayCapacity, "--replay")
        try OptionCheck.nonNegative(warmupSteps, "--warmup")
        try OptionCheck.positive(epsilonSteps, "--epsilon-steps")
        guard (0...1).contains(epsilonFinal) else { throw ValidationError("--epsilon-final must be in [0, 1], got \(epsilonFinal)") }
        try OptionCheck.positive(evaluationInterval, "--eval-interval")
        if let evaluationEpisodes { try OptionCheck.positive(evaluationEpisodes, "--eval-episodes") }
        try OptionCheck.positive(testEpisodes, "--test-episodes")
        if let stopAt, !stopAt.isFinite { throw ValidationError("--stop-at must be a finite number, got \(stopAt)") }
        _ = try hiddenSizes()
        _ = try targetRule()
    }

    func run() throws {
        let output = URL(fileURLWithPath: outputDirectory ?? "runs/dqn-\(environment.rawValue)")
        // Before any training: an output that cannot be written is reported now, not at the end.
        try PathCheck.prepareOutputDirectory(output, fileNames: ["model.safetensors"])
        switch environment {
        case .cartpole:
            try train(output: output, defaultSteps: 100_000, defaultEvaluationEpisodes: 20, defaultStop: CartPole.maximumReturn) {
                CartPole(seed: $0)
            }
        case .gridworld:
            let world = try GridWorld.fourByThree()
            try train(output: output, defaultSteps: 20_000, defaultEvaluationEpisodes: 100, defaultStop: nil) {
                GridWorldEnvironment(world: world, seed: $0)
            }
        }
    }

    private func train<E: Environment>(output: URL, defaultSteps: Int, defaultEvaluationEpisodes: Int, defaultStop: Double?,
                                       makeEnvironment: (UInt64) -> E) throws {
        let learner = DeepQLearning(
            steps: steps ?? defaultSteps, hiddenSizes: try hiddenSizes(), replayCapacity: replayCapacity, batchSize: batchSize,
            discount: gamma, learningRate: learningRate, warmupSteps: warmupSteps,
            exploration: EpsilonAnnealing(initial: 1, final: epsilonFinal, steps: epsilonSteps), targetUpdate: try targetRule(), evaluationInterval: evaluationInterval,
            evaluationEpisodes: evaluationEpisodes ?? defaultEvaluationEpisodes, targetReturn: stopAt ?? defaultStop, seed: seed)
        let probe = makeEnvironment(0)
        print("deep Q-learning on \(environment.rawValue): Q-network \(([probe.observationSize] + learner.hiddenSizes + [probe.actionCount]).map(String.init).joined(separator: "-")), "
              + "\(learner.steps) steps, seed \(seed)")
        let progress = EpisodeProgress(totalSteps: learner.steps)
        let started = Date()
        let result: DeepQLearningResult
        do {
            result = try learner.learn(report: progress.show, makeEnvironment: makeEnvironment)
        } catch let error as DeepQLearningError {
            throw CommandFailure(error.description)
        }
        progress.closeLine()
        let seconds = Date().timeIntervalSince(started)
        print(String(format: "trained %d steps (%d episodes) in %.1f s; kept the network of step %d (evaluation average %@)",
                     result.steps, result.episodeReturns.count, seconds, result.bestStep, EpisodeProgress.format(result.bestAverageReturn)))

        let modelURL = output.appendingPathComponent("model.safetensors")
        try QNetworkFile.save(result.network, environment: environment.rawValue, observationSize: probe.observationSize,
                              actionCount: probe.actionCount, hiddenSizes: learner.hiddenSizes,
                              extra: ["seed": String(seed), "steps": String(result.steps), "best_step": String(result.bestStep),
                                      "evaluation_average_return": String(result.bestAverageReturn)],
                              to: modelURL)
        let returns = GreedyEvaluation.returns(of: result.network, seeds: PlayCommand.testSeeds(testEpisodes), makeEnvironment: makeEnvironment)
        print("test: average return \(EpisodeProgress.format(returns.reduce(0, +) / Double(returns.count))) over \(testEpisodes) episodes "
              + "(min \(EpisodeProgress.format(returns.min()!)), max \(EpisodeProgress.format(returns.max()!)))")
        print("wrote \(modelURL.path)")
    }

    private func hiddenSizes() throws -> [Int] {
        let widths = hidden.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !widths.isEmpty, widths.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw ValidationError("--hidden must be positive widths separated by commas (e.g. 128,128), got '\(hidden)'")
        }
        return widths.map { $0! }
    }

    private func targetRule() throws -> TargetNetworkUpdate {
        let parts = targetUpdate.split(separator: ":", maxSplits: 1).map(String.init)
        if parts.count == 2, parts[0] == "polyak", let rate = Double(parts[1]), rate > 0, rate <= 1 { return .polyak(rate: rate) }
        if parts.count == 2, parts[0] == "copy", let every = Int(parts[1]), every > 0 { return .copy(every: every) }
        throw ValidationError("--target-update must be polyak:<rate in (0, 1]> or copy:<positive steps>, got '\(targetUpdate)'")
    }
}
