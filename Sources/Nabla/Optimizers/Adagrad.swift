/// Adagrad: steps shrink with the sum of all past squared gradients, so rarely updated weights keep
/// larger steps.
///
///     g ← ∂C/∂w + λ·w
///     s ← s + g²        w ← w - η·g / (√s + ε)
///
/// The whole update runs as one fused kernel per parameter (`OptimizerKernels`).
public final class Adagrad: Optimizer {
    /// The parameters this optimiser updates, in a fixed order (its state is stored by position).
    public let parameters: [Parameter]
    /// The step size η; learning-rate schedules change it between epochs.
    public var learningRate: Double
    /// ε (default 1e-10): added to √s to keep the step finite.
    public let epsilon: Double
    /// λ (default 0): the L2 coefficient that adds λ·w to the gradient.
    public let weightDecay: Double
    private let slots: OptimizerSlots
    private var steps = 0

    /// Adagrad over `parameters` with step size η = `learningRate` (default 1e-2). Stops with a message
    /// unless η ≥ 0, ε > 0 and λ ≥ 0.
    public init(_ parameters: [Parameter], learningRate: Double = 1e-2, epsilon: Double = 1e-10, weightDecay: Double = 0) {
        require(learningRate >= 0 && epsilon > 0 && weightDecay >= 0, "Adagrad: needs learning rate ≥ 0, ε > 0 and weight decay ≥ 0")
        self.parameters = parameters
        self.learningRate = learningRate
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        slots = OptimizerSlots(parameters: parameters, stateNames: ["sumOfSquares"])
    }

    /// Applies one Adagrad update to every trainable parameter that has a gradient.
    public func step() {
        slots.apply(.adagrad(learningRate: learningRate, epsilon: epsilon, weightDecay: weightDecay))
        steps += 1
    }

    /// The step count and Adagrad's per-parameter tensors, to save with a checkpoint.
    public func state() -> OptimizerState { slots.state(kind: "Adagrad", step: steps, learningRate: learningRate) }

    /// Restores a state saved by `state()` from Adagrad over parameters of the same shapes.
    /// - Throws: `OptimizerStateError` naming every tensor that is missing or misshapen, or another kind of state.
    public func load(_ state: OptimizerState) throws {
        try slots.load(state, kind: "Adagrad")
        (steps, learningRate) = (state.step, state.learningRate)
    }
}
