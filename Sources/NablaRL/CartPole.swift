import Foundation

/// The classic cart-pole balancing task (Barto, Sutton and Anderson 1983) with the rules of Gymnasium's
/// CartPole-v1: a pole is hinged on a cart that moves along a track; each step the agent pushes the cart
/// left (action 0) or right (action 1) with a force of 10 N and earns a reward of 1. The episode ends in a
/// terminal state when the pole leans more than 12° or the cart leaves the track (|x| > 2.4), and is cut
/// off (truncated, not terminal) after 500 steps, so the best possible return is 500.
///
/// The observation is (x, ẋ, θ, θ̇): cart position and velocity, pole angle (0 upright, positive to the
/// right) and angular velocity. Episodes start with each of the four drawn uniformly from [-0.05, 0.05].
///
/// The dynamics (pole of half-length l = 0.5 and mass m = 0.1 on a cart of mass 1, g = 9.8, force F,
/// total mass M = 1.1), integrated with Euler steps of τ = 0.02 s, the position updated before the velocity:
///
///     h  = (F + m l θ̇² sin θ) / M
///     θ̈  = (g sin θ - cos θ · h) / (l (4/3 - m cos²θ / M))
///     ẍ  = h - m l θ̈ cos θ / M
///     x ← x + τ ẋ,   ẋ ← ẋ + τ ẍ,   θ ← θ + τ θ̇,   θ̇ ← θ̇ + τ θ̈
public struct CartPole: Environment, Sendable {
    /// g, in m/s².
    public static let gravity = 9.8
    /// The cart's mass, in kg.
    public static let cartMass = 1.0
    /// The pole's mass m, in kg.
    public static let poleMass = 0.1
    /// Half the pole's length l, in m.
    public static let poleHalfLength = 0.5
    /// The push of each action, in N.
    public static let forceMagnitude = 10.0
    /// The Euler time step τ, in s.
    public static let timeStep = 0.02
    /// The episode ends when |x| exceeds this (m).
    public static let positionLimit = 2.4
    /// The episode ends when |θ| exceeds this: 12°, in radians.
    public static let angleLimit = 12 * 2 * Double.pi / 360
    /// Episodes are truncated after this many steps.
    public static let defaultStepLimit = 500

    /// The length of every observation: x, ẋ, θ, θ̇.
    public let observationSize = 4
    /// The number of actions: push left (0) or right (1).
    public let actionCount = 2
    /// The number of steps after which an episode is truncated.
    public let stepLimit: Int
    /// The current (x, ẋ, θ, θ̇).
    public private(set) var state: [Double]
    /// Steps taken in the current episode.
    public private(set) var stepsTaken = 0
    private var generator: SplitMix64
    private var episodeOver = true

    /// A cart-pole whose start states are drawn from `seed`; call `reset()` to begin.
    public init(seed: UInt64, stepLimit: Int = CartPole.defaultStepLimit) {
        precondition(stepLimit > 0, "CartPole: the step limit must be positive, not \(stepLimit)")
        self.stepLimit = stepLimit
        generator = SplitMix64(seed: seed)
        state = [0, 0, 0, 0]
    }

    /// Begins an episode in `state` = (x, ẋ, θ, θ̇) instead of a random one (for tests and demonstrations).
    public mutating func reset(to state: [Double]) -> [Double] {
        precondition(state.count == 4, "CartPole: a state has 4 numbers (x, ẋ, θ, θ̇), not \(state.count)")
        self.state = state
        stepsTaken = 0
        episodeOver = false
        return state
    }

    /// Starts a new episode and returns its first observation.
    public mutating func reset() -> [Double] {
        reset(to: (0..<4).map { _ in Double.random(in: -0.05..<0.05, using: &generator) })
    }

    /// Takes `action` and returns the reward, the next observation and whether the episode ended.
    public mutating func step(_ action: Int) -> EnvironmentStep {
        precondition(action == 0 || action == 1, "CartPole: the action must be 0 (left) or 1 (right), not \(action)")
        precondition(!episodeOver, "CartPole: the episode is over; call reset() first")
        state = Self.next(state, force: action == 1 ? Self.forceMagnitude : -Self.forceMagnitude)
        stepsTaken += 1
        let (x, theta) = (state[0], state[2])
        let terminal = abs(x) > Self.positionLimit || abs(theta) > Self.angleLimit
        let truncated = !terminal && stepsTaken >= stepLimit
        episodeOver = terminal || truncated
        return EnvironmentStep(observation: state, reward: 1, isTerminal: terminal, isTruncated: truncated)
    }

    /// One Euler step of the equations of motion from (x, ẋ, θ, θ̇) under the horizontal force `force`.
    public static func next(_ state: [Double], force: Double) -> [Double] {
        let (x, velocity, theta, angularVelocity) = (state[0], state[1], state[2], state[3])
        let totalMass = cartMass + poleMass
        let poleMoment = poleMass * poleHalfLength   // m l
        let (sine, cosine) = (sin(theta), cos(theta))
        let h = (force + poleMoment * angularVelocity * angularVelocity * sine) / totalMass
        let angularAcceleration = (gravity * sine - cosine * h)
            / (poleHalfLength * (4.0 / 3.0 - poleMass * cosine * cosine / totalMass))
        let acceleration = h - poleMoment * angularAcceleration * cosine / totalMass
        return [x + timeStep * velocity, velocity + timeStep * acceleration,
                theta + timeStep * angularVelocity, angularVelocity + timeStep * angularAcceleration]
    }
}

extension CartPole {
    /// The best return an episode can earn: 1 per step up to the default step limit.
    public static let maximumReturn = Double(defaultStepLimit)
}
