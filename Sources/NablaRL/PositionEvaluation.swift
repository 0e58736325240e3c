/// What the network f_ϑ says about a position (the notes' §5.4): prior probabilities p of the moves and
/// the value v, the expected result for the player to move in [-1, 1].
public struct PositionEvaluation: Sendable, Equatable {
    /// p(a) for every action, 0 for illegal ones; the legal ones add up to 1.
    public var priors: [Double]
    /// v, from the point of view of the player to move.
    public var value: Double

    /// An evaluation.
    public init(priors: [Double], value: Double) {
        self.priors = priors
        self.value = value
    }
}
