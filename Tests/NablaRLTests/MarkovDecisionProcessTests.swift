import Testing
import NablaRL

/// Building finite MDPs, and the Bellman backup on a two-state process solved by hand.
struct MarkovDecisionProcessTests {
    /// Two states. In A (R = -1) "stay" keeps the agent in A; "go" reaches the terminal B (R = +10) with
    /// probability 0.5 and otherwise stays in A. γ = 0.9.
    static func twoStates() throws -> MarkovDecisionProcess {
        try MarkovDecisionProcess(
            stateNames: ["A", "B"], actionNames: ["stay", "go"], rewards: [-1, 10], discount: 0.9,
            terminalStates: [1], startState: 0,
            transitions: [0: [0: [Outcome(nextState: 0, probability: 1)],
                              1: [Outcome(nextState: 1, probability: 0.5), Outcome(nextState: 0, probability: 0.5)]]])
    }

    @Test func bellmanBackupByHand() throws {
        let process = try Self.twoStates()
        // From U = (0, 0): U'(A) = -1 + 0.9 max(0, 0.5·0 + 0.5·0) = -1, U'(B) = R(B) = 10.
        let first = process.bellmanBackup([0, 0])
        #expect(first == [-1, 10])
        // From U = (-1, 10): stay gives -1 + 0.9·(-1) = -1.9; go gives -1 + 0.9·(0.5·10 + 0.5·(-1)) = 3.05.
        let second = process.bellmanBackup(first)
        #expect(abs(second[0] - 3.05) < 1e-12 && second[1] == 10)
        #expect(process.greedyPolicy(for: first) == Policy(actions: [1, nil]))
    }

    @Test func exactPolicyEvaluationSolvesTheLinearSystem() throws {
        let process = try Self.twoStates()
        let going = try process.evaluate(Policy(actions: [1, nil]))
        #expect(abs(going[0] - 3.5 / 0.55) < 1e-12)
        // Staying forever: U(A) = -1 + 0.9 U(A) ⇒ U(A) = -10.
        let staying = try process.evaluate(Policy(actions: [0, nil]))
        #expect(abs(staying[0] + 10) < 1e-12)
    }

    @Test func transitionRewardsCount() throws {
        // A single step from A to the terminal B paying R(A, go, B) = 2 on top of R(A) = 1 and R(B) = 0.
        let process = try MarkovDecisionProcess(
            stateNames: ["A", "B"], actionNames: ["go"], rewards: [1, 0], discount: 1, terminalStates: [1], startState: 0,
            transitions: [0: [0: [Outcome(nextState: 1, probability: 1, reward: 2)]]])
        #expect(try ValueIteration().solve(process).utilities == [3, 0])
        #expect(try process.evaluate(Policy(actions: [0, nil])) == [3, 0])
    }

    @Test func rejectsMalformedProcesses() {
        #expect(throws: MarkovDecisionProcessError("the probabilities of action go in state A add up to 0.9, not 1")) {
            try MarkovDecisionProcess(stateNames: ["A", "B"], actionNames: ["go"], rewards: [0, 1], discount: 1,
                                      terminalStates: [1], startState: 0,
                                      transitions: [0: [0: [Outcome(nextState: 1, probability: 0.9)]]])
        }
        #expect(throws: MarkovDecisionProcessError("state A is not terminal but has no actions")) {
            try MarkovDecisionProcess(stateNames: ["A", "B"], actionNames: ["go"], rewards: [0, 1], discount: 1,
                                      terminalStates: [1], startState: 0, transitions: [:])
        }
        #expect(throws: MarkovDecisionProcessError("action go in state A leads to state 7, which is not one of the 2 states")) {
            try MarkovDecisionProcess(stateNames: ["A", "B"], actionNames: ["go"], rewards: [0, 1], discount: 1,
                                      terminalStates: [1], startState: 0,
                                      transitions: [0: [0: [Outcome(nextState: 7, probability: 1)]]])
        }
    }

    @Test func anEndlessPolicyWithoutDiscountHasNoUtilities() throws {
        let process = try MarkovDecisionProcess(
            stateNames: ["A", "B"], actionNames: ["stay", "go"], rewards: [-1, 10], discount: 1, terminalStates: [1], startState: 0,
            transitions: [0: [0: [Outcome(nextState: 0, probability: 1)], 1: [Outcome(nextState: 1, probability: 1)]]])
        #expect(throws: MarkovDecisionProcessError("the policy's utilities are undefined: with γ = 1.0 it never reaches a terminal state from A")) {
            try process.evaluate(Policy(actions: [0, nil]))
        }
        #expect(process.policyTowardTerminalStates() == Policy(actions: [1, nil]))
    }
}
