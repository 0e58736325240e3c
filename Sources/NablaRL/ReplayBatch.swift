import Nabla

/// A minibatch of transitions from the replay memory, as `float32` tensors.
public struct ReplayBatch {
    /// φ(sⱼ), `[batch, observationSize]`.
    public var observations: Tensor
    /// aⱼ, one per row.
    public var actions: [Int]
    /// rⱼ, `[batch]`.
    public var rewards: Tensor
    /// φ(sⱼ₊₁), `[batch, observationSize]`.
    public var nextObservations: Tensor
    /// 1 where sⱼ₊₁ is terminal, 0 elsewhere, `[batch]`.
    public var terminal: Tensor

    /// A batch from its parts.
    public init(observations: Tensor, actions: [Int], rewards: Tensor, nextObservations: Tensor, terminal: Tensor) {
        self.observations = observations
        self.actions = actions
        self.rewards = rewards
        self.nextObservations = nextObservations
        self.terminal = terminal
    }

    /// The number of transitions.
    public var count: Int { actions.count }
}
