/// What deep Q-learning reports while it runs, for progress displays.
public enum DeepQLearningEvent: Sendable {
    /// An episode of the training environment ended.
    case episode(number: Int, return: Double, length: Int, step: Int, epsilon: Double)
    /// The greedy policy was evaluated after `step` environment steps; `isBest` when it beat every
    /// earlier evaluation and became the network kept.
    case evaluation(step: Int, averageReturn: Double, isBest: Bool)
}
