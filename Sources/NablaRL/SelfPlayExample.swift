/// One training example from self-play: a position s, the search's move probabilities π there, and the
/// game's final result z for the player to move in s (1 win, 0 draw, -1 loss).
public struct SelfPlayExample<G: Game>: Sendable {
    /// s.
    public var position: G
    /// π, one probability per action.
    public var searchPolicy: [Double]
    /// z.
    public var outcome: Double

    /// An example.
    public init(position: G, searchPolicy: [Double], outcome: Double) {
        self.position = position
        self.searchPolicy = searchPolicy
        self.outcome = outcome
    }
}
