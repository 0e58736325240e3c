/// A fixed opponent for matches: picks a move in any position that is not over.
public protocol GamePlayer<G> {
    associatedtype G: Game
    /// A legal move in `position`.
    mutating func chooseMove(in position: G) -> Int
}
