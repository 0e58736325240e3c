/// Non-trainable state of a module, kept with its parameters: the running statistics of a batch
/// normalisation, the fixed mean and deviation of a `Standardization` layer.
///
/// Declare buffers with the property wrapper; the module finds them like parameters (`namedBuffers()`).
/// They are saved and loaded with the model under their dotted names, but they never require a
/// gradient, optimisers never see them, and `freeze(false)` does not make them trainable.
///
/// ```swift
/// final class RunningMean: Module, Layer {
///     @Buffer var mean = Tensor.zeros([4])
///     func forward(_ input: Tensor) -> Tensor {
///         if isTraining { mean = 0.9 * mean + 0.1 * input.mean(alongAxes: [0]) }
///         return input - mean
///     }
/// }
/// ```
@propertyWrapper
public final class Buffer {
    /// The current value, never part of a computation graph.
    public private(set) var value: Tensor

    /// Creates a buffer holding `value`, cut off from any graph.
    public init(_ value: Tensor) {
        self.value = value.detached()
    }

    /// Property-wrapper form of `init(_:)`.
    public convenience init(wrappedValue: Tensor) { self.init(wrappedValue) }

    /// The tensor, as seen through the property. Assigning a tensor stores its values, detached from
    /// the graph that computed them; shape and element type must stay the same.
    public var wrappedValue: Tensor {
        get { value }
        set { update { $0 = newValue } }
    }

    /// The buffer object itself (`$runningMean`).
    public var projectedValue: Buffer { self }

    /// Changes the value without recording the change in a graph (in place or by assigning a new
    /// tensor). The new value must have the same shape and element type, or the program stops with a message.
    public func update(_ body: (inout Tensor) -> Void) {
        let (shape, dtype) = (value.shape, value.dtype)
        withoutGradients { body(&value) }
        require(value.shape == shape && value.dtype == dtype,
                "Buffer: cannot replace a \(dtype) value of shape \(shape) with a \(value.dtype) one of shape \(value.shape)")
        if value.requiresGrad { value = value.detached() }
    }

    /// The shape of the value.
    public var shape: [Int] { value.shape }
    /// The number of scalars.
    public var count: Int { value.count }
}
