/// A two-player, zero-sum board game with alternating moves and perfect information, as AlphaZero's
/// self-play needs it (the notes' §5.4): positions are values, a move gives a new position, and the
/// board is shown to the network as planes from the point of view of the player to move.
///
/// Players are 0 (who moves first) and 1. Actions are numbered 0..<`actionCount` in every position;
/// `legalActions` says which are allowed.
public protocol Game: Sendable, Hashable, CustomStringConvertible {
    /// The game's name on the command line (`tictactoe`, `connect4`).
    static var name: String { get }
    /// The number of actions (some are illegal in a given position).
    static var actionCount: Int { get }
    /// The board's height in squares (the network's planes are `rows × columns`).
    static var rows: Int { get }
    /// The board's width in squares.
    static var columns: Int { get }
    /// The starting position.
    init()
    /// The player to move, 0 or 1.
    var player: Int { get }
    /// The actions allowed now; empty once the game is over.
    var legalActions: [Int] { get }
    /// The position after the player to move takes `action`, which must be legal.
    func playing(_ action: Int) -> Self
    /// The winner (0 or 1) once a player has won, `nil` otherwise.
    var winner: Int? { get }
    /// Whether the game is over (won, or drawn because no move is left).
    var isOver: Bool { get }
    /// The board as two planes of `rows × columns` (row-major, top row first): the stones of the player
    /// to move, then the opponent's, as 0 and 1.
    var planes: [Float] { get }
    /// How a person names `action` (`5` for the centre in tic-tac-toe, `4` for the middle column).
    func moveName(_ action: Int) -> String
    /// The action a person means by `text`, or `nil` when `text` names none.
    func action(named text: String) -> Int?
}

extension Game {
    /// The result for the player to move: 1 won, -1 lost, 0 drawn, `nil` while the game goes on. (After
    /// a win it is the loser's turn, so a decided game is -1 for the player to move.)
    public var outcomeForPlayerToMove: Double? {
        if let winner { return winner == player ? 1 : -1 }
        return isOver ? 0 : nil
    }

    /// Whether `action` is allowed now.
    public func isLegal(_ action: Int) -> Bool { legalActions.contains(action) }

    /// 1 for each legal action and 0 for the others, `actionCount` numbers.
    public var legalMask: [Float] {
        var mask = [Float](repeating: 0, count: Self.actionCount)
        for action in legalActions { mask[action] = 1 }
        return mask
    }
}
