import Testing
import NablaRL

/// Monte Carlo tree search: visit counts on positions with a forced win, the sign of backed-up values,
/// noise and temperature.
@Suite struct SearchTreeTests {
    static func search<G: Game>(_ position: G, simulations: Int) -> SearchTree<G> {
        var generator = SplitMix64(seed: 1)
        return BatchedSearch(simulations: simulations).run(from: [position], evaluator: UniformEvaluator(), using: &generator)[0]
    }

    @Test func visitsConcentrateOnTheWinningMove() throws {
        // X to move wins on square 3 (index 2); any other move lets O win on square 6 (index 5).
        let position = try #require(TicTacToe(board: "X X . / O O . / . . ."))
        let tree = Self.search(position, simulations: 400)
        let visits = tree.rootVisits
        #expect(visits.reduce(0, +) == 399, "the root's expansion is the first simulation")
        #expect(visits.indices.max { visits[$0] < visits[$1] } == 2, "\(visits)")
        #expect(visits[2] > 300, "\(visits)")
        #expect(tree.rootValues[2] == 1, "every visit of the winning move ends in a win")
        #expect(tree.policy(temperature: 0) == [0, 0, 1, 0, 0, 0, 0, 0, 0])
    }

    @Test func theDefenderFindsTheOnlyBlock() throws {
        // O to move must block X's line on square 7 (index 6) or lose at once.
        let position = try #require(TicTacToe(board: "X O . / X . . / . . ."))
        let tree = Self.search(position, simulations: 400)
        let visits = tree.rootVisits
        #expect(visits.indices.max { visits[$0] < visits[$1] } == 6, "\(visits)")
        #expect(tree.rootValues.enumerated().allSatisfy { $0.offset == 6 || visits[$0.offset] == 0 || $0.element < 0 },
                "every other move loses: \(tree.rootValues)")
    }

    @Test func connectFourWinInOne() throws {
        // X has three in the bottom row (columns 2–4) with both ends open; O has three stones above.
        var position = ConnectFour()
        for column in [1, 1, 2, 2, 3, 3] { position = position.playing(column) }
        let tree = Self.search(position, simulations: 300)
        let visits = tree.rootVisits
        let best = try #require(visits.indices.max { visits[$0] < visits[$1] })
        #expect(best == 0 || best == 4, "\(visits)")
        #expect(tree.rootValues[best] == 1)
    }

    @Test func noiseKeepsPriorsADistributionOverLegalMoves() throws {
        let position = try #require(TicTacToe(board: "X O . / . X . / . . ."))
        var generator = SplitMix64(seed: 4)
        let tree = BatchedSearch(simulations: 1, noiseAlpha: 0.3, noiseFraction: 0.25)
            .run(from: [position], evaluator: UniformEvaluator(), using: &generator)[0]
        let priors = tree.rootPriors
        #expect(abs(priors.reduce(0, +) - 1) < 1e-12)
        #expect(priors[0] == 0 && priors[1] == 0 && priors[4] == 0)
        #expect(Set(position.legalActions.map { priors[$0] }).count > 1, "noise makes the uniform priors differ: \(priors)")
        #expect(position.legalActions.allSatisfy { priors[$0] >= 0.75 / 6 - 1e-12 }, "(1 - ε) of the uniform prior remains")
    }

    @Test func temperatureSharpensOrFlattensTheVisitDistribution() throws {
        let tree = Self.search(try #require(TicTacToe(board: "X X . / O O . / . . .")), simulations: 100)
        let visits = tree.rootVisits.map(Double.init), total = visits.reduce(0, +)
        let proportional = tree.policy(temperature: 1)
        for (p, n) in zip(proportional, visits) { #expect(abs(p - n / total) < 1e-12) }
        let squared = visits.map { $0 * $0 }, squaredTotal = squared.reduce(0, +)
        for (p, n2) in zip(tree.policy(temperature: 0.5), squared) { #expect(abs(p - n2 / squaredTotal) < 1e-12) }
    }

    @Test func dirichletSamplesAreDistributions() {
        var generator = SplitMix64(seed: 2)
        var means = [Double](repeating: 0, count: 4)
        for _ in 0..<2_000 {
            let sample = Dirichlet.sample(alpha: 0.5, count: 4, using: &generator)
            #expect(abs(sample.reduce(0, +) - 1) < 1e-12 && sample.allSatisfy { $0 >= 0 })
            for i in 0..<4 { means[i] += sample[i] / 2_000 }
        }
        // E[ηᵢ] = 1/4 by symmetry; the standard error of each mean is about 0.006.
        #expect(means.allSatisfy { abs($0 - 0.25) < 0.03 }, "\(means)")
    }
}
