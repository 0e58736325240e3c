import Foundation

/// Adam (Kingma & Ba): per-parameter step sizes from running averages of the gradient and its square.
///
///     g ← ∂C/∂w + λ·w
///     m ← β₁·m + (1 - β₁)·g            v ← β₂·v + (1 - β₂)·g²
///     m̂ = m / (1 - β₁ᵗ)                 v̂ = v / (1 - β₂ᵗ)
///     w ← w - η·m̂ / (√v̂ + ε)
///
/// `weightDecay` adds λ·w to g (L2, as PyTorch's Adam); for decoupled decay use `AdamW`. The whole
/// update runs as one fused kernel per parameter (`OptimizerKernels`).
public final class Adam: Optimizer {
    /// The parameters this optimiser updates, in a fixed order (its state is stored by position).
    public let parameters: [Parameter]
    /// The step size η; learning-rate schedules change it between epochs.
    public var learningRate: Double
    /// β₁ (default 0.9): the decay rate of the running average m of the gradient.
    public let beta1: Double
    /// β₂ (default 0.999): the decay rate of the running average v of the squared gradient.
    public let beta2: Double
    /// ε (default 1e-8): added to √v̂ to keep the step finite.
    public let epsilon: Double
    /// λ (default 0): the L2 coefficient that adds λ·w to the gradient (in `AdamW`, the decoupled decay).
    public let weightDecay: Double
    let decoupled: Bool
    private let slots: OptimizerSlots
    private var steps = 0

    /// Adam over `parameters` with step size η = `learningRate` (default 1e-3) and the hyperparameters above.
    /// Stops with a message unless η ≥ 0, β₁ and β₂ are in [0, 1), ε > 0 and λ ≥ 0.
    public convenience init(_ parameters: [Parameter], learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
                            epsilon: Double = 1e-8, weightDecay: Double = 0) {
        self.init(parameters, learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay, decoupled: false)
    }

    init(_ parameters: [Parameter], learningRate: Double, beta1: Double, beta2: Double, epsilon: Double, weightDecay: Double, decoupled: Bool) {
        require(learningRate >= 0 && (0..<1).contains(beta1) && (0..<1).contains(beta2) && epsilon > 0 && weightDecay >= 0,
                "Adam: needs learning rate ≥ 0, β₁ and β₂ in [0, 1), ε > 0 and weight decay ≥ 0")
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.decoupled = decoupled
        slots = OptimizerSlots(parameters: parameters, stateNames: ["m", "v"])
    }

    var kind: String { decoupled ? "AdamW" : "Adam" }

    /// The update of step `t`, with the bias corrections folded into two constants:
    /// η·m̂/(√v̂ + ε) = (η/(1-β₁ᵗ))·m / (√v·(1/√(1-β₂ᵗ)) + ε). Adam adds λ·w to the gradient;
    /// AdamW instead multiplies the weights by 1 - ηλ.
    func update(step t: Int) -> OptimizerKernels.Update {
        .adam(beta1: beta1, beta2: beta2, epsilon: epsilon,
              stepSize: learningRate / (1 - Foundation.pow(beta1, Double(t))),
              inverseRootCorrection2: 1 / (1 - Foundation.pow(beta2, Double(t))).squareRoot(),
              coupledDecay: decoupled ? 0 : weightDecay,
              shrink: decoupled ? 1 - learningRate * weightDecay : 1)
    }

    /// Applies one Adam update to every trainable parameter that has a gradient.
    public func step() {
        steps += 1
        slots.apply(update(step: steps))
    }

    /// The step count and Adam's per-parameter tensors, to save with a checkpoint.
    public func state() -> OptimizerState { slots.state(kind: kind, step: steps, learningRate: learningRate) }

    /// Restores a state saved by `state()` from Adam over parameters of the same shapes.
    /// - Throws: `OptimizerStateError` naming every tensor that is missing or misshapen, or another kind of state.
    public func load(_ state: OptimizerState) throws {
        try slots.load(state, kind: kind)
        (steps, learningRate) = (state.step, state.learningRate)
    }
}

/// Adam with decoupled weight decay (Loshchilov & Hutter): w ← (1 - ηλ)·w before the Adam step,
/// instead of adding λ·w to the gradient:
///
///     w ← (1 - ηλ)·w - η·m̂ / (√v̂ + ε)      (m̂, v̂ as in `Adam`, from the gradient without decay)
public final class AdamW: Optimizer {
    private let adam: Adam

    /// AdamW over `parameters`, with the defaults of `Adam` except the decoupled weight decay λ = 0.01.
    /// Stops with a message unless η ≥ 0, β₁ and β₂ are in [0, 1), ε > 0 and λ ≥ 0.
    public init(_ parameters: [Parameter], learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
                epsilon: Double = 1e-8, weightDecay: Double = 0.01) {
        adam = Adam(parameters, learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay, decoupled: true)
    }

    /// The parameters this optimiser updates, in a fixed order (its state is stored by position).
    public var parameters: [Parameter] { adam.parameters }
    /// The step size η; learning-rate schedules change it between epochs.
    public var learningRate: Double {
        get { adam.learningRate }
        set { adam.learningRate = newValue }
    }
    /// The decoupled weight-decay coefficient λ: each step first multiplies the weights by 1 - η·λ.
    public var weightDecay: Double { adam.weightDecay }
    /// β₁: the decay rate of the running average of the gradient.
    public var beta1: Double { adam.beta1 }
    /// β₂: the decay rate of the running average of the squared gradient.
    public var beta2: Double { adam.beta2 }
    /// ε: added to √v̂ to keep the step finite.
    public var epsilon: Double { adam.epsilon }
    /// Applies one AdamW update to every trainable parameter that has a gradient.
    public func step() { adam.step() }
    /// The step count and AdamW's per-parameter tensors, to save with a checkpoint.
    public func state() -> OptimizerState { adam.state() }
    /// Restores a state saved by `state()` from AdamW over parameters of the same shapes.
    /// - Throws: `OptimizerStateError` naming every tensor that is missing or misshapen, or another kind of state.
    public func load(_ state: OptimizerState) throws { try adam.load(state) }
}
