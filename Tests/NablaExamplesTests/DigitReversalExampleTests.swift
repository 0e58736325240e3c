import Testing
import Nabla
@testable import NablaExamples

@Suite struct DigitReversalExampleTests {
    @Test func teacherForcedLogitsHaveOneRowPerTargetToken() {
        let network = RandomGenerator.seeded(1) { DigitReversalExample.Network(embeddingSize: 4, hiddenSize: 8) }
        let batch = DigitReversalTask(maximumLength: 5).batch([[1, 2, 3], [4]])
        #expect(network.teacherForcedLogits(batch).shape == [2, 4, DigitReversalTask.vocabularySize])
        let outputs = network.decode(batch, maximumSteps: 4)
        #expect(outputs.count == 2 && outputs.allSatisfy { $0.count <= 4 })
    }

    @Test func learnsToReverseShortStrings() throws {
        let result = try DigitReversalExample.run(maximumLength: 3, steps: 400, batchSize: 32, learningRate: 1e-2, hiddenSize: 32,
                                                  heldOutCount: 100, reportEvery: 400, seed: 1)
        #expect(result.exactMatch > 0.9, "\(result)")
        #expect(result.progress.map(\.step) == [400])
    }
}
