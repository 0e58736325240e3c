/// A fixed opponent for matches: picks a move in any position that is not over.
public protocol GamePlayer<G> {
    /// The game the player plays.
    associatedtype G: Game
    /// A legal move in `position`.
    mutating func chooseMove(in position: G) -> Int
}
