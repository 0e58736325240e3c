import Nabla

/// Plays episodes with the greedy policy argmax_a Q(φ(s), a) of a Q-network (no exploration) and
/// reports their returns. All episodes run side by side, so the network sees one batch of observations
/// per step rather than one observation at a time.
///
/// ```swift
/// let returns = GreedyEvaluation.returns(of: network, seeds: Array(1...100)) { CartPole(seed: $0) }
/// ```
public enum GreedyEvaluation {
    /// The undiscounted return of one episode in each environment `makeEnvironment(seed)` makes, one
    /// per seed, in the seeds' order.
    public static func returns<E: Environment>(of network: any Layer, seeds: [UInt64], makeEnvironment: (UInt64) -> E) -> [Double] {
        var environments = seeds.map(makeEnvironment)
        var observations = environments.indices.map { environments[$0].reset() }
        var totals = [Double](repeating: 0, count: seeds.count)
        var running = Array(seeds.indices)
        while !running.isEmpty {
            let actions = QNetwork.greedyActions(network, observations: running.map { observations[$0] })
            var stillRunning: [Int] = []
            for (episode, action) in zip(running, actions) {
                let step = environments[episode].step(action)
                totals[episode] += step.reward
                observations[episode] = step.observation
                if !step.isLast { stillRunning.append(episode) }
            }
            running = stillRunning
        }
        return totals
    }
}
