import Testing
import Nabla
@testable import NablaExamples

@Suite struct SingleNeuronExampleTests {
    /// The notes give, for the quadratic cost from w = 0.6, b = 0.9 with η = 0.15 after 300 steps:
    /// w = -1.28, b = -0.98, a = 0.09.
    @Test func quadraticCostReproducesTheNotes() throws {
        let run = try SingleNeuronExample.train(from: (0.6, 0.9), cost: .quadratic)
        #expect(Swift.abs(run.outputs[0] - 0.817) < 0.001)
        #expect(Swift.abs(run.weights[300] - -1.28) < 0.005)
        #expect(Swift.abs(run.biases[300] - -0.98) < 0.005)
        #expect(Swift.abs(run.outputs[300] - 0.09) < 0.005)
    }

    @Test func saturatedNeuronLearnsSlowlyWithQuadraticCostAndFastWithCrossEntropy() throws {
        let quadratic = try SingleNeuronExample.train(from: (4, 4), cost: .quadratic)
        let crossEntropy = try SingleNeuronExample.train(from: (4, 4), cost: .crossEntropy)
        #expect(quadratic.outputs[300] > 0.99, "σ'(z) ≈ 0 should keep the output near 1")
        #expect(crossEntropy.outputs[50] < 0.2)
        #expect(crossEntropy.outputs[300] < 0.02)
    }

    /// Any start can be run: its table (w, b after 0 steps being the start) and its curves in the plot.
    @Test func runsFromAGivenStart() throws {
        let text = try SingleNeuronExample.run(starts: [(w: 2, b: -1)])
        let expected = try SingleNeuronExample.train(from: (2, -1), cost: .crossEntropy)
        #expect(text.contains("cross-entropy cost, start w = 2.0, b = -1.0:"))
        #expect(text.contains(String(format: "   300  %7.3f  %7.3f  %7.4f", expected.weights[300], expected.biases[300], expected.outputs[300])), "\(text)")
        #expect(text.contains("(1 = quadratic from w = 2.0, b = -1.0; 2 = cross-entropy from w = 2.0, b = -1.0):"))
        #expect(!text.contains("w = 4.0"), "only the given start")
    }

    @Test func crossEntropyGradientIsTheError() throws {
        // For C = -[y ln a + (1-y) ln(1-a)], ∂C/∂b = a - y: one step moves b by exactly -η·a.
        let run = try SingleNeuronExample.train(from: (0.6, 0.9), cost: .crossEntropy, steps: 1)
        #expect(Swift.abs((run.biases[1] - run.biases[0]) - -0.15 * run.outputs[0]) < 1e-12)
    }
}
