import CNablaKernels

/// Fused optimiser updates over contiguous buffers: one pass that reads each weight, its gradient
/// and the optimiser's state, and writes the new weight and state.
///
/// Backed by the `CNablaKernels` C target, with a variant per instruction set chosen at run time.
/// Square roots and divisions are exact IEEE operations; the AVX2 and AVX-512 variants may fuse a
/// multiply and an add, so results can differ between variants in the last bit. The weights,
/// gradient and state buffers must not overlap, and each must hold `count` elements.
enum OptimizerKernels {
    /// One step of an update rule, with its hyperparameters for this step. The formulas are
    /// documented with the optimisers (`SGD`, `Adam`, `RMSProp`, `Adagrad`).
    enum Update: Sendable {
        /// `g = ∇ + λw`; with momentum `v = (firstStep ? g : μv + g)`, `w -= η·(nesterov ? g + μv : v)`;
        /// without (`momentum == 0`, no state buffer) `w -= η·g`.
        case sgd(learningRate: Double, momentum: Double, weightDecay: Double, nesterov: Bool, firstStep: Bool)
        /// `g = ∇ + λ_coupled·w`, `m = β₁m + (1-β₁)g`, `v = β₂v + (1-β₂)g²`,
        /// `w = shrink·w - stepSize·m / (√v·inverseRootCorrection2 + ε)`; states `m`, `v`.
        case adam(beta1: Double, beta2: Double, epsilon: Double, stepSize: Double, inverseRootCorrection2: Double,
                  coupledDecay: Double, shrink: Double)
        /// `g = ∇ + λw`, `v = αv + (1-α)g²`, `w -= η·g / (√v + ε)`; state `v`.
        case rmsProp(learningRate: Double, alpha: Double, epsilon: Double, weightDecay: Double)
        /// `g = ∇ + λw`, `s += g²`, `w -= η·g / (√s + ε)`; state `s`.
        case adagrad(learningRate: Double, epsilon: Double, weightDecay: Double)

        /// How many state buffers the rule reads and writes.
        var stateCount: Int {
            switch self {
            case let .sgd(_, momentum, _, _, _): momentum == 0 ? 0 : 1
            case .adam: 2
            case .rmsProp, .adagrad: 1
            }
        }
    }

    /// Applies `update` to `count` weights in place, with their gradient and the rule's state
    /// buffers (`first`, then `second`; `nil` for states the rule does not have).
    static func apply(
        _ update: Update, weights: UnsafeMutablePointer<Float>, gradient: UnsafePointer<Float>,
        first: UnsafeMutablePointer<Float>?, second: UnsafeMutablePointer<Float>?, count: Int,
        variant: KernelVariant = .automatic
    ) {
        checkStates(update, first, second)
        let isa = variant.isa, n = Int64(count)
        switch update.hyperparameters {
        case let .sgd(h): nabla_sgd_step_f32(isa, h, weights, gradient, first, n)
        case let .adam(h): nabla_adam_step_f32(isa, h, weights, gradient, first, second, n)
        case let .rmsProp(h): nabla_rmsprop_step_f32(isa, h, weights, gradient, first, n)
        case let .adagrad(h): nabla_adagrad_step_f32(isa, h, weights, gradient, first, n)
        }
    }

    /// Applies `update` to `count` weights in place, with their gradient and the rule's state
    /// buffers (`first`, then `second`; `nil` for states the rule does not have).
    static func apply(
        _ update: Update, weights: UnsafeMutablePointer<Double>, gradient: UnsafePointer<Double>,
        first: UnsafeMutablePointer<Double>?, second: UnsafeMutablePointer<Double>?, count: Int,
        variant: KernelVariant = .automatic
    ) {
        checkStates(update, first, second)
        let isa = variant.isa, n = Int64(count)
        switch update.hyperparameters {
        case let .sgd(h): nabla_sgd_step_f64(isa, h, weights, gradient, first, n)
        case let .adam(h): nabla_adam_step_f64(isa, h, weights, gradient, first, second, n)
        case let .rmsProp(h): nabla_rmsprop_step_f64(isa, h, weights, gradient, first, n)
        case let .adagrad(h): nabla_adagrad_step_f64(isa, h, weights, gradient, first, n)
        }
    }

    /// Traps unless exactly the rule's state buffers are given (the C kernels would read through a null pointer).
    private static func checkStates<T>(_ update: Update, _ first: UnsafeMutablePointer<T>?, _ second: UnsafeMutablePointer<T>?) {
        let given = (first == nil ? 0 : 1) + (second == nil ? 0 : 1)
        precondition(given == update.stateCount && (second == nil || first != nil),
                     "OptimizerKernels: \(update) needs \(update.stateCount) state buffers, got \(given)")
    }
}

/// An update's hyperparameters as the C kernels take them.
private enum CHyperparameters {
    case sgd(nabla_sgd_hyperparameters)
    case adam(nabla_adam_hyperparameters)
    case rmsProp(nabla_rmsprop_hyperparameters)
    case adagrad(nabla_adagrad_hyperparameters)
}

extension OptimizerKernels.Update {
    fileprivate var hyperparameters: CHyperparameters {
        switch self {
        case let .sgd(learningRate, momentum, weightDecay, nesterov, firstStep):
            .sgd(nabla_sgd_hyperparameters(learning_rate: learningRate, momentum: momentum, weight_decay: weightDecay,
                                           nesterov: nesterov ? 1 : 0, first_step: firstStep ? 1 : 0))
        case let .adam(beta1, beta2, epsilon, stepSize, inverseRootCorrection2, coupledDecay, shrink):
            .adam(nabla_adam_hyperparameters(beta1: beta1, beta2: beta2, epsilon: epsilon, step_size: stepSize,
                                             inverse_root_correction2: inverseRootCorrection2, coupled_decay: coupledDecay, shrink: shrink))
        case let .rmsProp(learningRate, alpha, epsilon, weightDecay):
            .rmsProp(nabla_rmsprop_hyperparameters(learning_rate: learningRate, alpha: alpha, epsilon: epsilon, weight_decay: weightDecay))
        case let .adagrad(learningRate, epsilon, weightDecay):
            .adagrad(nabla_adagrad_hyperparameters(learning_rate: learningRate, epsilon: epsilon, weight_decay: weightDecay))
        }
    }
}
