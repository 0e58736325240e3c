import ArgumentParser
import Foundation
import NablaRL

/// `nabla rl gridworld`: solves the notes' 4×3 grid world (AIMA fig. 17.1) and prints its utilities and policy.
struct GridWorldCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gridworld",
        abstract: "Solve the 4×3 grid world and print its utilities and optimal policy.",
        discussion: """
        The world of AIMA fig. 17.1: a wall at (2,2), exits +1 at (4,3) and -1 at (4,2), start at (1,1). \
        A move goes where intended with probability 1 - noise and slips to each side with noise/2; bumping \
        into the wall or the edge stays put. With the defaults the utilities are those of AIMA fig. 17.3.
        value:     value iteration, until ‖U' - U‖ ≤ ε(1 - γ)/γ (≤ ε when γ = 1)
        policy:    policy iteration, exact evaluation by Gaussian elimination
        modified:  modified policy iteration, --sweeps sweeps per evaluation
        qlearning: tabular Q-learning over --episodes episodes, without the model
        """
    )

    enum Method: String, ExpressibleByArgument, CaseIterable { case value, policy, modified, qlearning }

    // Numbers may be negative (`--reward -0.04`), so these options take the next word whatever it looks like.
    @Option(parsing: .unconditional, help: "Reward R(s) of every non-terminal square.") var reward = -0.04
    @Option(parsing: .unconditional, help: "Discount γ, in (0, 1].") var gamma = 1.0
    @Option(parsing: .unconditional, help: "Probability that a move slips sideways (half to each side), in [0, 1].") var noise = 0.2
    @Option(help: "value, policy, modified or qlearning.") var method: Method = .value
    @Option(parsing: .unconditional, help: "Tolerance ε of the utilities (value and modified policy iteration).") var epsilon = 1e-6
    @Option(parsing: .unconditional, help: "Evaluation sweeps per policy (modified policy iteration).") var sweeps = 5
    @Option(parsing: .unconditional, help: "Episodes to play (Q-learning).") var episodes = 30_000
    @Option(help: "Random seed (Q-learning).") var seed: UInt64 = 1

    func validate() throws {
        guard reward.isFinite, abs(reward) <= 100 else { throw ValidationError("--reward must be a number between -100 and 100, not \(reward)") }
        guard gamma > 0, gamma <= 1 else { throw ValidationError("--gamma must be in (0, 1], not \(gamma)") }
        guard noise >= 0, noise <= 1 else { throw ValidationError("--noise must be in [0, 1], not \(noise)") }
        guard epsilon > 0, epsilon.isFinite else { throw ValidationError("--epsilon must be positive, not \(epsilon)") }
        guard sweeps > 0 else { throw ValidationError("--sweeps must be positive, not \(sweeps)") }
        guard episodes > 0 else { throw ValidationError("--episodes must be positive, not \(episodes)") }
    }

    func run() throws {
        let world = try GridWorld.fourByThree(stepReward: reward, discount: gamma, noise: noise)
        print("4×3 grid world (AIMA fig. 17.1): reward \(Self.format(reward)) per step, γ = \(Self.format(gamma)), noise \(Self.format(noise))")
        let started = Date()
        let (utilities, policy, summary) = try solve(world)
        let seconds = Date().timeIntervalSince(started)
        print("\(summary) (\(String(format: "%.2f", seconds)) s)\n")
        print(method == .qlearning ? "Utilities U(s) = max_a Q(s, a):" : "Utilities U(s):")
        print(world.utilityTable(utilities))
        print("\nPolicy π(s):")
        print(world.policyTable(policy))
    }

    /// Runs the chosen method: the utilities, the policy and a line saying what it took.
    private func solve(_ world: GridWorld) throws -> ([Double], Policy, String) {
        do {
            switch method {
            case .value:
                let iteration = ValueIteration(tolerance: epsilon)
                let solution = try iteration.solve(world.process)
                let rule = gamma < 1
                    ? "ε(1 - γ)/γ = \(Self.format(iteration.stoppingThreshold(discount: gamma))) with ε = \(Self.format(epsilon))"
                    : "ε = \(Self.format(epsilon))"
                return (solution.utilities, solution.policy,
                        "value iteration: \(Self.count(solution.iterations, "iteration")), until the largest change was ≤ \(rule)")
            case .policy:
                let solution = try PolicyIteration().solve(world.process)
                return (solution.utilities, solution.policy, "policy iteration (exact evaluation): \(Self.count(solution.iterations, "iteration"))")
            case .modified:
                let solution = try PolicyIteration(evaluation: .sweeps(sweeps), tolerance: epsilon).solve(world.process)
                return (solution.utilities, solution.policy,
                        "modified policy iteration (\(sweeps) sweeps per evaluation, ε = \(Self.format(epsilon))): \(Self.count(solution.iterations, "iteration"))")
            case .qlearning:
                let result = try QLearning(episodes: episodes, seed: seed).learn(world.process)
                return (result.utilities, result.policy,
                        "Q-learning (ε-greedy, exploring starts, seed \(seed)): \(Self.count(result.episodes, "episode")), \(Self.count(result.steps, "step"))")
            }
        } catch let error as MarkovDecisionProcessError {
            throw CommandFailure(error.description)
        }
    }

    /// `1 iteration`, `30 iterations`.
    private static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    /// A number as a person writes it: `-0.04`, `1`, `0.2`, `1e-06`.
    private static func format(_ value: Double) -> String {
        String(format: "%.3g", value)
    }
}
