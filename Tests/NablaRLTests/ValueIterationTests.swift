import Testing
import NablaRL

/// Value iteration's fixed point and its stopping rules.
struct ValueIterationTests {
    @Test func valueIterationFindsTheFixedPointSolvedByHand() throws {
        // U(A) = -1 + 0.9 (0.5·10 + 0.5 U(A))  ⇒  U(A) (1 - 0.45) = 3.5  ⇒  U(A) = 3.5/0.55 = 6.3636…
        let solution = try ValueIteration(tolerance: 1e-9).solve(try MarkovDecisionProcessTests.twoStates())
        #expect(abs(solution.utilities[0] - 3.5 / 0.55) < 1e-9)
        #expect(solution.utilities[1] == 10)
        #expect(solution.policy == Policy(actions: [1, nil]))
        // The error after i backups shrinks like 0.45^i, so the ε(1 - γ)/γ rule takes a few dozen.
        #expect(solution.lastChange <= 1e-9 * 0.1 / 0.9)
        #expect(solution.iterations > 20 && solution.iterations < 60)
    }

    @Test func stopsByTheNotesBoundForDiscountsBelowOne() throws {
        let iteration = ValueIteration(tolerance: 0.01)
        #expect(abs(iteration.stoppingThreshold(discount: 0.9) - 0.01 * 0.1 / 0.9) < 1e-15)
        #expect(iteration.stoppingThreshold(discount: 1) == 0.01)
        // The guarantee: stopping there leaves the utilities within ε of the fixed point.
        let process = try MarkovDecisionProcessTests.twoStates()
        let solution = try iteration.solve(process)
        #expect(abs(solution.utilities[0] - 3.5 / 0.55) < 0.01)
    }

    @Test func reportsUtilitiesThatNeverSettle() throws {
        // With γ = 1 and a reward of +1 for staying forever, U(A) grows by 1 every backup.
        let process = try MarkovDecisionProcess(
            stateNames: ["A", "B"], actionNames: ["stay"], rewards: [1, 0], discount: 1, terminalStates: [1], startState: 0,
            transitions: [0: [0: [Outcome(nextState: 0, probability: 1)]]])
        #expect(throws: MarkovDecisionProcessError(
            "value iteration did not converge in 50 iterations (γ = 1.0); with γ = 1 the utilities grow without bound "
            + "when an episode can go on forever collecting positive rewards")) {
            try ValueIteration(maximumIterations: 50).solve(process)
        }
    }
}
