import Nabla
import Testing
import NablaRL

/// The policy/value network: output shapes, priors over the legal moves only, values in [-1, 1].
@Suite struct PolicyValueNetworkTests {
    @Test func evaluationsGiveProbabilitiesOnLegalMovesAndBoundedValues() throws {
        let network = RandomGenerator.seeded(3) { PolicyValueNetwork(for: TicTacToe.self, channels: 8, blocks: 1) }
        let positions = [TicTacToe(), try #require(TicTacToe(board: "X O . / . X . / O . ."))]
        let (logits, values) = network(PolicyValueNetwork.input(positions))
        #expect(logits.shape == [2, 9] && values.shape == [2])
        let evaluations = network.evaluate(positions)
        for (position, evaluation) in zip(positions, evaluations) {
            let legal = Set(position.legalActions)
            #expect(abs(evaluation.priors.reduce(0, +) - 1) < 1e-5, "\(evaluation.priors)")
            for (action, prior) in evaluation.priors.enumerated() {
                #expect(legal.contains(action) ? prior > 0 : prior == 0, "action \(action): \(prior)")
            }
            #expect(abs(evaluation.value) <= 1 && evaluation.value.isFinite)
        }
    }

    @Test func inputHoldsOwnStonesOpponentStonesAndOnes() throws {
        // O to move: its stone on square 1 is in the first plane, X's on 0 and 4 in the second.
        let position = try #require(TicTacToe(board: "X O . / . X . / . . ."))
        let input = PolicyValueNetwork.input([position]).scalars(as: Double.self)
        #expect(Array(input[0..<9]) == [0, 1, 0, 0, 0, 0, 0, 0, 0])
        #expect(Array(input[9..<18]) == [1, 0, 0, 0, 1, 0, 0, 0, 0])
        #expect(Array(input[18..<27]) == Array(repeating: 1, count: 9))
    }
}
