import Testing
import NablaRL

/// Policy iteration, exact and modified, against value iteration.
struct PolicyIterationTests {
    static func maximumDifference(_ first: [Double], _ second: [Double]) -> Double {
        zip(first, second).reduce(0) { max($0, abs($1.0 - $1.1)) }
    }

    @Test(arguments: [(-0.04, 1.0, 0.2), (-0.04, 0.9, 0.2), (-0.4, 1.0, 0.2), (-2.0, 1.0, 0.2), (0.0, 0.9, 0.2), (-0.01, 0.99, 0.4)])
    func agreesWithValueIteration(stepReward: Double, discount: Double, noise: Double) throws {
        let world = try GridWorld.fourByThree(stepReward: stepReward, discount: discount, noise: noise)
        let values = try ValueIteration(tolerance: 1e-9).solve(world.process)
        let exact = try PolicyIteration().solve(world.process)
        #expect(exact.policy == values.policy, "\n\(world.policyTable(exact.policy))\nvalue iteration:\n\(world.policyTable(values.policy))")
        #expect(Self.maximumDifference(exact.utilities, values.utilities) < 1e-6)
        #expect(exact.iterations < values.iterations)
        let modified = try PolicyIteration(evaluation: .sweeps(5), tolerance: 1e-9).solve(world.process)
        #expect(modified.policy == values.policy)
        #expect(Self.maximumDifference(modified.utilities, values.utilities) < 1e-6)
    }

    @Test func reproducesFigure17_3() throws {
        let world = try GridWorld.fourByThree()
        let solution = try PolicyIteration().solve(world.process)
        for (position, expected) in GridWorldTests.aimaUtilities {
            #expect(abs(solution.utilities[(try #require(world.state(at: position)))] - expected) < 0.0005)
        }
        #expect(solution.policy == GridWorldTests.aimaPolicy(in: world))
    }

    @Test func startsFromAnyPolicyThatEnds() throws {
        let world = try GridWorld.fourByThree(discount: 0.9)
        let allUp = Policy(actions: world.positions.map { world.exits[$0] == nil ? GridMove.up.rawValue : nil })
        let solution = try PolicyIteration().solve(world.process, from: allUp)
        #expect(solution.policy == (try ValueIteration().solve(world.process)).policy)
    }

    @Test func refusesZeroSweeps() throws {
        let world = try GridWorld.fourByThree()
        #expect(throws: MarkovDecisionProcessError("modified policy iteration needs at least one sweep per evaluation, not 0")) {
            try PolicyIteration(evaluation: .sweeps(0)).solve(world.process)
        }
    }
}
