/// One-ply lookahead: plays a move that wins at once if there is one; otherwise a random move among
/// those after which the opponent cannot win at once (which blocks a single threat), or any move when
/// none is safe.
public struct LookaheadPlayer<G: Game>: GamePlayer {
    private var generator: SplitMix64

    /// A player breaking ties with `seed`.
    public init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    /// A winning move if there is one, otherwise a random move after which the opponent cannot win at once (or any legal move).
    public mutating func chooseMove(in position: G) -> Int {
        let legal = position.legalActions
        if let winning = legal.first(where: { position.playing($0).winner == position.player }) { return winning }
        let opponentWins = { (after: G) in after.legalActions.contains { after.playing($0).winner == after.player } }
        let safe = legal.filter { !opponentWins(position.playing($0)) }
        return (safe.isEmpty ? legal : safe).randomElement(using: &generator)!
    }
}
