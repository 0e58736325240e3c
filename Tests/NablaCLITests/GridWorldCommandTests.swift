import Testing

/// `nabla rl gridworld` end to end: the grids it prints, each method, and bad flags.
struct GridWorldCommandTests {
    static let aimaUtilities = """
        3   0.812  0.868  0.918     +1
        2   0.762   wall  0.660     -1
        1   0.705  0.655  0.611  0.388
                1      2      3      4
        """
    static let aimaPolicy = """
        3     →    →    →   +1
        2     ↑ wall    ↑   -1
        1     ↑    ←    ←    ←
              1    2    3    4
        """

    @Test func printsTheUtilitiesAndPolicyOfFigure17_3() throws {
        let result = try CommandRunner.run(["rl", "gridworld", "--reward", "-0.04", "--gamma", "1", "--noise", "0.2"])
        #expect(result.status == 0, "\(result.all)")
        #expect(result.output.hasPrefix("4×3 grid world (AIMA fig. 17.1): reward -0.04 per step, γ = 1, noise 0.2\n"))
        #expect(result.output.contains("value iteration: "))
        #expect(result.output.contains(" iterations, until the largest change was ≤ ε = 1e-06"))
        #expect(result.output.contains("Utilities U(s):\n" + Self.aimaUtilities), "\(result.output)")
        #expect(result.output.contains("Policy π(s):\n" + Self.aimaPolicy), "\(result.output)")
    }

    @Test(arguments: [("policy", "policy iteration (exact evaluation): "),
                      ("modified", "modified policy iteration (5 sweeps per evaluation, ε = 1e-06): ")])
    func policyIterationPrintsTheSameGrids(method: String, summary: String) throws {
        let result = try CommandRunner.run(["rl", "gridworld", "--method", method])
        #expect(result.status == 0, "\(result.all)")
        #expect(result.output.contains(summary), "\(result.output)")
        #expect(result.output.contains(Self.aimaUtilities) && result.output.contains(Self.aimaPolicy), "\(result.output)")
    }

    @Test func qLearningFindsThePolicy() throws {
        let result = try CommandRunner.run(["rl", "gridworld", "--method", "qlearning", "--seed", "2"])
        #expect(result.status == 0, "\(result.all)")
        #expect(result.output.contains("Q-learning (ε-greedy, exploring starts, seed 2): 30000 episodes, "), "\(result.output)")
        #expect(result.output.contains("Utilities U(s) = max_a Q(s, a):"))
        #expect(result.output.contains(Self.aimaPolicy), "\(result.output)")
    }

    @Test func otherSettingsChangeThePolicy() throws {
        // A step costing 2 makes the -1 exit the better way out of (3,2) (AIMA fig. 17.2(b), R < -1.6284).
        let result = try CommandRunner.run(["rl", "gridworld", "--reward", "-2"])
        #expect(result.status == 0, "\(result.all)")
        #expect(result.output.contains("2     ↑ wall    →   -1"), "\(result.output)")
    }

    @Test(arguments: [
        (["rl", "gridworld", "--gamma", "1.5"], "--gamma must be in (0, 1], not 1.5"),
        (["rl", "gridworld", "--gamma", "0"], "--gamma must be in (0, 1], not 0.0"),
        (["rl", "gridworld", "--noise", "-0.1"], "--noise must be in [0, 1], not -0.1"),
        (["rl", "gridworld", "--episodes", "0"], "--episodes must be positive, not 0"),
        (["rl", "gridworld", "--sweeps", "0"], "--sweeps must be positive, not 0"),
        (["rl", "gridworld", "--epsilon", "0"], "--epsilon must be positive, not 0.0"),
        (["rl", "gridworld", "--method", "sarsa"], "The value 'sarsa' is invalid for '--method <method>'"),
    ])
    func flagsOutOfRangeGiveAClearMessage(arguments: [String], message: String) throws {
        let result = try CommandRunner.run(arguments)
        #expect(result.status == 2, "a usage error: \(result.all)")
        #expect(result.errors.contains(message), "\(result.all)")
        #expect(result.output.isEmpty)
    }

    @Test(arguments: [("value", "value iteration did not converge in 100000 iterations"),
                      ("policy", "the policy's utilities are undefined: with γ = 1.0 it never reaches a terminal state from (1,1)"),
                      ("modified", "policy iteration did not settle in 10000 iterations")])
    func unboundedUtilitiesAreExplained(method: String, message: String) throws {
        // A positive reward per step and no discount: circling forever is worth more than any exit.
        let result = try CommandRunner.run(["rl", "gridworld", "--reward", "0.1", "--gamma", "1", "--method", method])
        #expect(result.status == 1)
        #expect(result.errors.contains(message), "\(result.all)")
        #expect(!result.all.contains("Fatal error"))
    }
}
