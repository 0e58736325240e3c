/// A fixed opponent for matches: picks a move in any position that is not over.
public protocol GamePlayer<G> {
    associatedtype G: Game
    /// A legal move in `position`.
    mutating func chooseMove(in position: G) -> Int
}

/// Plays a legal move drawn uniformly at random.
public struct RandomPlayer<G: Game>: GamePlayer {
    private var generator: SplitMix64

    /// A player drawing its moves with `seed`.
    public init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    public mutating func chooseMove(in position: G) -> Int {
        position.legalActions.randomElement(using: &generator)!
    }
}

/// One-ply lookahead: plays a move that wins at once if there is one; otherwise a random move among
/// those after which the opponent cannot win at once (which blocks a single threat), or any move when
/// none is safe.
public struct LookaheadPlayer<G: Game>: GamePlayer {
    private var generator: SplitMix64

    /// A player breaking ties with `seed`.
    public init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    public mutating func chooseMove(in position: G) -> Int {
        let legal = position.legalActions
        if let winning = legal.first(where: { position.playing($0).winner == position.player }) { return winning }
        let opponentWins = { (after: G) in after.legalActions.contains { after.playing($0).winner == after.player } }
        let safe = legal.filter { !opponentWins(position.playing($0)) }
        return (safe.isEmpty ? legal : safe).randomElement(using: &generator)!
    }
}
