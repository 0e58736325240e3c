import Nabla

/// What deep Q-learning produced.
public struct DeepQLearningResult {
    /// The Q-network of the best evaluation (the final one when no evaluation ran).
    public let network: Sequential
    /// The best average evaluation return, the one `network` reached.
    public let bestAverageReturn: Double
    /// The environment step after which `network` was evaluated.
    public let bestStep: Int
    /// The return of every training episode that ended, in order.
    public let episodeReturns: [Double]
    /// Every evaluation: the environment step and the average return.
    public let evaluations: [(step: Int, averageReturn: Double)]
    /// The environment steps taken (fewer than asked for when the target return was reached early).
    public let steps: Int
}
