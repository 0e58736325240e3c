/// A perfect player for small games by exhaustive negamax search with a table of solved positions: the
/// value of a position for the player to move is 1 (win), 0 (draw) or -1 (loss) under best play. Among
/// equally good moves it picks one at random, so that matches against it vary.
public struct MinimaxPlayer<G: Game>: GamePlayer {
    private var values: [G: Int] = [:]
    private var generator: SplitMix64

    /// A player breaking ties with `seed`.
    public init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    /// The value of `position` for the player to move under best play on both sides.
    public mutating func value(of position: G) -> Int {
        if let outcome = position.outcomeForPlayerToMove { return Int(outcome) }
        if let known = values[position] { return known }
        var best = -1
        for action in position.legalActions {
            best = max(best, -value(of: position.playing(action)))
            if best == 1 { break }
        }
        values[position] = best
        return best
    }

    /// The moves that keep the best value.
    public mutating func bestMoves(in position: G) -> [Int] {
        let scored = position.legalActions.map { ($0, -value(of: position.playing($0))) }
        let best = scored.map(\.1).max()!
        return scored.filter { $0.1 == best }.map(\.0)
    }

    /// One of the best moves by exhaustive search, drawn at random among equals.
    public mutating func chooseMove(in position: G) -> Int {
        bestMoves(in: position).randomElement(using: &generator)!
    }
}
