/// The four moves of a grid world; the raw value is the action's index in the grid world's process.
public enum GridMove: Int, CaseIterable, Sendable {
    /// One row up (toward higher row numbers).
    case up
    /// One row down.
    case down
    /// One column to the left.
    case left
    /// One column to the right.
    case right

    /// The arrow printed for this move.
    public var arrow: String {
        switch self {
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        }
    }

    /// The two moves at right angles to this one, where a noisy step may slip to.
    public var perpendicular: [GridMove] {
        switch self {
        case .up, .down: [.left, .right]
        case .left, .right: [.up, .down]
        }
    }
}
