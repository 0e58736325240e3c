import Nabla

/// The Q-network Q(φ(s), ·, ϑ) of deep Q-learning for vector observations: fully connected layers with
/// ReLU between them and one output per action, so one forward pass gives the values of all actions.
public enum QNetwork {
    /// `Linear(observationSize, h₁) → ReLU → … → Linear(h_last, actionCount)`, weights drawn from the
    /// global (or `RandomGenerator.seeded`) generator.
    ///
    /// ```swift
    /// let network = RandomGenerator.seeded(1) { QNetwork.make(observationSize: 4, actionCount: 2, hiddenSizes: [128, 128]) }
    /// ```
    public static func make(observationSize: Int, actionCount: Int, hiddenSizes: [Int]) -> Sequential {
        precondition(hiddenSizes.allSatisfy { $0 > 0 }, "QNetwork: hidden sizes must be positive, not \(hiddenSizes)")
        let widths = [observationSize] + hiddenSizes
        return Sequential {
            for (inputs, outputs) in zip(widths, widths.dropFirst()) {
                Linear(inputs, outputs)
                ReLU()
            }
            Linear(widths[widths.count - 1], actionCount)
        }
    }

    /// argmax_a Q(φ(s), a) for each observation, computed as one batch without recording gradients
    /// (the lowest action index among ties).
    public static func greedyActions(_ network: any Layer, observations: [[Double]]) -> [Int] {
        guard let width = observations.first?.count else { return [] }
        let input = Tensor(shape: [observations.count, width], of: Float.self) { buffer in
            for (row, observation) in observations.enumerated() {
                for (column, value) in observation.enumerated() { buffer[row * width + column] = Float(value) }
            }
        }
        let values = withoutGradients { network(input) }
        return values.argmax(alongAxis: 1).scalars(as: Int.self)
    }
}
