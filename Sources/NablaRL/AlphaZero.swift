import Foundation
import Nabla

/// AlphaZero-style learning by self-play (the notes' §5.4, Silver et al. 2017): the network f_ϑ plays
/// against itself, choosing each move from a Monte Carlo tree search it guides (`SearchTree`), with
/// Dirichlet noise at the root and the move drawn from π ∝ N^(1/τ) (τ = 1 for the first moves, then the
/// most visited move). Every position s of a game becomes an example (s, π, z) with the game's result z,
/// and the network is trained on examples from recent games with `AlphaZeroLoss`,
/// (z - v)² - πᵀ log p + c‖ϑ‖², by Adam.
///
/// Each iteration plays `gamesPerIteration` games side by side, so the searches' leaf evaluations go to
/// the network in batches of up to that many positions, then takes `trainingSteps` minibatch steps.
///
/// ```swift
/// let result = try AlphaZero(iterations: 20, seed: 1).learn(TicTacToe.self)
/// ```
public struct AlphaZero: Sendable {
    /// Rounds of self-play followed by training.
    public var iterations: Int
    /// Games played side by side in each iteration.
    public var gamesPerIteration: Int
    /// The search used for every self-play move (its noise settings included).
    public var search: BatchedSearch
    /// Moves (counted from the start, both players) drawn with τ = 1; later moves take the most visited.
    public var exploratoryMoves: Int
    /// The examples kept for training: those of the most recent games, at most this many.
    public var windowSize: Int
    /// Examples per minibatch.
    public var batchSize: Int
    /// Minibatch steps after each iteration's games.
    public var trainingSteps: Int
    /// Adam's step size η.
    public var learningRate: Double
    /// c of the L2 term c‖ϑ‖².
    public var regularization: Double
    /// The trunk's channels.
    public var channels: Int
    /// The trunk's residual blocks.
    public var blocks: Int
    /// The seed of the network's weights, the noise, the move draws and the minibatches.
    public var seed: UInt64

    /// AlphaZero with the given settings; the defaults suit tic-tac-toe.
    public init(iterations: Int = 20, gamesPerIteration: Int = 64,
                search: BatchedSearch = BatchedSearch(simulations: 50, explorationConstant: 1.5, noiseAlpha: 1, noiseFraction: 0.25),
                exploratoryMoves: Int = 4, windowSize: Int = 20_000, batchSize: Int = 128, trainingSteps: Int = 200,
                learningRate: Double = 2e-3, regularization: Double = 1e-4, channels: Int = 32, blocks: Int = 2, seed: UInt64 = 1) {
        self.iterations = iterations
        self.gamesPerIteration = gamesPerIteration
        self.search = search
        self.exploratoryMoves = exploratoryMoves
        self.windowSize = windowSize
        self.batchSize = batchSize
        self.trainingSteps = trainingSteps
        self.learningRate = learningRate
        self.regularization = regularization
        self.channels = channels
        self.blocks = blocks
        self.seed = seed
    }

    /// Trains a network for `G` from scratch and returns it. `report` hears of every iteration's self-play
    /// and training.
    /// - Throws: `AlphaZeroError` for a setting out of range; what `backward()` throws.
    public func learn<G: Game>(_: G.Type, report: (AlphaZeroEvent) -> Void = { _ in }) throws -> PolicyValueNetwork {
        try checkSettings()
        var generator = SplitMix64(seed: seed)
        let network = RandomGenerator.seeded(seed) { PolicyValueNetwork(for: G.self, channels: channels, blocks: blocks) }
        let optimizer = Adam(network.trainableParameters(), learningRate: learningRate)
        var window: [SelfPlayExample<G>] = []
        for iteration in 1...iterations {
            let started = Date()
            let (examples, finals) = selfPlay(G.self, evaluator: network, games: gamesPerIteration, using: &generator)
            let seconds = Date().timeIntervalSince(started)
            report(.selfPlay(iteration: iteration, games: finals.count, positions: examples.count,
                             firstPlayerWins: finals.filter { $0.winner == 0 }.count, draws: finals.filter { $0.winner == nil }.count,
                             simulationsPerSecond: Double(examples.count * search.simulations) / max(seconds, 1e-9)))
            window = Array((window + examples).suffix(windowSize))
            var sums = (0.0, 0.0, 0.0)
            for _ in 0..<trainingSteps {
                let batch = (0..<batchSize).map { _ in window[Int.random(in: 0..<window.count, using: &generator)] }
                let loss = try train(network, optimizer: optimizer, on: batch)
                sums = (sums.0 + loss.valueError.item, sums.1 + loss.policyCrossEntropy.item, sums.2 + loss.penalty.item)
            }
            let steps = Double(trainingSteps)
            report(.training(iteration: iteration, valueError: sums.0 / steps, policyCrossEntropy: sums.1 / steps, penalty: sums.2 / steps))
        }
        network.eval()
        return network
    }

    /// Plays `games` games of `G` side by side, every move searched with `evaluator` (the network), and
    /// returns every position's example and the final positions.
    public func selfPlay<G: Game, E: PositionEvaluator, R: RandomNumberGenerator>(
        _: G.Type, evaluator: E, games: Int, using generator: inout R
    ) -> (examples: [SelfPlayExample<G>], finals: [G]) {
        var positions = [G](repeating: G(), count: games)
        var histories = [[(position: G, policy: [Double])]](repeating: [], count: games)
        while true {
            let running = positions.indices.filter { !positions[$0].isOver }
            if running.isEmpty { break }
            let trees = search.run(from: running.map { positions[$0] }, evaluator: evaluator, using: &generator)
            for (game, tree) in zip(running, trees) {
                let exploring = histories[game].count < exploratoryMoves
                let policy = tree.policy(temperature: exploring ? 1 : 0)
                histories[game].append((positions[game], policy))
                positions[game] = positions[game].playing(MoveChoice.draw(from: policy, greedy: !exploring, using: &generator))
            }
        }
        let examples = zip(histories, positions).flatMap { history, final in
            history.map { step in
                SelfPlayExample(position: step.position, searchPolicy: step.policy,
                                outcome: final.winner.map { $0 == step.position.player ? 1.0 : -1.0 } ?? 0)
            }
        }
        return (examples, positions)
    }

    /// One Adam step on `batch` with `AlphaZeroLoss`; returns the loss.
    @discardableResult
    public func train<G: Game>(_ network: PolicyValueNetwork, optimizer: any Optimizer, on batch: [SelfPlayExample<G>]) throws -> AlphaZeroLoss {
        network.train()
        let positions = batch.map(\.position)
        let policies = Tensor(shape: [batch.count, G.actionCount], of: Float.self) { buffer in
            for (row, example) in batch.enumerated() {
                for (action, probability) in example.searchPolicy.enumerated() { buffer[row * G.actionCount + action] = Float(probability) }
            }
        }
        optimizer.zeroGrad()
        let (logits, values) = network(PolicyValueNetwork.input(positions))
        let loss = AlphaZeroLoss(logits: logits, values: values, legalMask: PolicyValueNetwork.legalMask(positions), searchPolicies: policies,
                                 outcomes: Tensor(batch.map(\.outcome)), parameters: optimizer.parameters, regularization: regularization)
        try loss.total.backward()
        optimizer.step()
        return loss
    }

    private func checkSettings() throws {
        let counts: [(String, Int)] = [("iterations", iterations), ("games per iteration", gamesPerIteration), ("window size", windowSize),
                                       ("batch size", batchSize), ("training steps", trainingSteps), ("channels", channels)]
        for (name, value) in counts where value <= 0 { throw AlphaZeroError("the \(name) must be positive, not \(value)") }
        guard blocks >= 0, exploratoryMoves >= 0 else { throw AlphaZeroError("the residual blocks and exploratory moves must not be negative") }
        guard learningRate > 0, learningRate.isFinite else { throw AlphaZeroError("the learning rate must be positive, not \(learningRate)") }
        guard regularization >= 0 else { throw AlphaZeroError("the L2 coefficient c must not be negative, not \(regularization)") }
        guard search.noiseAlpha > 0, (0...1).contains(search.noiseFraction), search.explorationConstant > 0 else {
            throw AlphaZeroError("the search needs α > 0, a noise share in [0, 1] and c_puct > 0")
        }
    }
}
