import Nabla
import Testing
import NablaRL

/// Deep Q-learning's pieces: the targets with a terminal mask, the next state's value with and without
/// double Q-learning, the target network's updates, ε's annealing and a training step.
@Suite struct DeepQLearningTests {
    @Test func targetsIgnoreTheFutureOfTerminalTransitions() {
        // yⱼ = rⱼ + γ(1 - terminalⱼ)V(φⱼ₊₁) with γ = 0.9: 1 + 0.9·10, 1 (terminal), 0.5 + 0.9·(-4).
        let targets = DeepQLearning.targets(rewards: Tensor([1, 1, 0.5]), nextValues: Tensor([10, 20, -4]),
                                            terminal: Tensor([0, 1, 0]), discount: 0.9)
        #expect(targets.shape == [3])
        expectClose(targets.scalars(as: Double.self), [10, 1, -3.1], tolerance: 1e-6)
    }

    /// One layer without bias: Q(x) = x·Wᵀ, so the Q-values of the unit vectors are W's columns.
    static func linear(_ weights: [[Double]]) -> Linear {
        let layer = Linear(2, 2, bias: false)
        layer.weight = Tensor(weights)
        return layer
    }

    @Test func nextStateValuesTakeTheTargetNetworksMaximumOrTheOnlineNetworksChoice() {
        let online = Self.linear([[1, 0], [0, 1]])    // prefers action 0 for (1, 0), action 1 for (0, 1)
        let target = Self.linear([[2, 5], [3, -1]])   // Q⁻((1, 0)) = (2, 3), Q⁻((0, 1)) = (5, -1)
        let next = Tensor([[1, 0], [0, 1]])
        let plain = DeepQLearning(doubleQLearning: false).nextStateValues(online: online, target: target, of: next)
        expectClose(plain.scalars(as: Double.self), [3, 5])
        let double = DeepQLearning(doubleQLearning: true).nextStateValues(online: online, target: target, of: next)
        expectClose(double.scalars(as: Double.self), [2, -1])
    }

    @Test func targetNetworkCopiesEveryCStepsOrAverages() {
        let online = Self.linear([[1, 1], [1, 1]]), target = Self.linear([[0, 0], [0, 0]])
        let copy = TargetNetworkUpdate.copy(every: 3)
        for step in 1...2 { copy.apply(online: online, target: target, afterTrainingStep: step) }
        expectClose(target.weight.scalars(as: Double.self), [0, 0, 0, 0])
        copy.apply(online: online, target: target, afterTrainingStep: 3)
        expectClose(target.weight.scalars(as: Double.self), [1, 1, 1, 1])

        let averaged = Self.linear([[0, 0], [0, 4]])
        TargetNetworkUpdate.polyak(rate: 0.25).apply(online: online, target: averaged, afterTrainingStep: 1)
        expectClose(averaged.weight.scalars(as: Double.self), [0.25, 0.25, 0.25, 3.25])
        // The copy is a copy: training the online network afterwards leaves the target as it was.
        online.weight = Tensor([[7, 7], [7, 7]])
        expectClose(target.weight.scalars(as: Double.self), [1, 1, 1, 1])
    }

    @Test func epsilonFallsLinearlyThenStays() {
        let annealing = EpsilonAnnealing(initial: 1, final: 0.1, steps: 100)
        expectClose([0, 50, 100, 5_000].map(annealing.epsilon(atStep:)), [1, 0.55, 0.1, 0.1])
    }

    @Test func trainingStepsFitTheTargetsOfABatch() throws {
        let learner = DeepQLearning(learningRate: 1e-2, targetUpdate: .copy(every: 1_000), seed: 5)
        let online = RandomGenerator.seeded(5) { QNetwork.make(observationSize: 2, actionCount: 2, hiddenSizes: [16]) }
        let target = RandomGenerator.seeded(6) { QNetwork.make(observationSize: 2, actionCount: 2, hiddenSizes: [16]) }
        var memory = ReplayMemory(capacity: 8, observationSize: 2)
        for n in 1...8 { memory.append(ReplayMemoryTests.transition(n)) }
        var generator = SplitMix64(seed: 1)
        let batch = memory.sample(32, using: &generator)
        let optimizer = Adam(online.trainableParameters(), learningRate: learner.learningRate)
        let first = try learner.train(online, target: target, optimizer: optimizer, on: batch)
        var last = first
        for _ in 0..<100 { last = try learner.train(online, target: target, optimizer: optimizer, on: batch) }
        // The target network is frozen, so the targets stay put and the loss on the batch must fall.
        #expect(last < first / 10, "loss \(first) → \(last)")
    }

    @Test func badSettingsAreNamed() {
        #expect(throws: DeepQLearningError("the batch size must be positive, not 0")) {
            try DeepQLearning(batchSize: 0).learn { CartPole(seed: $0) }
        }
        #expect(throws: DeepQLearningError("the Polyak rate must be in (0, 1], not 1.5")) {
            try DeepQLearning(targetUpdate: .polyak(rate: 1.5)).learn { CartPole(seed: $0) }
        }
        #expect(throws: DeepQLearningError("the discount γ must be in (0, 1], not 0.0")) {
            try DeepQLearning(discount: 0).learn { CartPole(seed: $0) }
        }
    }
}
