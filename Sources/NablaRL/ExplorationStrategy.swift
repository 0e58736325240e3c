import Foundation

/// How Q-learning picks the action to try in a state.
public enum ExplorationStrategy: Sendable, Equatable {
    /// ε-greedy: a random action with probability ε, the best known one otherwise. ε starts at `initial`
    /// and is multiplied by `decay` after every episode, but never falls below `minimum`.
    case epsilonGreedy(initial: Double, decay: Double, minimum: Double)
    /// AIMA's exploration function: take argmax_a f(Q(s, a), N(s, a)) with f(u, n) = R+ when n < Ne
    /// and u otherwise, so every action is tried Ne times with the optimistic value R+ before it is judged.
    case explorationFunction(optimisticReward: Double, visitsThreshold: Int)

    /// f(u, n) of the exploration function (the plain Q-value u for ε-greedy).
    public func explorationValue(utility: Double, visits: Int) -> Double {
        switch self {
        case .epsilonGreedy: utility
        case let .explorationFunction(optimisticReward, visitsThreshold): visits < visitsThreshold ? optimisticReward : utility
        }
    }

    /// ε for the given episode (counted from 0); 0 for the exploration function.
    public func epsilon(afterEpisodes episode: Int) -> Double {
        guard case let .epsilonGreedy(initial, decay, minimum) = self else { return 0 }
        return max(minimum, initial * pow(decay, Double(episode)))
    }
}
