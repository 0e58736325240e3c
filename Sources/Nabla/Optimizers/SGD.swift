/// Stochastic gradient descent, the notes' w ← w - η·∂C/∂w, with optional momentum, Nesterov momentum
/// and weight decay (PyTorch's formulation):
///
///     g ← ∂C/∂w + λ·w
///     v ← μ·v + g                      (with momentum μ > 0; v ← g on the first step)
///     w ← w - η·(g + μ·v)  (Nesterov)  or  w ← w - η·v
///
/// Without momentum the update is w ← w - η·g. The whole update runs as one fused kernel per
/// parameter (`OptimizerKernels`).
public final class SGD: Optimizer {
    /// The parameters this optimiser updates, in a fixed order (its state is stored by position).
    public let parameters: [Parameter]
    /// The step size η; learning-rate schedules change it between epochs.
    public var learningRate: Double
    /// The momentum coefficient μ (default 0: plain SGD, without a velocity buffer).
    public let momentum: Double
    /// Whether to use Nesterov momentum, w ← w - η·(g + μ·v) (default `false`; needs `momentum` > 0).
    public let nesterov: Bool
    /// The weight-decay coefficient λ, added to the gradient as λ·w (L2; default 0).
    public let weightDecay: Double
    private let slots: OptimizerSlots
    private var steps = 0

    /// SGD over `parameters` with step size η = `learningRate` (no default), momentum μ, Nesterov momentum
    /// and weight decay λ. Stops with a message if a value is negative, or if `nesterov` is set without momentum.
    public init(_ parameters: [Parameter], learningRate: Double, momentum: Double = 0, nesterov: Bool = false, weightDecay: Double = 0) {
        require(learningRate >= 0 && momentum >= 0 && weightDecay >= 0, "SGD: learning rate, momentum and weight decay must not be negative")
        require(!nesterov || momentum > 0, "SGD: Nesterov momentum needs momentum > 0")
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        self.nesterov = nesterov
        self.weightDecay = weightDecay
        slots = OptimizerSlots(parameters: parameters, stateNames: momentum > 0 ? ["velocity"] : [])
    }

    /// Applies one SGD update to every trainable parameter that has a gradient.
    public func step() {
        slots.apply(.sgd(learningRate: learningRate, momentum: momentum, weightDecay: weightDecay, nesterov: nesterov, firstStep: steps == 0))
        steps += 1
    }

    /// The step count and SGD's per-parameter tensors, to save with a checkpoint.
    public func state() -> OptimizerState { slots.state(kind: "SGD", step: steps, learningRate: learningRate) }

    /// Restores a state saved by `state()` from SGD over parameters of the same shapes.
    /// - Throws: `OptimizerStateError` naming every tensor that is missing or misshapen, or another kind of state.
    public func load(_ state: OptimizerState) throws {
        try slots.load(state, kind: "SGD")
        (steps, learningRate) = (state.step, state.learningRate)
    }
}
