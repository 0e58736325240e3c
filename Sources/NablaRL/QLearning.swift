/// Tabular Q-learning (the notes' §5.2, Watkins and Dayan 1992): the agent knows neither P(s'|s, a) nor
/// R; it plays episodes (from the start state, or from random states with exploring starts) and after
/// each observed step s → s' updates only Q(s, a):
///
///     Q(s, a) ← (1 - η) Q(s, a) + η (R(s) + R(s, a, s') + γ max_a' Q(s', a'))
///
/// where max_a' Q(s', a') is R(s') when s' is terminal. The greedy policy argmax_a Q(s, a) approaches
/// the optimal one that value iteration computes from the model.
public struct QLearning: Sendable {
    /// The number of episodes to play.
    public var episodes: Int
    /// How actions are chosen while learning.
    public var exploration: ExplorationStrategy
    /// The learning rate η of each update.
    public var learningRate: LearningRateSchedule
    /// Episodes longer than this are cut off (a policy may circle for a long time).
    public var maximumStepsPerEpisode: Int
    /// Exploring starts: begin each episode in a non-terminal state drawn uniformly at random instead of
    /// the process's start state, so that squares the agent seldom wanders into are learned as well.
    public var exploringStarts: Bool
    /// The seed of the random choices and transitions: the same seed gives the same run.
    public var seed: UInt64

    /// Q-learning with the given settings. The defaults learn the 4×3 grid world's optimal policy for every
    /// seed tried: 30,000 episodes with exploring starts, ε decaying from 1 by 0.9998 per episode to 0.2,
    /// and η = 1/(1 + n)^0.8. (The differences that decide the policy there are about 0.02, so the
    /// estimates must be good in every square, including those the optimal path avoids.)
    public init(episodes: Int = 30_000,
                exploration: ExplorationStrategy = .epsilonGreedy(initial: 1, decay: 0.9998, minimum: 0.2),
                learningRate: LearningRateSchedule = .polynomial(exponent: 0.8), maximumStepsPerEpisode: Int = 1_000,
                exploringStarts: Bool = true, seed: UInt64 = 1) {
        self.episodes = episodes
        self.exploration = exploration
        self.learningRate = learningRate
        self.maximumStepsPerEpisode = maximumStepsPerEpisode
        self.exploringStarts = exploringStarts
        self.seed = seed
    }

    /// What Q-learning learned.
    public struct Result: Sendable {
        /// `qValues[s][a]`, the learned Q(s, a) (0 for actions a state does not have and in terminal states).
        public let qValues: [[Double]]
        /// `visits[s][a]`, how often (s, a) was updated.
        public let visits: [[Int]]
        /// The greedy policy argmax_a Q(s, a).
        public let policy: Policy
        /// U(s) = max_a Q(s, a), and R(s) in terminal states.
        public let utilities: [Double]
        /// The number of episodes played.
        public let episodes: Int
        /// The number of steps taken over all episodes.
        public let steps: Int
    }

    /// Learns `process`'s Q-values by playing `episodes` episodes, each from the start state or, with
    /// exploring starts, from a random non-terminal state, until a terminal state or the step limit.
    /// - Throws: `MarkovDecisionProcessError` when a setting is out of range.
    public func learn(_ process: MarkovDecisionProcess) throws -> Result {
        try checkSettings()
        var generator = SplitMix64(seed: seed)
        let actionCount = process.actionNames.count
        var qValues = [[Double]](repeating: [Double](repeating: 0, count: actionCount), count: process.stateCount)
        var visits = [[Int]](repeating: [Int](repeating: 0, count: actionCount), count: process.stateCount)
        let available = (0..<process.stateCount).map { process.actions(in: $0) }
        let startStates = exploringStarts ? (0..<process.stateCount).filter { !process.isTerminal($0) } : [process.startState]
        var steps = 0

        func utility(_ state: Int) -> Double {
            if process.isTerminal(state) { return process.rewards[state] }
            var best = -Double.infinity
            for action in available[state] { best = max(best, qValues[state][action]) }
            return best
        }

        for episode in 0..<episodes {
            let epsilon = exploration.epsilon(afterEpisodes: episode)
            var state = startStates.count == 1 ? startStates[0] : startStates.randomElement(using: &generator)!
            for _ in 0..<maximumStepsPerEpisode where !process.isTerminal(state) {
                let action: Int
                if epsilon > 0, Double.random(in: 0..<1, using: &generator) < epsilon {
                    action = available[state].randomElement(using: &generator)!
                } else {
                    action = Self.bestAction(among: available[state], using: &generator) {
                        exploration.explorationValue(utility: qValues[state][$0], visits: visits[state][$0])
                    }
                }
                let outcome = process.sampleOutcome(of: action, in: state, using: &generator)
                let target = process.rewards[state] + outcome.reward + process.discount * utility(outcome.nextState)
                let rate = learningRate.rate(visits: visits[state][action])
                qValues[state][action] += rate * (target - qValues[state][action])
                visits[state][action] += 1
                steps += 1
                state = outcome.nextState
            }
        }
        let policy = Policy(actions: (0..<process.stateCount).map { state in
            process.isTerminal(state) ? nil : available[state].max { qValues[state][$0] < qValues[state][$1] }
        })
        return Result(qValues: qValues, visits: visits, policy: policy,
                      utilities: (0..<process.stateCount).map(utility), episodes: episodes, steps: steps)
    }

    /// The action with the highest value, ties broken at random.
    private static func bestAction(among actions: [Int], using generator: inout SplitMix64, value: (Int) -> Double) -> Int {
        var best = -Double.infinity, tied = 0
        for action in actions {
            let candidate = value(action)
            if candidate > best { (best, tied) = (candidate, 1) } else if candidate == best { tied += 1 }
        }
        var pick = tied == 1 ? 0 : Int.random(in: 0..<tied, using: &generator)
        for action in actions where value(action) == best {
            if pick == 0 { return action }
            pick -= 1
        }
        return actions[0]
    }

    private func checkSettings() throws {
        guard episodes > 0 else { throw MarkovDecisionProcessError("Q-learning needs at least one episode, not \(episodes)") }
        guard maximumStepsPerEpisode > 0 else {
            throw MarkovDecisionProcessError("episodes need room for at least one step, not \(maximumStepsPerEpisode)")
        }
        switch exploration {
        case let .epsilonGreedy(initial, decay, minimum):
            guard (0...1).contains(initial), (0...1).contains(minimum), decay > 0, decay <= 1 else {
                throw MarkovDecisionProcessError("ε-greedy needs ε and its minimum in [0, 1] and a decay in (0, 1]")
            }
        case let .explorationFunction(_, threshold):
            guard threshold >= 0 else { throw MarkovDecisionProcessError("the exploration function's Ne must not be negative, not \(threshold)") }
        }
        switch learningRate {
        case let .constant(rate):
            guard rate > 0, rate <= 1 else { throw MarkovDecisionProcessError("the learning rate must be in (0, 1], not \(rate)") }
        case let .slowlyDecaying(scale):
            guard scale > 0 else { throw MarkovDecisionProcessError("the learning rate's scale must be positive, not \(scale)") }
        case let .polynomial(exponent):
            guard exponent > 0.5, exponent <= 1 else { throw MarkovDecisionProcessError("the learning rate's exponent ω must be in (0.5, 1], not \(exponent)") }
        case .inverseVisits: break
        }
    }
}
