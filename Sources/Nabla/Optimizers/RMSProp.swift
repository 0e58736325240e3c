/// RMSProp: divides the step by a running root mean square of recent gradients (PyTorch's form).
///
///     g ← ∂C/∂w + λ·w
///     v ← α·v + (1 - α)·g²        w ← w - η·g / (√v + ε)
///
/// The whole update runs as one fused kernel per parameter (`OptimizerKernels`).
public final class RMSProp: Optimizer {
    /// The parameters this optimiser updates, in a fixed order (its state is stored by position).
    public let parameters: [Parameter]
    /// The step size η; learning-rate schedules change it between epochs.
    public var learningRate: Double
    /// α (default 0.99): the decay rate of the running average v of the squared gradient.
    public let alpha: Double
    /// ε (default 1e-8): added to √v to keep the step finite.
    public let epsilon: Double
    /// λ (default 0): the L2 coefficient that adds λ·w to the gradient.
    public let weightDecay: Double
    private let slots: OptimizerSlots
    private var steps = 0

    /// RMSProp over `parameters` with step size η = `learningRate` (default 1e-2). Stops with a message
    /// unless η ≥ 0, α is in [0, 1), ε > 0 and λ ≥ 0.
    public init(_ parameters: [Parameter], learningRate: Double = 1e-2, alpha: Double = 0.99, epsilon: Double = 1e-8, weightDecay: Double = 0) {
        require(learningRate >= 0 && (0..<1).contains(alpha) && epsilon > 0 && weightDecay >= 0,
                "RMSProp: needs learning rate ≥ 0, α in [0, 1), ε > 0 and weight decay ≥ 0")
        self.parameters = parameters
        self.learningRate = learningRate
        self.alpha = alpha
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        slots = OptimizerSlots(parameters: parameters, stateNames: ["squareAverage"])
    }

    /// Applies one RMSProp update to every trainable parameter that has a gradient.
    public func step() {
        slots.apply(.rmsProp(learningRate: learningRate, alpha: alpha, epsilon: epsilon, weightDecay: weightDecay))
        steps += 1
    }

    /// The step count and RMSProp's per-parameter tensors, to save with a checkpoint.
    public func state() -> OptimizerState { slots.state(kind: "RMSProp", step: steps, learningRate: learningRate) }

    /// Restores a state saved by `state()` from RMSProp over parameters of the same shapes.
    /// - Throws: `OptimizerStateError` naming every tensor that is missing or misshapen, or another kind of state.
    public func load(_ state: OptimizerState) throws {
        try slots.load(state, kind: "RMSProp")
        (steps, learningRate) = (state.step, state.learningRate)
    }
}
