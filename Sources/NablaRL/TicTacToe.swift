/// Tic-tac-toe on a 3×3 board: X (player 0) moves first; three in a row, column or diagonal wins; a
/// full board without a line is a draw. Action k puts a stone on square k, numbered 0…8 row by row
/// from the top left; people type 1…9.
public struct TicTacToe: Game {
    /// The game's name on the command line, `tictactoe`.
    public static let name = "tictactoe"
    /// The number of actions: one per square.
    public static let actionCount = 9
    /// The board's height in squares.
    public static let rows = 3
    /// The board's width in squares.
    public static let columns = 3
    /// The eight lines of three squares.
    static let lines = [[0, 1, 2], [3, 4, 5], [6, 7, 8], [0, 3, 6], [1, 4, 7], [2, 5, 8], [0, 4, 8], [2, 4, 6]]

    /// `squares[k]`: the player (0 or 1) whose stone is on square k, or `nil`.
    public private(set) var squares: [Int?]
    public private(set) var player = 0
    public private(set) var winner: Int?

    /// The empty board, X to move.
    public init() { squares = Array(repeating: nil, count: 9) }

    /// A position from a drawing of its nine squares row by row (`X`, `O`, `.`; spaces and `/` between
    /// them are ignored), X having moved first: `TicTacToe(board: "X O . / . X . / O . .")`. `nil` when
    /// the text is not such a drawing or the stone counts cannot occur.
    public init?(board: String) {
        let marks = board.filter { !$0.isWhitespace && $0 != "/" }
        guard marks.count == 9, marks.allSatisfy({ "XO.".contains($0) }) else { return nil }
        var position = TicTacToe()
        position.squares = marks.map { $0 == "X" ? 0 : $0 == "O" ? 1 : nil }
        let (crosses, noughts) = (position.squares.filter { $0 == 0 }.count, position.squares.filter { $0 == 1 }.count)
        guard crosses == noughts || crosses == noughts + 1 else { return nil }
        position.player = crosses == noughts ? 0 : 1
        position.winner = Self.lines.lazy.compactMap { line in
            position.squares[line[0]].flatMap { owner in line.allSatisfy { position.squares[$0] == owner } ? owner : nil }
        }.first
        self = position
    }

    /// The actions allowed now; empty once the game is over.
    public var legalActions: [Int] {
        winner == nil ? squares.indices.filter { squares[$0] == nil } : []
    }

    /// Whether the game is over: won, or drawn because no move is left.
    public var isOver: Bool { winner != nil || !squares.contains(nil) }

    /// The position after the player to move takes `action`, which must be legal.
    public func playing(_ action: Int) -> TicTacToe {
        precondition(squares.indices.contains(action) && squares[action] == nil && winner == nil, "TicTacToe: square \(action) cannot be played")
        var next = self
        next.squares[action] = player
        if Self.lines.contains(where: { $0.contains(action) && $0.allSatisfy { next.squares[$0] == player } }) { next.winner = player }
        next.player = 1 - player
        return next
    }

    /// The board as two planes of rows × columns: the stones of the player to move, then the opponent's, as 0 and 1.
    public var planes: [Float] {
        squares.map { $0 == player ? 1 : 0 } + squares.map { $0 == 1 - player ? 1 : 0 }
    }

    /// The square's number as a person types it, 1–9 row by row.
    public func moveName(_ action: Int) -> String { String(action + 1) }

    /// The action a person means by `text` (a number from 1), or `nil` when `text` names none.
    public func action(named text: String) -> Int? {
        Int(text.trimmingCharacters(in: .whitespaces)).flatMap { (1...9).contains($0) ? $0 - 1 : nil }
    }

    /// The board with X, O and the numbers of the free squares.
    public var description: String {
        (0..<3).map { row in
            " " + (0..<3).map { column in
                let square = row * 3 + column
                return squares[square].map { $0 == 0 ? "X" : "O" } ?? String(square + 1)
            }.joined(separator: " | ")
        }.joined(separator: "\n---+---+---\n")
    }
}
