import Foundation

/// The learning rate η of the notes' Q-learning update, possibly shrinking with the visits of (s, a).
public enum LearningRateSchedule: Sendable, Equatable {
    /// The same η for every update.
    case constant(Double)
    /// η = 1/(1 + n), n the number of earlier updates of (s, a): each Q(s, a) is the running mean of its targets.
    case inverseVisits
    /// η = 1/(1 + n)^ω with ω in (0.5, 1]: shrinks more slowly than 1/(1 + n), which forgets the poor
    /// early targets sooner (Even-Dar and Mansour 2003 show ω around 0.85 converging much faster).
    case polynomial(exponent: Double)
    /// η = c/(c + n), n the number of earlier updates of (s, a) (AIMA's 60/(59 + n) is c = 60): starts at 1
    /// like 1/(1 + n) but shrinks more slowly, so early, poor targets are forgotten sooner.
    case slowlyDecaying(Double)

    /// η for a pair updated `visits` times before.
    public func rate(visits: Int) -> Double {
        switch self {
        case let .constant(rate): rate
        case .inverseVisits: 1 / Double(1 + visits)
        case let .polynomial(exponent): 1 / pow(Double(1 + visits), exponent)
        case let .slowlyDecaying(scale): scale / (scale + Double(visits))
        }
    }
}
