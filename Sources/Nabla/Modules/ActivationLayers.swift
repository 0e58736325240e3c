// The activation functions as layers, for use in `Sequential`. Each applies the tensor function of
// the same name; none has parameters.

/// σ(x) = 1 / (1 + e⁻ˣ).
public final class Sigmoid: Module, Layer {
    /// `input.sigmoid()`.
    public func forward(_ input: Tensor) -> Tensor { input.sigmoid() }
}

/// tanh(x).
public final class Tanh: Module, Layer {
    /// `input.tanh()`.
    public func forward(_ input: Tensor) -> Tensor { input.tanh() }
}

/// hardtanh(x): x clamped to [-1, 1].
public final class HardTanh: Module, Layer {
    /// `input.hardTanh()`.
    public func forward(_ input: Tensor) -> Tensor { input.hardTanh() }
}

/// max(0, x).
public final class ReLU: Module, Layer {
    /// `input.relu()`.
    public func forward(_ input: Tensor) -> Tensor { input.relu() }
}

/// x for x > 0, `slope`·x otherwise.
public final class LeakyReLU: Module, Layer {
    /// The slope for negative inputs (default 0.01).
    public let slope: Double
    /// A leaky ReLU that multiplies negative inputs by `slope` (default 0.01).
    public init(slope: Double = 0.01) { self.slope = slope; super.init() }
    /// `input.leakyRelu(slope: slope)`.
    public func forward(_ input: Tensor) -> Tensor { input.leakyRelu(slope: slope) }
}

/// x for x > 0, α(eˣ - 1) otherwise.
public final class ELU: Module, Layer {
    /// α, the scale of the negative part, which tends to -α for large negative inputs (default 1).
    public let alpha: Double
    /// An ELU with scale `alpha` (default 1).
    public init(alpha: Double = 1) { self.alpha = alpha; super.init() }
    /// `input.elu(alpha: alpha)`.
    public func forward(_ input: Tensor) -> Tensor { input.elu(alpha: alpha) }
}

/// softmax along `axis` (the last by default).
public final class Softmax: Module, Layer {
    /// The axis along which the outputs sum to 1 (negative values count from the end; default -1, the last).
    public let axis: Int
    /// A softmax along `axis` (default -1: the class axis of scores `[N, classes]`).
    public init(axis: Int = -1) { self.axis = axis; super.init() }
    /// `input.softmax(alongAxis: axis)`.
    public func forward(_ input: Tensor) -> Tensor { input.softmax(alongAxis: axis) }
}

/// log softmax along `axis` (the last by default).
public final class LogSoftmax: Module, Layer {
    /// The axis along which log softmax is taken (negative values count from the end; default -1, the last).
    public let axis: Int
    /// A log softmax along `axis` (default -1: the class axis of scores `[N, classes]`).
    public init(axis: Int = -1) { self.axis = axis; super.init() }
    /// `input.logSoftmax(alongAxis: axis)`.
    public func forward(_ input: Tensor) -> Tensor { input.logSoftmax(alongAxis: axis) }
}
