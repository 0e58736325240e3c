/// ε of ε-greedy exploration annealed linearly over steps, as in the notes' §5.3: from `initial`
/// (1: every action random) down to `final` over `steps` environment steps, then held.
///
/// ```swift
/// let exploration = EpsilonAnnealing(initial: 1, final: 0.05, steps: 10_000)
/// exploration.epsilon(atStep: 5_000)   // 0.525
/// ```
public struct EpsilonAnnealing: Sendable, Equatable {
    /// ε at step 0.
    public var initial: Double
    /// ε from step `steps` on.
    public var final: Double
    /// The number of steps over which ε falls.
    public var steps: Int

    /// ε falling linearly from `initial` to `final` over `steps` steps.
    public init(initial: Double = 1, final: Double = 0.05, steps: Int = 10_000) {
        self.initial = initial
        self.final = final
        self.steps = steps
    }

    /// ε at `step` (counted from 0).
    public func epsilon(atStep step: Int) -> Double {
        guard step < steps else { return final }
        return initial + (final - initial) * Double(step) / Double(steps)
    }
}
