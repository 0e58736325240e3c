/// The activation functions as layers, for use in `Sequential`. Each applies the tensor function of
/// the same name; none has parameters.

/// σ(x) = 1 / (1 + e⁻ˣ).
public final class Sigmoid: Module {
    override public func forward(_ input: Tensor) -> Tensor { input.sigmoid() }
}

/// tanh(x).
public final class Tanh: Module {
    override public func forward(_ input: Tensor) -> Tensor { input.tanh() }
}

/// hardtanh(x): x clamped to [-1, 1].
public final class HardTanh: Module {
    override public func forward(_ input: Tensor) -> Tensor { input.hardTanh() }
}

/// max(0, x).
public final class ReLU: Module {
    override public func forward(_ input: Tensor) -> Tensor { input.relu() }
}

/// x for x > 0, `slope`·x otherwise.
public final class LeakyReLU: Module {
    public let slope: Double
    public init(slope: Double = 0.01) { self.slope = slope; super.init() }
    override public func forward(_ input: Tensor) -> Tensor { input.leakyRelu(slope: slope) }
}

/// x for x > 0, α(eˣ - 1) otherwise.
public final class ELU: Module {
    public let alpha: Double
    public init(alpha: Double = 1) { self.alpha = alpha; super.init() }
    override public func forward(_ input: Tensor) -> Tensor { input.elu(alpha: alpha) }
}

/// softmax along `axis` (the last by default).
public final class Softmax: Module {
    public let axis: Int
    public init(axis: Int = -1) { self.axis = axis; super.init() }
    override public func forward(_ input: Tensor) -> Tensor { input.softmax(alongAxis: axis) }
}

/// log softmax along `axis` (the last by default).
public final class LogSoftmax: Module {
    public let axis: Int
    public init(axis: Int = -1) { self.axis = axis; super.init() }
    override public func forward(_ input: Tensor) -> Tensor { input.logSoftmax(alongAxis: axis) }
}
