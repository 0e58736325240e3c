import Nabla

/// How the target network ϑ⁻ of deep Q-learning follows the online network ϑ.
public enum TargetNetworkUpdate: Sendable, Equatable {
    /// The notes' rule: ϑ⁻ ← ϑ after every `every` training steps (the notes' C), frozen in between.
    case copy(every: Int)
    /// Polyak averaging: ϑ⁻ ← ρ ϑ + (1 - ρ) ϑ⁻ after every training step, with the rate ρ in (0, 1].
    case polyak(rate: Double)

    /// Moves `target`'s parameters toward `online`'s after training step `step` (counted from 1).
    public func apply(online: Module, target: Module, afterTrainingStep step: Int) {
        switch self {
        case .copy(let every):
            if step % every == 0 { Self.blend(online: online, into: target, rate: 1) }
        case .polyak(let rate):
            Self.blend(online: online, into: target, rate: rate)
        }
    }

    /// ϑ⁻ ← ρ ϑ + (1 - ρ) ϑ⁻ parameter by parameter (a plain copy for ρ = 1); the networks must have the
    /// same structure.
    public static func blend(online: Module, into target: Module, rate: Double) {
        let sources = online.parameters(), destinations = target.parameters()
        precondition(sources.count == destinations.count, "TargetNetworkUpdate: the networks have \(sources.count) and \(destinations.count) parameters")
        for (source, destination) in zip(sources, destinations) {
            destination.update { value in
                value = rate == 1 ? source.value.detached() : rate * source.value + (1 - rate) * value
            }
        }
    }

    /// Why the rule cannot be used, or `nil`.
    var problem: String? {
        switch self {
        case .copy(let every): every > 0 ? nil : "the target network's copy interval must be positive, not \(every)"
        case .polyak(let rate): rate > 0 && rate <= 1 ? nil : "the Polyak rate must be in (0, 1], not \(rate)"
        }
    }
}
