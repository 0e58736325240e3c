import Testing
@testable import NablaRL

/// The 4×3 grid world: its transitions, and the utilities and policy of AIMA figs. 17.2(a) and 17.3.
struct GridWorldTests {
    /// AIMA fig. 17.3: the utilities for R = -0.04 and γ = 1, by square.
    static let aimaUtilities: [GridPosition: Double] = [
        GridPosition(1, 3): 0.812, GridPosition(2, 3): 0.868, GridPosition(3, 3): 0.918, GridPosition(4, 3): 1,
        GridPosition(1, 2): 0.762, GridPosition(3, 2): 0.660, GridPosition(4, 2): -1,
        GridPosition(1, 1): 0.705, GridPosition(2, 1): 0.655, GridPosition(3, 1): 0.611, GridPosition(4, 1): 0.388,
    ]

    /// AIMA fig. 17.2(a), the optimal policy for R = -0.04.
    static let aimaPolicy: [GridPosition: GridMove] = [
        GridPosition(1, 3): .right, GridPosition(2, 3): .right, GridPosition(3, 3): .right,
        GridPosition(1, 2): .up, GridPosition(3, 2): .up,
        GridPosition(1, 1): .up, GridPosition(2, 1): .left, GridPosition(3, 1): .left, GridPosition(4, 1): .left,
    ]

    /// The policy of AIMA fig. 17.2(a) in `world`'s state order.
    static func aimaPolicy(in world: GridWorld) -> Policy {
        Policy(actions: world.positions.map { aimaPolicy[$0]?.rawValue })
    }

    @Test func hasElevenStatesTwoOfThemTerminal() throws {
        let world = try GridWorld.fourByThree()
        #expect(world.process.stateCount == 11)
        #expect(world.state(at: GridPosition(2, 2)) == nil, "the wall is not a state")
        #expect(world.process.terminalStates == [(try #require(world.state(at: GridPosition(4, 3)))), (try #require(world.state(at: GridPosition(4, 2))))])
        #expect(world.process.startState == world.state(at: GridPosition(1, 1)))
        #expect(world.process.rewards[(try #require(world.state(at: GridPosition(3, 1))))] == -0.04)
    }

    @Test func movesAsInTheNotes() throws {
        let world = try GridWorld.fourByThree()
        let state = { world.state(at: GridPosition($0, $1)) ?? -1 }   // -1 (no state) fails the comparisons below
        // Up from (1,1): 0.8 to (1,2), 0.1 right to (2,1), 0.1 left into the edge (stays).
        let upFromStart = world.process.outcomes(of: GridMove.up.rawValue, in: state(1, 1))
        #expect(upFromStart == [Outcome(nextState: state(1, 1), probability: 0.1), Outcome(nextState: state(2, 1), probability: 0.1),
                                Outcome(nextState: state(1, 2), probability: 0.8)])
        // Right from (1,2) bumps into the wall: 0.8 stays, 0.1 up, 0.1 down.
        let intoTheWall = world.process.outcomes(of: GridMove.right.rawValue, in: state(1, 2))
        #expect(intoTheWall.first { $0.nextState == state(1, 2) }?.probability == 0.8)
        #expect(world.process.actions(in: state(4, 3)).isEmpty, "exits have no actions")
    }

    @Test func noiseAndRewardAreSettings() throws {
        let world = try GridWorld.fourByThree(stepReward: -0.5, discount: 0.9, noise: 0)
        let start = (try #require(world.state(at: GridPosition(1, 1))))
        #expect(world.process.outcomes(of: GridMove.right.rawValue, in: start) == [Outcome(nextState: (try #require(world.state(at: GridPosition(2, 1)))), probability: 1)])
        #expect(world.process.rewards[start] == -0.5)
        #expect(world.process.discount == 0.9)
    }

    @Test func rejectsSettingsOutOfRange() {
        #expect(throws: MarkovDecisionProcessError("the noise must be in [0, 1], not 1.5")) { try GridWorld.fourByThree(noise: 1.5) }
        #expect(throws: MarkovDecisionProcessError("the discount γ must be in (0, 1], not 0.0")) { try GridWorld.fourByThree(discount: 0) }
        #expect(throws: MarkovDecisionProcessError("the wall (5,1) lies outside the 4×3 grid")) {
            try GridWorld(columns: 4, rows: 3, walls: [GridPosition(5, 1)], exits: [GridPosition(4, 3): 1], start: GridPosition(1, 1),
                          stepReward: -0.04, discount: 1, noise: 0.2)
        }
    }

    @Test func valueIterationReproducesFigure17_3() throws {
        let world = try GridWorld.fourByThree()
        let solution = try ValueIteration().solve(world.process)
        for (position, expected) in Self.aimaUtilities {
            let utility = solution.utilities[(try #require(world.state(at: position)))]
            #expect(abs(utility - expected) < 0.0005, "U\(position) = \(utility), AIMA has \(expected)")
        }
        #expect(solution.policy.differences(from: Self.aimaPolicy(in: world)).isEmpty, "\(world.policyTable(solution.policy))")
        #expect(solution.iterations > 10 && solution.iterations < 100)
    }

    @Test func printsUtilitiesAndPolicyAsAGrid() throws {
        let world = try GridWorld.fourByThree()
        let solution = try ValueIteration().solve(world.process)
        #expect(world.utilityTable(solution.utilities) == """
            3   0.812  0.868  0.918     +1
            2   0.762   wall  0.660     -1
            1   0.705  0.655  0.611  0.388
                    1      2      3      4
            """)
        #expect(world.policyTable(solution.policy) == """
            3     →    →    →   +1
            2     ↑ wall    ↑   -1
            1     ↑    ←    ←    ←
                  1    2    3    4
            """)
    }

    @Test func formatsNumbers() {
        #expect(GridWorld.threeDecimals(0.81249) == "0.812")
        #expect(GridWorld.threeDecimals(0.8125) == "0.813")
        #expect(GridWorld.threeDecimals(-0.0001) == "0.000")
        #expect(GridWorld.threeDecimals(-1.25) == "-1.250")
        #expect(GridWorld.exitLabel(1) == "+1")
        #expect(GridWorld.exitLabel(-0.5) == "-0.500")
    }
}
