import Nabla
import Testing
import NablaRL

/// Self-play examples, a training step, matches, and a short run that learns something.
@Suite struct AlphaZeroTests {
    @Test func selfPlayExamplesCarryTheResultForThePlayerToMove() {
        var generator = SplitMix64(seed: 3)
        let learner = AlphaZero(search: BatchedSearch(simulations: 20, noiseAlpha: 1, noiseFraction: 0.25))
        let (examples, finals) = learner.selfPlay(TicTacToe.self, evaluator: UniformEvaluator(), games: 12, using: &generator)
        #expect(finals.count == 12 && finals.allSatisfy(\.isOver))
        // Every game's moves are its positions: one example per move.
        #expect(examples.count == finals.reduce(0) { total, final in total + final.squares.compactMap { $0 }.count })
        var index = 0
        for final in finals {
            let moves = final.squares.compactMap { $0 }.count
            for example in examples[index..<index + moves] {
                let expected: Double = final.winner.map { $0 == example.position.player ? 1 : -1 } ?? 0
                #expect(example.outcome == expected)
                #expect(abs(example.searchPolicy.reduce(0, +) - 1) < 1e-12)
                #expect(example.searchPolicy.indices.allSatisfy { example.position.isLegal($0) || example.searchPolicy[$0] == 0 })
            }
            index += moves
        }
    }

    @Test func trainingStepsLowerTheLossOnABatch() throws {
        var generator = SplitMix64(seed: 5)
        let learner = AlphaZero(search: BatchedSearch(simulations: 10), learningRate: 1e-2, channels: 8, blocks: 1)
        let (examples, _) = learner.selfPlay(TicTacToe.self, evaluator: UniformEvaluator(), games: 8, using: &generator)
        let network = RandomGenerator.seeded(2) { PolicyValueNetwork(for: TicTacToe.self, channels: 8, blocks: 1) }
        let optimizer = Adam(network.trainableParameters(), learningRate: learner.learningRate)
        let first = try learner.train(network, optimizer: optimizer, on: examples)
        var last = first
        for _ in 0..<60 { last = try learner.train(network, optimizer: optimizer, on: examples) }
        let (firstTerms, lastTerms) = (first.valueError.item + first.policyCrossEntropy.item, last.valueError.item + last.policyCrossEntropy.item)
        #expect(lastTerms < firstTerms * 0.7, "\(firstTerms) → \(lastTerms)")
    }

    @Test func searchBeatsARandomPlayerAndNeverBeatsMinimax() {
        // Pure MCTS (uniform priors, value 0, no rollouts) sees only the games it finishes in the tree, yet
        // with 300 simulations it wins most games against random moves (it lost 1 of 20 with this seed).
        var random = RandomPlayer<TicTacToe>(seed: 1)
        let againstRandom = Match.play(TicTacToe.self, network: UniformEvaluator(), search: BatchedSearch(simulations: 300),
                                       against: &random, games: 20, seed: 1)
        #expect(againstRandom.games == 20 && againstRandom.wins >= 5 * againstRandom.losses, "\(againstRandom)")
        #expect(againstRandom.lossesMovingFirst <= againstRandom.losses)
        var minimax = MinimaxPlayer<TicTacToe>(seed: 1)
        let againstMinimax = Match.play(TicTacToe.self, network: UniformEvaluator(), search: BatchedSearch(simulations: 1),
                                        against: &minimax, games: 10, seed: 1)
        #expect(againstMinimax.wins == 0, "nobody beats perfect play: \(againstMinimax)")
        #expect(againstMinimax.losses > 0, "one simulation per move is a random player, and minimax punishes it: \(againstMinimax)")
    }

    @Test func badSettingsAreNamed() {
        #expect(throws: AlphaZeroError("the games per iteration must be positive, not 0")) {
            try AlphaZero(gamesPerIteration: 0).learn(TicTacToe.self)
        }
        #expect(throws: AlphaZeroError("the L2 coefficient c must not be negative, not -1.0")) {
            try AlphaZero(regularization: -1).learn(TicTacToe.self)
        }
    }
}
