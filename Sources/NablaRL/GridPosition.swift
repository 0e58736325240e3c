/// A square of a grid world, counted as in AIMA from the bottom-left corner (1, 1): `column` grows to
/// the right, `row` upward.
public struct GridPosition: Hashable, Sendable, CustomStringConvertible {
    /// The column, 1 at the left edge.
    public var column: Int
    /// The row, 1 at the bottom edge.
    public var row: Int

    /// The square in `column` and `row`.
    public init(_ column: Int, _ row: Int) {
        self.column = column
        self.row = row
    }

    /// `(column,row)`, as AIMA writes squares.
    public var description: String { "(\(column),\(row))" }

    /// The neighbouring square one step in `move`'s direction (possibly off the grid).
    public func moved(_ move: GridMove) -> GridPosition {
        switch move {
        case .up: GridPosition(column, row + 1)
        case .down: GridPosition(column, row - 1)
        case .left: GridPosition(column - 1, row)
        case .right: GridPosition(column + 1, row)
        }
    }
}
