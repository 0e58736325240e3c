/// Value iteration (the notes' §5.1): repeat the Bellman backup U_{i+1} = B(U_i) from U_0 = 0 until the
/// largest change ‖U_{i+1} - U_i‖ (maximum norm) guarantees ‖U_{i+1} - U‖ < ε.
///
/// For γ < 1 that is the notes' bound ‖U_{i+1} - U_i‖ ≤ ε(1 - γ)/γ. For γ = 1 the bound says nothing;
/// in an episodic world whose policies all end, the iteration still converges and stops once the largest
/// change is below ε.
public struct ValueIteration: Sendable {
    /// The error ε allowed in the utilities.
    public var tolerance: Double
    /// The number of backups after which the iteration gives up.
    public var maximumIterations: Int

    /// Value iteration to within `tolerance` (ε), giving up after `maximumIterations` backups.
    public init(tolerance: Double = 1e-6, maximumIterations: Int = 100_000) {
        self.tolerance = tolerance
        self.maximumIterations = maximumIterations
    }

    /// What value iteration found.
    public struct Solution: Sendable {
        /// The utilities U(s), within ε of the true ones.
        public let utilities: [Double]
        /// The greedy policy for those utilities.
        public let policy: Policy
        /// The number of Bellman backups performed.
        public let iterations: Int
        /// ‖U_i - U_{i-1}‖ of the last backup.
        public let lastChange: Double
    }

    /// The change below which the iteration stops: ε(1 - γ)/γ, or ε itself when γ = 1.
    public func stoppingThreshold(discount: Double) -> Double {
        discount < 1 ? tolerance * (1 - discount) / discount : tolerance
    }

    /// Solves `process` by value iteration.
    /// - Throws: `MarkovDecisionProcessError` when the utilities have not settled after `maximumIterations`
    ///   backups (with γ = 1 when some policy never ends and the rewards along it are positive).
    public func solve(_ process: MarkovDecisionProcess) throws -> Solution {
        let threshold = stoppingThreshold(discount: process.discount)
        var utilities = [Double](repeating: 0, count: process.stateCount)
        for iteration in 1...max(1, maximumIterations) {
            let next = process.bellmanBackup(utilities)
            let change = zip(next, utilities).reduce(0) { max($0, abs($1.0 - $1.1)) }
            utilities = next
            if change <= threshold {
                return Solution(utilities: utilities, policy: process.greedyPolicy(for: utilities),
                                iterations: iteration, lastChange: change)
            }
        }
        throw MarkovDecisionProcessError(
            "value iteration did not converge in \(maximumIterations) iterations (γ = \(process.discount)); "
            + "with γ = 1 the utilities grow without bound when an episode can go on forever collecting positive rewards")
    }
}
