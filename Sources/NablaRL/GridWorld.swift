/// A grid world as in the notes and AIMA ch. 17: the agent moves up, down, left or right; the intended
/// move happens with probability 1 - noise and each move at right angles with probability noise/2;
/// a move into a wall or off the grid leaves the agent where it is. Exits are terminal squares whose
/// reward ends the episode; every other square pays the step reward.
public struct GridWorld: Sendable {
    /// The grid's width.
    public let columns: Int
    /// The grid's height.
    public let rows: Int
    /// Squares the agent cannot enter.
    public let walls: Set<GridPosition>
    /// The terminal squares and their rewards.
    public let exits: [GridPosition: Double]
    /// Where episodes start.
    public let start: GridPosition
    /// R(s) of every non-terminal square.
    public let stepReward: Double
    /// The probability that a move slips to one of the two perpendicular directions (half each).
    public let noise: Double
    /// The grid world as a finite Markov decision process: one state per open square, the `GridMove`s as actions.
    public let process: MarkovDecisionProcess
    /// The open squares in state order (row by row from the bottom, left to right).
    public let positions: [GridPosition]

    /// A grid world of `columns` × `rows` squares.
    /// - Throws: `MarkovDecisionProcessError` when a setting is out of range or a wall, exit or the start
    ///   lies off the grid, or the start is a wall or an exit.
    public init(columns: Int, rows: Int, walls: Set<GridPosition>, exits: [GridPosition: Double], start: GridPosition,
                stepReward: Double, discount: Double, noise: Double) throws {
        guard columns > 0, rows > 0 else { throw MarkovDecisionProcessError("a grid needs at least one column and one row, not \(columns)×\(rows)") }
        guard noise >= 0, noise <= 1 else { throw MarkovDecisionProcessError("the noise must be in [0, 1], not \(noise)") }
        guard stepReward.isFinite else { throw MarkovDecisionProcessError("the step reward must be a finite number, not \(stepReward)") }
        let inside = { (position: GridPosition) in (1...columns).contains(position.column) && (1...rows).contains(position.row) }
        for (kind, position) in walls.map({ ("wall", $0) }) + exits.keys.map({ ("exit", $0) }) + [("start", start)] where !inside(position) {
            throw MarkovDecisionProcessError("the \(kind) \(position) lies outside the \(columns)×\(rows) grid")
        }
        if let both = walls.first(where: { exits[$0] != nil }) { throw MarkovDecisionProcessError("\(both) is both a wall and an exit") }
        guard !walls.contains(start), exits[start] == nil else { throw MarkovDecisionProcessError("the start \(start) must be an open, non-terminal square") }

        let positions = (1...rows).flatMap { row in (1...columns).map { GridPosition($0, row) } }.filter { !walls.contains($0) }
        let index = Dictionary(uniqueKeysWithValues: positions.enumerated().map { ($1, $0) })
        var transitions: [Int: [Int: [Outcome]]] = [:]
        for (state, position) in positions.enumerated() where exits[position] == nil {
            for move in GridMove.allCases {
                var probabilities: [Int: Double] = [:]
                let slips = move.perpendicular.map { ($0, noise / 2) }
                for (direction, probability) in [(move, 1 - noise)] + slips where probability > 0 {
                    let target = position.moved(direction)
                    let landing = index[target] ?? state
                    probabilities[landing, default: 0] += probability
                }
                transitions[state, default: [:]][move.rawValue] = probabilities.sorted { $0.key < $1.key }
                    .map { Outcome(nextState: $0.key, probability: $0.value) }
            }
        }
        self.columns = columns
        self.rows = rows
        self.walls = walls
        self.exits = exits
        self.start = start
        self.stepReward = stepReward
        self.noise = noise
        self.positions = positions
        self.process = try MarkovDecisionProcess(
            stateNames: positions.map(\.description), actionNames: GridMove.allCases.map(\.arrow),
            rewards: positions.map { exits[$0] ?? stepReward }, discount: discount,
            terminalStates: Set(positions.indices.filter { exits[positions[$0]] != nil }),
            startState: index[start]!, transitions: transitions)
    }

    /// The notes' 4×3 world (AIMA fig. 17.1): a wall at (2,2), exits +1 at (4,3) and -1 at (4,2), start at (1,1).
    /// The defaults are the notes' step reward -0.04, γ = 1 and noise 0.2 (0.8 intended, 0.1 each side).
    public static func fourByThree(stepReward: Double = -0.04, discount: Double = 1, noise: Double = 0.2) throws -> GridWorld {
        try GridWorld(columns: 4, rows: 3, walls: [GridPosition(2, 2)],
                      exits: [GridPosition(4, 3): 1, GridPosition(4, 2): -1], start: GridPosition(1, 1),
                      stepReward: stepReward, discount: discount, noise: noise)
    }

    /// The state of the open square at `position`, or `nil` for a wall or a square off the grid.
    public func state(at position: GridPosition) -> Int? {
        positions.firstIndex(of: position)
    }
}
