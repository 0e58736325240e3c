import Nabla

/// Deep Q-learning with experience replay and a target network (the notes' §5.3, Mnih et al. 2015).
///
/// A Q-network Q(φ(s), a, ϑ) acts ε-greedily in an environment; every step goes into the replay memory
/// D, and each training step draws a minibatch (φⱼ, aⱼ, rⱼ, φⱼ₊₁) from D and takes a gradient step on
/// the Huber loss of yⱼ - Q(φⱼ, aⱼ, ϑ) with the targets
///
///     yⱼ = rⱼ                                   if the episode ends in a terminal state at j + 1
///     yⱼ = rⱼ + γ max_a' Q(φⱼ₊₁, a', ϑ⁻)          otherwise
///
/// computed by the target network ϑ⁻, which follows ϑ slowly (`TargetNetworkUpdate`). With
/// `doubleQLearning` the online network picks a' and the target network values it, which curbs the
/// overestimation of the max (van Hasselt et al. 2016). Gradients are clipped to a global norm, Adam
/// takes the step. Every `evaluationInterval` steps the greedy policy plays evaluation episodes (seeds
/// of their own) and the best network so far is kept.
///
/// ```swift
/// let result = try DeepQLearning(seed: 1).learn { CartPole(seed: $0) }
/// print(result.bestAverageReturn)
/// ```
public struct DeepQLearning: Sendable {
    /// The environment steps to take.
    public var steps: Int
    /// The widths of the Q-network's hidden layers.
    public var hiddenSizes: [Int]
    /// The replay memory's capacity.
    public var replayCapacity: Int
    /// Transitions per minibatch.
    public var batchSize: Int
    /// The discount γ.
    public var discount: Double
    /// Adam's step size η.
    public var learningRate: Double
    /// Steps with random actions and no training at the start, to fill the replay memory.
    public var warmupSteps: Int
    /// A training step every this many environment steps.
    public var trainingInterval: Int
    /// ε-greedy exploration over the environment steps.
    public var exploration: EpsilonAnnealing
    /// How the target network follows the online one.
    public var targetUpdate: TargetNetworkUpdate
    /// Whether the online network chooses the next action of the target (double Q-learning).
    public var doubleQLearning: Bool
    /// The Huber loss's δ.
    public var huberDelta: Double
    /// The largest global gradient norm; larger gradients are scaled down to it.
    public var maximumGradientNorm: Double
    /// Evaluate the greedy policy every this many environment steps.
    public var evaluationInterval: Int
    /// The episodes of each evaluation.
    public var evaluationEpisodes: Int
    /// Stop as soon as an evaluation reaches this average return (`nil`: run all steps).
    public var targetReturn: Double?
    /// The seed of the network's weights, the actions, the replay draws and the environments.
    public var seed: UInt64

    /// Deep Q-learning with the given settings. The defaults learn CartPole (a greedy return of 500 within
    /// 50,000 steps for every seed tried): a 128-128 network, Adam with η = 10⁻³, γ = 0.99, minibatches of
    /// 64 from the last 10,000 steps, one training step per environment step after 1,000 random ones, ε
    /// from 1 to 0.05 over 5,000 steps, Polyak averaging with ρ = 0.005, double Q-learning, Huber δ = 1,
    /// gradients clipped to norm 10, and 20 evaluation episodes every 2,500 steps.
    public init(steps: Int = 100_000, hiddenSizes: [Int] = [128, 128], replayCapacity: Int = 10_000, batchSize: Int = 64,
                discount: Double = 0.99, learningRate: Double = 1e-3, warmupSteps: Int = 1_000, trainingInterval: Int = 1,
                exploration: EpsilonAnnealing = EpsilonAnnealing(initial: 1, final: 0.05, steps: 5_000),
                targetUpdate: TargetNetworkUpdate = .polyak(rate: 0.005), doubleQLearning: Bool = true, huberDelta: Double = 1,
                maximumGradientNorm: Double = 10, evaluationInterval: Int = 2_500, evaluationEpisodes: Int = 20,
                targetReturn: Double? = nil, seed: UInt64 = 1) {
        self.steps = steps
        self.hiddenSizes = hiddenSizes
        self.replayCapacity = replayCapacity
        self.batchSize = batchSize
        self.discount = discount
        self.learningRate = learningRate
        self.warmupSteps = warmupSteps
        self.trainingInterval = trainingInterval
        self.exploration = exploration
        self.targetUpdate = targetUpdate
        self.doubleQLearning = doubleQLearning
        self.huberDelta = huberDelta
        self.maximumGradientNorm = maximumGradientNorm
        self.evaluationInterval = evaluationInterval
        self.evaluationEpisodes = evaluationEpisodes
        self.targetReturn = targetReturn
        self.seed = seed
    }

    /// The seeds of the evaluation episodes: drawn from their own stream, apart from the training
    /// environment's seed and from the seeds a final test would use.
    public var evaluationSeeds: [UInt64] {
        var generator = SplitMix64(seed: seed ^ 0xE7A1_0A7E_5EED_0001)
        return (0..<evaluationEpisodes).map { _ in generator.next() }
    }

    /// Trains a Q-network in the environments `makeEnvironment(seed)` makes (one for training, one per
    /// evaluation episode) and returns the best one found. `report` hears of every finished episode and
    /// evaluation.
    /// - Throws: `DeepQLearningError` for a setting out of range; what `backward()` throws.
    public func learn<E: Environment>(report: (DeepQLearningEvent) -> Void = { _ in },
                                      makeEnvironment: (UInt64) -> E) throws -> DeepQLearningResult {
        try checkSettings()
        var generator = SplitMix64(seed: seed)
        var environment = makeEnvironment(generator.next())
        let (observationSize, actionCount) = (environment.observationSize, environment.actionCount)
        let makeNetwork = { QNetwork.make(observationSize: observationSize, actionCount: actionCount, hiddenSizes: hiddenSizes) }
        let online = RandomGenerator.seeded(seed, makeNetwork)
        let target = makeNetwork()
        for parameter in target.parameters() { parameter.isTrainable = false }
        TargetNetworkUpdate.blend(online: online, into: target, rate: 1)
        let optimizer = Adam(online.trainableParameters(), learningRate: learningRate)
        var memory = ReplayMemory(capacity: replayCapacity, observationSize: observationSize)

        var best = (parameters: online.parameterTensors(), averageReturn: -Double.infinity, step: 0)
        var episodeReturns: [Double] = [], evaluations: [(step: Int, averageReturn: Double)] = []
        var observation = environment.reset()
        var (episodeReturn, episodeLength, trainingSteps, stepsTaken) = (0.0, 0, 0, 0)
        for step in 0..<steps {
            let epsilon = step < warmupSteps ? 1 : exploration.epsilon(atStep: step - warmupSteps)
            let action = Double.random(in: 0..<1, using: &generator) < epsilon
                ? Int.random(in: 0..<actionCount, using: &generator)
                : QNetwork.greedyActions(online, observations: [observation])[0]
            let outcome = environment.step(action)
            memory.append(Transition(observation: observation, action: action, reward: outcome.reward,
                                     nextObservation: outcome.observation, isTerminal: outcome.isTerminal))
            episodeReturn += outcome.reward
            episodeLength += 1
            stepsTaken = step + 1
            if outcome.isLast {
                episodeReturns.append(episodeReturn)
                report(.episode(number: episodeReturns.count, return: episodeReturn, length: episodeLength, step: stepsTaken, epsilon: epsilon))
                observation = environment.reset()
                (episodeReturn, episodeLength) = (0, 0)
            } else {
                observation = outcome.observation
            }

            if step >= warmupSteps, step % trainingInterval == 0 {
                try train(online, target: target, optimizer: optimizer, on: memory.sample(batchSize, using: &generator))
                trainingSteps += 1
                targetUpdate.apply(online: online, target: target, afterTrainingStep: trainingSteps)
            }
            if stepsTaken % evaluationInterval == 0 || stepsTaken == steps {
                let averageReturn = average(GreedyEvaluation.returns(of: online, seeds: evaluationSeeds, makeEnvironment: makeEnvironment))
                evaluations.append((stepsTaken, averageReturn))
                let isBest = averageReturn > best.averageReturn
                if isBest { best = (online.parameterTensors(), averageReturn, stepsTaken) }
                report(.evaluation(step: stepsTaken, averageReturn: averageReturn, isBest: isBest))
                if let targetReturn, averageReturn >= targetReturn { break }
            }
        }
        let network = makeNetwork()
        try network.loadParameters(best.parameters)
        return DeepQLearningResult(network: network, bestAverageReturn: best.averageReturn, bestStep: best.step,
                                   episodeReturns: episodeReturns, evaluations: evaluations, steps: stepsTaken)
    }

    /// One gradient step of the online network on `batch`: the Huber loss of Q(φⱼ, aⱼ, ϑ) against the
    /// targets yⱼ, gradients clipped to `maximumGradientNorm`, then Adam. Returns the loss.
    @discardableResult
    public func train(_ online: Sequential, target: Sequential, optimizer: any Optimizer, on batch: ReplayBatch) throws -> Double {
        let targets = withoutGradients {
            Self.targets(rewards: batch.rewards, nextValues: nextStateValues(online: online, target: target, of: batch.nextObservations),
                         terminal: batch.terminal, discount: discount)
        }
        optimizer.zeroGrad()
        let chosen = try online(batch.observations)
            .gathering(alongAxis: 1, indices: Tensor(indices: batch.actions, shape: [batch.count, 1]))
            .reshaped([batch.count])   // Q(φⱼ, aⱼ, ϑ)
        let loss = Tensor.huber(chosen, targets, delta: huberDelta)
        try loss.backward()
        GradientClipping.clipNorm(optimizer.parameters, maxNorm: maximumGradientNorm)
        optimizer.step()
        return loss.item
    }

    /// The value of each next state by the target network: max_a' Q(φⱼ₊₁, a', ϑ⁻), or with double
    /// Q-learning Q(φⱼ₊₁, argmax_a' Q(φⱼ₊₁, a', ϑ), ϑ⁻). `[batch]`.
    public func nextStateValues(online: any Layer, target: any Layer, of nextObservations: Tensor) -> Tensor {
        withoutGradients {
            let targetValues = target(nextObservations)
            guard doubleQLearning else { return targetValues.max(alongAxis: 1) }
            let choices = online(nextObservations).argmax(alongAxis: 1, keepingDims: true)
            // The indices come from argmax over the same axis, so they are in range.
            return try! targetValues.gathering(alongAxis: 1, indices: choices).reshaped([nextObservations.shape[0]])
        }
    }

    /// The notes' targets yⱼ = rⱼ + γ (1 - terminalⱼ) V(φⱼ₊₁): the next state's value V counts only where
    /// the transition did not end in a terminal state (`terminal` is 1 there, 0 elsewhere).
    public static func targets(rewards: Tensor, nextValues: Tensor, terminal: Tensor, discount: Double) -> Tensor {
        rewards + discount * (1 - terminal) * nextValues
    }

    private func average(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

    private func checkSettings() throws {
        let positive: [(String, Int)] = [("steps", steps), ("replay capacity", replayCapacity), ("batch size", batchSize),
                                         ("training interval", trainingInterval), ("evaluation interval", evaluationInterval),
                                         ("evaluation episodes", evaluationEpisodes)]
        for (name, value) in positive where value <= 0 { throw DeepQLearningError("the \(name) must be positive, not \(value)") }
        guard warmupSteps >= 0 else { throw DeepQLearningError("the warm-up steps must not be negative, not \(warmupSteps)") }
        guard !hiddenSizes.isEmpty, hiddenSizes.allSatisfy({ $0 > 0 }) else {
            throw DeepQLearningError("the Q-network needs at least one hidden layer, each of positive width, not \(hiddenSizes)")
        }
        guard discount > 0, discount <= 1 else { throw DeepQLearningError("the discount γ must be in (0, 1], not \(discount)") }
        guard learningRate > 0, learningRate.isFinite else { throw DeepQLearningError("the learning rate must be positive, not \(learningRate)") }
        guard (0...1).contains(exploration.initial), (0...1).contains(exploration.final), exploration.steps > 0 else {
            throw DeepQLearningError("ε must anneal between values in [0, 1] over a positive number of steps, not \(exploration)")
        }
        if let problem = targetUpdate.problem { throw DeepQLearningError(problem) }
        guard huberDelta > 0, maximumGradientNorm > 0 else {
            throw DeepQLearningError("the Huber δ and the gradient norm limit must be positive, not \(huberDelta) and \(maximumGradientNorm)")
        }
    }
}
