/// Plays a legal move drawn uniformly at random.
public struct RandomPlayer<G: Game>: GamePlayer {
    private var generator: SplitMix64

    /// A player drawing its moves with `seed`.
    public init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    /// A legal move drawn uniformly at random.
    public mutating func chooseMove(in position: G) -> Int {
        position.legalActions.randomElement(using: &generator)!
    }
}
