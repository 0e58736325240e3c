import Testing
@testable import Nabla

@Suite("Adam and AdamW")
struct AdamTests {
    @Test("Adam's first step by hand: m̂/√v̂ = g/|g|, so each weight moves by η against the gradient's sign")
    func firstStepByHand() throws {
        let trajectory = try fixtureTrajectory(steps: 1) { Adam($0, learningRate: 0.1) }
        // g = c + w0 = [0.8, -1.95, 3.1, -0.2]; w ← w - 0.1·g/(|g| + ε/√(1-β₂)·…) ≈ w - 0.1·sign(g).
        expectTrajectory(trajectory, [[0.4, -1.15, 1.9, 0.1]], tolerance: 1e-7)
    }

    @Test("First three steps match PyTorch: defaults, L2 decay with other β and ε, AdamW")
    func firstSteps() throws {
        expectTrajectory(try fixtureTrajectory { Adam($0, learningRate: 0.1) }, OptimizerFixtures.adam, tolerance: 1e-13)
        expectTrajectory(try fixtureTrajectory { Adam($0, learningRate: 0.1, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, weightDecay: 0.1) },
                         OptimizerFixtures.adamDecay, tolerance: 1e-13)
        expectTrajectory(try fixtureTrajectory { AdamW($0, learningRate: 0.1, weightDecay: 0.1) }, OptimizerFixtures.adamW, tolerance: 1e-13)
    }

    @Test("Float32 parameters follow the same steps to float precision")
    func float32() throws {
        expectTrajectory(try fixtureTrajectory(dtype: .float32) { Adam($0, learningRate: 0.1) }, OptimizerFixtures.adam, tolerance: 1e-6)
        expectTrajectory(try fixtureTrajectory(dtype: .float32) { AdamW($0, learningRate: 0.1, weightDecay: 0.1) },
                         OptimizerFixtures.adamW, tolerance: 1e-6)
    }

    @Test("State round trip: a restored optimiser continues exactly like the original")
    func roundTrip() throws {
        try expectRoundTrip(expectedKeys: ["0.m", "0.v", "1.m", "1.v"]) { Adam($0, learningRate: 0.1, weightDecay: 0.01) }
        try expectRoundTrip(expectedKeys: ["0.m", "0.v", "1.m", "1.v"], dtype: .float32) { AdamW($0, learningRate: 0.1) }
    }

    @Test("Loading a damaged state names every problem and changes nothing")
    func loadErrors() throws {
        try expectLoadErrors(kind: "Adam", stateName: "m") { Adam($0, learningRate: 0.1) }
        try expectLoadErrors(kind: "AdamW", stateName: "v") { AdamW($0, learningRate: 0.1) }
    }

    @Test("Adam and AdamW states are not interchangeable")
    func kindsDiffer() throws {
        let parameters = checkpointParameters()
        let adam = Adam(parameters)
        try quadraticStep(adam, parameters)
        #expect(loadProblems(AdamW(copies(of: parameters)), adam.state()) == ["state is from Adam, not AdamW"])
    }
}
