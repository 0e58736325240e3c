/// A world an agent acts in one step at a time (the notes' emulator in §5.3): it shows an observation,
/// takes one of `actionCount` discrete actions, and answers with a reward and the next observation,
/// until the episode ends.
///
/// ```swift
/// var cartPole = CartPole(seed: 7)
/// var observation = cartPole.reset()
/// while true {
///     let step = cartPole.step(observation[2] > 0 ? 1 : 0)   // push toward the side the pole leans to
///     observation = step.observation
///     if step.isLast { break }
/// }
/// ```
public protocol Environment {
    /// The length of every observation vector.
    var observationSize: Int { get }
    /// The number of actions, numbered 0..<actionCount.
    var actionCount: Int { get }
    /// Starts a new episode (from a start state drawn with the environment's own seeded generator) and
    /// returns its first observation.
    mutating func reset() -> [Double]
    /// Takes `action` (in 0..<actionCount) and returns what followed. Stepping after the episode has
    /// ended, before `reset()`, is a programming error.
    mutating func step(_ action: Int) -> EnvironmentStep
}
