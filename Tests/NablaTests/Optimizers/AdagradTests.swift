import Testing
@testable import Nabla

@Suite("Adagrad")
struct AdagradTests {
    @Test("Adagrad by hand: s = g² at first, so w ← w - η·sign(g); the fourth weight's steps are 0.1, 0.1/√2·…")
    func firstStepsByHand() throws {
        let trajectory = try fixtureTrajectory(steps: 2) { Adagrad($0, learningRate: 0.1, epsilon: 1e-10) }
        // Weight 3 starts at 0 with c = -0.2: g₁ = -0.2, w₁ = 0.1; g₂ = -0.1, s = 0.05, w₂ = 0.1 + 0.1·0.1/√0.05.
        #expect(abs(trajectory[0][3] - 0.1) < 1e-9)
        #expect(abs(trajectory[1][3] - (0.1 + 0.01 / 0.05.squareRoot())) < 1e-9)
    }

    @Test("First three steps match PyTorch: defaults, and ε and weight decay set")
    func firstSteps() throws {
        expectTrajectory(try fixtureTrajectory { Adagrad($0, learningRate: 0.1) }, OptimizerFixtures.adagrad, tolerance: 1e-13)
        expectTrajectory(try fixtureTrajectory { Adagrad($0, learningRate: 0.1, epsilon: 1e-6, weightDecay: 0.1) },
                         OptimizerFixtures.adagradDecay, tolerance: 1e-13)
    }

    @Test("Float32 parameters follow the same steps to float precision")
    func float32() throws {
        expectTrajectory(try fixtureTrajectory(dtype: .float32) { Adagrad($0, learningRate: 0.1, epsilon: 1e-6, weightDecay: 0.1) },
                         OptimizerFixtures.adagradDecay, tolerance: 1e-6)
    }

    @Test("State round trip: a restored optimiser continues exactly like the original")
    func roundTrip() throws {
        try expectRoundTrip(expectedKeys: ["0.sumOfSquares", "1.sumOfSquares"]) { Adagrad($0, weightDecay: 0.01) }
        try expectRoundTrip(expectedKeys: ["0.sumOfSquares", "1.sumOfSquares"], dtype: .float32) { Adagrad($0) }
    }

    @Test("Loading a damaged state names every problem and changes nothing")
    func loadErrors() throws {
        try expectLoadErrors(kind: "Adagrad", stateName: "sumOfSquares") { Adagrad($0) }
    }
}
