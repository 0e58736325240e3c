/// Connect Four on 6 rows × 7 columns: players drop stones into columns, where they fall to the lowest
/// free row; four in a row (horizontally, vertically or diagonally) wins; a full board is a draw.
/// Player 0 (X) moves first. Action c drops into column c, 0…6 from the left; people type 1…7.
public struct ConnectFour: Game {
    /// The game's name on the command line, `connect4`.
    public static let name = "connect4"
    /// The number of actions: one per column.
    public static let actionCount = 7
    /// The board's height in squares.
    public static let rows = 6
    /// The board's width in squares.
    public static let columns = 7

    /// `cells[row * 7 + column]`, row 0 at the top: the player whose stone is there, or `nil`.
    public private(set) var cells: [Int?]
    /// The number of stones in each column.
    public private(set) var heights: [Int]
    public private(set) var player = 0
    public private(set) var winner: Int?

    /// The empty board, player 0 to move.
    public init() {
        cells = Array(repeating: nil, count: Self.rows * Self.columns)
        heights = Array(repeating: 0, count: Self.columns)
    }

    /// The actions allowed now; empty once the game is over.
    public var legalActions: [Int] {
        winner == nil ? (0..<Self.columns).filter { heights[$0] < Self.rows } : []
    }

    /// Whether the game is over: won, or drawn because no move is left.
    public var isOver: Bool { winner != nil || heights.allSatisfy { $0 == Self.rows } }

    /// The position after the player to move takes `action`, which must be legal.
    public func playing(_ action: Int) -> ConnectFour {
        precondition((0..<Self.columns).contains(action) && heights[action] < Self.rows && winner == nil,
                     "ConnectFour: column \(action) cannot be played")
        var next = self
        let row = Self.rows - 1 - heights[action]
        next.cells[row * Self.columns + action] = player
        next.heights[action] += 1
        if next.completesLine(row: row, column: action) { next.winner = player }
        next.player = 1 - player
        return next
    }

    /// Whether the stone at (row, column) is part of four in a row of its owner.
    func completesLine(row: Int, column: Int) -> Bool {
        let owner = cells[row * Self.columns + column]
        for (dr, dc) in [(0, 1), (1, 0), (1, 1), (1, -1)] {
            var count = 1
            for sign in [1, -1] {
                var (r, c) = (row + sign * dr, column + sign * dc)
                while (0..<Self.rows).contains(r), (0..<Self.columns).contains(c), cells[r * Self.columns + c] == owner {
                    count += 1
                    (r, c) = (r + sign * dr, c + sign * dc)
                }
            }
            if count >= 4 { return true }
        }
        return false
    }

    /// The board as two planes of rows × columns: the stones of the player to move, then the opponent's, as 0 and 1.
    public var planes: [Float] {
        cells.map { $0 == player ? 1 : 0 } + cells.map { $0 == 1 - player ? 1 : 0 }
    }

    /// The column's number as a person types it, 1–7 from the left.
    public func moveName(_ action: Int) -> String { String(action + 1) }

    /// The action a person means by `text` (a number from 1), or `nil` when `text` names none.
    public func action(named text: String) -> Int? {
        Int(text.trimmingCharacters(in: .whitespaces)).flatMap { (1...Self.columns).contains($0) ? $0 - 1 : nil }
    }

    /// The board with X and O, and the column numbers underneath.
    public var description: String {
        let rows = (0..<Self.rows).map { row in
            "|" + (0..<Self.columns).map { column in
                cells[row * Self.columns + column].map { $0 == 0 ? "X" : "O" } ?? "."
            }.joined(separator: " ") + "|"
        }
        return (rows + [" " + (1...Self.columns).map(String.init).joined(separator: " ")]).joined(separator: "\n")
    }
}
