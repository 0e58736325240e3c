/// One possible result of taking an action: the next state, its probability P(s'|s, a), and the reward
/// R(s, a, s') paid for this transition on top of the state reward R(s).
public struct Outcome: Sendable, Equatable {
    /// The index of the state s' the agent lands in.
    public var nextState: Int
    /// P(s'|s, a), in [0, 1]; the outcomes of one action add up to 1.
    public var probability: Double
    /// R(s, a, s'), paid when this transition happens (0 when the process uses state rewards R(s) only).
    public var reward: Double

    /// An outcome landing in `nextState` with `probability`, paying `reward` for the transition.
    public init(nextState: Int, probability: Double, reward: Double = 0) {
        self.nextState = nextState
        self.probability = probability
        self.reward = reward
    }
}
