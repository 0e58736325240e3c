import Testing
@testable import Nabla

@Suite("SGD")
struct SGDTests {
    @Test("Plain SGD by hand: w ← w - η·(c + w), e.g. 0.5 - 0.1·(0.3 + 0.5) = 0.42")
    func plainByHand() throws {
        let trajectory = try fixtureTrajectory(steps: 2) { SGD($0, learningRate: 0.1) }
        // Each step multiplies w by 0.9 and subtracts 0.1·c.
        let step1 = zip(OptimizerFixtures.w0, OptimizerFixtures.c).map { 0.9 * $0 - 0.1 * $1 }
        let step2 = zip(step1, OptimizerFixtures.c).map { 0.9 * $0 - 0.1 * $1 }
        expectTrajectory(trajectory, [step1, step2], tolerance: 1e-15)
    }

    @Test("First three steps match PyTorch: plain, weight decay, momentum, Nesterov")
    func firstSteps() throws {
        expectTrajectory(try fixtureTrajectory { SGD($0, learningRate: 0.1) }, OptimizerFixtures.sgdPlain, tolerance: 1e-14)
        expectTrajectory(try fixtureTrajectory { SGD($0, learningRate: 0.1, weightDecay: 0.05) },
                         OptimizerFixtures.sgdPlainDecay, tolerance: 1e-14)
        expectTrajectory(try fixtureTrajectory { SGD($0, learningRate: 0.1, momentum: 0.9, weightDecay: 0.05) },
                         OptimizerFixtures.sgdMomentum, tolerance: 1e-14)
        expectTrajectory(try fixtureTrajectory { SGD($0, learningRate: 0.1, momentum: 0.9, nesterov: true) },
                         OptimizerFixtures.sgdNesterov, tolerance: 1e-14)
    }

    @Test("Float32 parameters follow the same steps to float precision")
    func float32() throws {
        expectTrajectory(try fixtureTrajectory(dtype: .float32) { SGD($0, learningRate: 0.1, momentum: 0.9, weightDecay: 0.05) },
                         OptimizerFixtures.sgdMomentum, tolerance: 1e-6)
        expectTrajectory(try fixtureTrajectory(dtype: .float32) { SGD($0, learningRate: 0.1, momentum: 0.9, nesterov: true) },
                         OptimizerFixtures.sgdNesterov, tolerance: 1e-6)
    }

    @Test("Frozen parameters and parameters without a gradient are left alone")
    func skipsFrozenAndGradientless() throws {
        let trained = Parameter(Tensor([1, 2], shape: [2], dtype: .float64))
        let frozen = Parameter(Tensor([3, 4], shape: [2], dtype: .float64), trainable: false)
        let unused = Parameter(Tensor([5, 6], shape: [2], dtype: .float64))
        let optimizer = SGD([trained, frozen, unused], learningRate: 0.5, momentum: 0.9)
        try (trained.value * frozen.value).sum().backward()   // ∂/∂trained = frozen = [3, 4]
        optimizer.step()
        #expect(trained.value.scalars(as: Double.self) == [-0.5, 0])
        #expect(frozen.value.scalars(as: Double.self) == [3, 4])
        #expect(unused.value.scalars(as: Double.self) == [5, 6])
    }

    @Test("State round trip: a restored optimiser continues exactly like the original")
    func roundTrip() throws {
        try expectRoundTrip(expectedKeys: ["0.velocity", "1.velocity"]) { SGD($0, learningRate: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01) }
        try expectRoundTrip(expectedKeys: ["0.velocity", "1.velocity"], dtype: .float32) { SGD($0, learningRate: 0.1, momentum: 0.9) }
        try expectRoundTrip(expectedKeys: []) { SGD($0, learningRate: 0.1) }
    }

    @Test("Loading a damaged state names every problem and changes nothing")
    func loadErrors() throws {
        try expectLoadErrors(kind: "SGD", stateName: "velocity") { SGD($0, learningRate: 0.1, momentum: 0.9) }
    }
}
