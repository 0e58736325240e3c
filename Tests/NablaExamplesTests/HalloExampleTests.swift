import Testing
import Nabla
@testable import NablaExamples

@Suite struct HalloExampleTests {
    @Test(arguments: HalloExample.Cell.allCases)
    func learnsTheNextLetterOfHallo(cell: HalloExample.Cell) throws {
        let result = try HalloExample.run(cell: cell, seed: 1)
        #expect(result.predicted == "allo", "\(result)")
        #expect(result.initialLoss > 1, "an untrained network is near ln 4 ≈ 1.39 nats per letter")
        #expect(result.finalLoss < 0.05, "\(result)")
        // After the first l the network must say l, after the second o: only the hidden state tells them apart.
        let l = 2, o = 3
        #expect(result.probabilities[2][l] > 0.9 && result.probabilities[3][o] > 0.9, "\(result.probabilities)")
        for row in result.probabilities { #expect(abs(row.reduce(0, +) - 1) < 1e-5) }
    }

    @Test func anUntrainedNetworkDoesNotKnowTheWord() throws {
        let result = try HalloExample.run(cell: .rnn, steps: 1, seed: 1)
        #expect(result.finalLoss > 0.5)
    }

    @Test func theSameSeedGivesTheSameRun() throws {
        let first = try HalloExample.run(cell: .rnn, steps: 20, seed: 5), second = try HalloExample.run(cell: .rnn, steps: 20, seed: 5)
        #expect(first.probabilities == second.probabilities)
        #expect(first.description.contains("\"h\"") && first.description.contains("p(o)"))
    }
}
