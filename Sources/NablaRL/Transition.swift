/// One step of experience as the replay memory keeps it, the notes' (φ(sₜ), aₜ, rₜ, φ(sₜ₊₁)) plus
/// whether sₜ₊₁ is terminal.
public struct Transition: Sendable, Equatable {
    /// The observation before the action.
    public var observation: [Double]
    /// The action taken.
    public var action: Int
    /// The reward received.
    public var reward: Double
    /// The observation after the action.
    public var nextObservation: [Double]
    /// Whether the next state is terminal (its future is worth nothing). A step cut off by a time
    /// limit is not terminal.
    public var isTerminal: Bool

    /// A transition.
    public init(observation: [Double], action: Int, reward: Double, nextObservation: [Double], isTerminal: Bool) {
        self.observation = observation
        self.action = action
        self.reward = reward
        self.nextObservation = nextObservation
        self.isTerminal = isTerminal
    }
}
