/// A grid world played step by step, for agents that learn from experience alone (deep Q-learning):
/// the observation is the one-hot vector of the agent's square (in `GridWorld.positions` order), the
/// actions are the `GridMove`s, and the moves slip as the world's noise says.
///
/// Rewards follow the world's process: a step from s to s' pays R(s), and landing on an exit adds the
/// exit's reward and ends the episode (terminal), so an episode's undiscounted return is the sum of the
/// rewards of the squares visited. Episodes are cut off (truncated) after `stepLimit` steps.
public struct GridWorldEnvironment: Environment, Sendable {
    /// The world.
    public let world: GridWorld
    /// Episodes are truncated after this many steps.
    public let stepLimit: Int
    /// The agent's current state (an index into `world.positions`).
    public private(set) var state: Int
    private var stepsTaken = 0
    private var generator: SplitMix64
    private var episodeOver = true

    /// `world` with moves drawn from `seed`; episodes start at the world's start square.
    public init(world: GridWorld, seed: UInt64, stepLimit: Int = 100) {
        precondition(stepLimit > 0, "GridWorldEnvironment: the step limit must be positive, not \(stepLimit)")
        self.world = world
        self.stepLimit = stepLimit
        generator = SplitMix64(seed: seed)
        state = world.process.startState
    }

    /// The length of every observation: one entry per square (one-hot).
    public var observationSize: Int { world.positions.count }
    /// The number of actions: the four moves.
    public var actionCount: Int { GridMove.allCases.count }

    /// The one-hot vector of `state`.
    public func observation(of state: Int) -> [Double] {
        var vector = [Double](repeating: 0, count: observationSize)
        vector[state] = 1
        return vector
    }

    /// Starts a new episode and returns its first observation.
    public mutating func reset() -> [Double] {
        state = world.process.startState
        stepsTaken = 0
        episodeOver = false
        return observation(of: state)
    }

    /// Takes `action` and returns the reward, the next observation and whether the episode ended.
    public mutating func step(_ action: Int) -> EnvironmentStep {
        precondition((0..<actionCount).contains(action), "GridWorldEnvironment: the action must be in 0..<\(actionCount), not \(action)")
        precondition(!episodeOver, "GridWorldEnvironment: the episode is over; call reset() first")
        let process = world.process
        let outcome = process.sampleOutcome(of: action, in: state, using: &generator)
        var reward = process.rewards[state] + outcome.reward
        state = outcome.nextState
        stepsTaken += 1
        let terminal = process.isTerminal(state)
        if terminal { reward += process.rewards[state] }
        let truncated = !terminal && stepsTaken >= stepLimit
        episodeOver = terminal || truncated
        return EnvironmentStep(observation: observation(of: state), reward: reward, isTerminal: terminal, isTruncated: truncated)
    }
}
