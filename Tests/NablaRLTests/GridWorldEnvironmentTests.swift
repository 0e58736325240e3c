import Testing
import NablaRL

/// The grid world played step by step: one-hot observations, rewards of the squares visited, exits as
/// terminal states and the step limit as truncation.
@Suite struct GridWorldEnvironmentTests {
    @Test func aPathToTheExitPaysTheStepsAndTheExit() throws {
        let world = try GridWorld.fourByThree(noise: 0)
        var environment = GridWorldEnvironment(world: world, seed: 1)
        let start = environment.reset()
        #expect(environment.observationSize == 11 && environment.actionCount == 4)
        #expect(start == environment.observation(of: try #require(world.state(at: GridPosition(1, 1)))))
        #expect(start.reduce(0, +) == 1)
        let moves: [GridMove] = [.up, .up, .right, .right, .right]
        let steps = moves.map { environment.step($0.rawValue) }
        #expect(steps.prefix(4).allSatisfy { !$0.isLast && abs($0.reward + 0.04) < 1e-12 })
        // The last step leaves (3,3), paying its -0.04, and lands on the +1 exit.
        #expect(steps[4].isTerminal && abs(steps[4].reward - 0.96) < 1e-12)
        #expect(steps[4].observation == environment.observation(of: try #require(world.state(at: GridPosition(4, 3)))))
    }

    @Test func bumpingIntoTheWallStaysAndTheLimitTruncates() throws {
        var environment = GridWorldEnvironment(world: try GridWorld.fourByThree(noise: 0), seed: 1, stepLimit: 3)
        let start = environment.reset()
        let steps = (0..<3).map { _ in environment.step(GridMove.left.rawValue) }
        #expect(steps.allSatisfy { $0.observation == start })
        #expect(!steps[1].isLast && steps[2].isTruncated && !steps[2].isTerminal)
    }

    @Test func noisyMovesAreSeeded() throws {
        let world = try GridWorld.fourByThree()
        func path(_ seed: UInt64) -> [[Double]] {
            var environment = GridWorldEnvironment(world: world, seed: seed)
            _ = environment.reset()
            var observations: [[Double]] = []
            while true {
                let step = environment.step(GridMove.up.rawValue)
                observations.append(step.observation)
                if step.isLast { return observations }
            }
        }
        #expect(path(5) == path(5))
        #expect((6...10).contains { path($0) != path(5) })
    }
}
