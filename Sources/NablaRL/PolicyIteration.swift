/// Policy iteration (the notes' §5.1): evaluate the current policy, make it greedy with respect to its
/// utilities, and repeat until the policy no longer changes.
///
/// Evaluation is exact (the linear system, O(|S|³)) or, for modified policy iteration, k sweeps of the
/// simplified Bellman update starting from the previous utilities; then the iteration also waits until
/// the utilities have settled as value iteration's stopping rule demands.
public struct PolicyIteration: Sendable {
    /// How each policy is evaluated.
    public enum Evaluation: Sendable, Equatable {
        /// Solve the |S|×|S| linear system by Gaussian elimination.
        case exact
        /// Modified policy iteration: this many sweeps of the simplified Bellman update.
        case sweeps(Int)
    }

    /// How each policy is evaluated.
    public var evaluation: Evaluation
    /// The error ε allowed in the utilities (modified policy iteration only).
    public var tolerance: Double
    /// The number of improvement steps after which the iteration gives up.
    public var maximumIterations: Int

    /// Policy iteration with the given evaluation.
    public init(evaluation: Evaluation = .exact, tolerance: Double = 1e-6, maximumIterations: Int = 10_000) {
        self.evaluation = evaluation
        self.tolerance = tolerance
        self.maximumIterations = maximumIterations
    }

    /// What policy iteration found.
    public struct Solution: Sendable {
        /// The utilities of the final policy.
        public let utilities: [Double]
        /// The final policy, greedy with respect to its own utilities.
        public let policy: Policy
        /// The number of evaluate-and-improve rounds.
        public let iterations: Int
    }

    /// Solves `process`, starting from `initialPolicy` or, by default, from a policy that heads for the
    /// terminal states (so every policy evaluated has finite utilities even for γ = 1).
    /// - Throws: `MarkovDecisionProcessError` when a policy cannot be evaluated or the policy keeps changing
    ///   after `maximumIterations` rounds.
    public func solve(_ process: MarkovDecisionProcess, from initialPolicy: Policy? = nil) throws -> Solution {
        var policy = initialPolicy ?? process.policyTowardTerminalStates()
        var utilities = process.initialUtilities
        let threshold = ValueIteration(tolerance: tolerance).stoppingThreshold(discount: process.discount)
        if case let .sweeps(count) = evaluation, count < 1 {
            throw MarkovDecisionProcessError("modified policy iteration needs at least one sweep per evaluation, not \(count)")
        }
        for iteration in 1...max(1, maximumIterations) {
            var settled = true
            switch evaluation {
            case .exact:
                utilities = try process.evaluate(policy)
            case let .sweeps(count):
                let evaluated = try process.evaluate(policy, sweeps: count, from: utilities)
                utilities = evaluated.utilities
                settled = evaluated.lastChange <= threshold
            }
            let improved = Self.improve(policy, in: process, utilities: utilities)
            if improved == policy && settled {
                return Solution(utilities: utilities, policy: policy, iterations: iteration)
            }
            policy = improved
        }
        throw MarkovDecisionProcessError(
            "policy iteration did not settle in \(maximumIterations) iterations (γ = \(process.discount)); "
            + "with γ = 1 the utilities grow without bound when an episode can go on forever collecting positive rewards")
    }

    /// The greedy policy for `utilities`, keeping the current action wherever it is as good as the best
    /// (so ties cannot make the iteration cycle).
    static func improve(_ policy: Policy, in process: MarkovDecisionProcess, utilities: [Double]) -> Policy {
        Policy(actions: (0..<process.stateCount).map { state in
            guard let best = process.bestAction(in: state, utilities: utilities) else { return nil }
            if let current = policy[state],
               process.actionValue(of: current, in: state, utilities: utilities) >= best.value - 1e-12 {
                return current
            }
            return best.action
        })
    }
}
