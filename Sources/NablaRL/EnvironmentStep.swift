/// What an environment answers to one action.
public struct EnvironmentStep: Sendable, Equatable {
    /// The observation after the action.
    public var observation: [Double]
    /// The reward for the step.
    public var reward: Double
    /// The episode ended in a terminal state: there is no future reward, so a Q-learning target is the
    /// reward alone.
    public var isTerminal: Bool
    /// The episode was cut off by a step limit although the state is not terminal: the future still
    /// counts in a target (bootstrap from the next observation), only the episode stops.
    public var isTruncated: Bool

    /// A step's outcome.
    public init(observation: [Double], reward: Double, isTerminal: Bool, isTruncated: Bool = false) {
        self.observation = observation
        self.reward = reward
        self.isTerminal = isTerminal
        self.isTruncated = isTruncated
    }

    /// Whether the episode is over, by a terminal state or by the step limit.
    public var isLast: Bool { isTerminal || isTruncated }
}
