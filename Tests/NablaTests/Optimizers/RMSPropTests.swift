import Testing
@testable import Nabla

@Suite("RMSProp")
struct RMSPropTests {
    @Test("RMSProp's first step by hand: v = (1-α)g², so w ← w - η·g/(√(1-α)·|g| + ε)")
    func firstStepByHand() throws {
        let trajectory = try fixtureTrajectory(steps: 1) { RMSProp($0, learningRate: 0.01, alpha: 0.96) }
        // √(1 - 0.96) = 0.2: each weight moves by 0.01/0.2 = 0.05 against the gradient's sign (ε aside).
        expectTrajectory(trajectory, [[0.45, -1.2, 1.95, 0.05]], tolerance: 1e-7)
    }

    @Test("First three steps match PyTorch: defaults, and α, ε and weight decay set")
    func firstSteps() throws {
        expectTrajectory(try fixtureTrajectory { RMSProp($0, learningRate: 0.01) }, OptimizerFixtures.rmsProp, tolerance: 1e-13)
        expectTrajectory(try fixtureTrajectory { RMSProp($0, learningRate: 0.01, alpha: 0.9, epsilon: 1e-6, weightDecay: 0.1) },
                         OptimizerFixtures.rmsPropDecay, tolerance: 1e-13)
    }

    @Test("Float32 parameters follow the same steps to float precision")
    func float32() throws {
        expectTrajectory(try fixtureTrajectory(dtype: .float32) { RMSProp($0, learningRate: 0.01, alpha: 0.9, epsilon: 1e-6, weightDecay: 0.1) },
                         OptimizerFixtures.rmsPropDecay, tolerance: 1e-6)
    }

    @Test("State round trip: a restored optimiser continues exactly like the original")
    func roundTrip() throws {
        try expectRoundTrip(expectedKeys: ["0.squareAverage", "1.squareAverage"]) { RMSProp($0, weightDecay: 0.01) }
        try expectRoundTrip(expectedKeys: ["0.squareAverage", "1.squareAverage"], dtype: .float32) { RMSProp($0) }
    }

    @Test("Loading a damaged state names every problem and changes nothing")
    func loadErrors() throws {
        try expectLoadErrors(kind: "RMSProp", stateName: "squareAverage") { RMSProp($0) }
    }
}
