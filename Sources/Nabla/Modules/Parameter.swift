/// A learnable tensor of a module: a weight matrix, a bias vector.
///
/// Declare parameters with the property wrapper, and the module finds them by itself:
///
/// ```swift
/// final class Affine: Module, Layer {
///     @Parameter var weight: Tensor
///     init(features: Int) {
///         _weight = Parameter(Tensor.ones([features]))
///         super.init()
///     }
///     func forward(_ input: Tensor) -> Tensor { input * weight }
/// }
/// ```
///
/// A `Parameter` is a reference: the module and the optimiser share it, so an optimiser step is seen
/// by the module at once. Its tensor is always a leaf of the computation graph that requires a
/// gradient while the parameter is trainable.
@propertyWrapper
public final class Parameter {
    /// The current value, a graph leaf (its `grad` holds ∂L/∂parameter after `backward()`).
    public private(set) var value: Tensor

    /// Whether optimisers update this parameter and `backward()` computes its gradient.
    /// A frozen (non-trainable) parameter still takes part in the forward pass.
    public var isTrainable: Bool {
        didSet { value.requiresGrad = isTrainable }
    }

    /// Creates a parameter holding `value` (as a new graph leaf).
    public init(_ value: Tensor, trainable: Bool = true) {
        self.value = value.requiringGrad(trainable)
        isTrainable = trainable
    }

    /// Property-wrapper form of `init(_:trainable:)`.
    public convenience init(wrappedValue: Tensor) { self.init(wrappedValue) }

    /// The tensor, as seen through the property. Assigning a tensor takes its values (shape and element
    /// type must stay the same: optimisers keep state of that shape and type), keeps the parameter's
    /// place in the graph as `update` does, and clears the gradient.
    public var wrappedValue: Tensor {
        get { value }
        set {
            update { $0 = newValue }
            zeroGrad()
        }
    }

    /// The parameter object itself (`$weight`), for optimisers and freezing.
    public var projectedValue: Parameter { self }

    /// ∂L/∂parameter accumulated by `backward()`, or `nil`.
    public var grad: Tensor? { value.grad }

    /// Clears the accumulated gradient.
    public func zeroGrad() { value.zeroGrad() }

    /// Changes the value without recording the change in the graph, for optimisers and loading.
    ///
    /// Whatever `body` does, in place (`$0.assign(saved)`) or by assigning a new tensor
    /// (`$0 = $0 * 0.5`), the parameter keeps its identity in the graph: the same leaf, with the same
    /// accumulated gradient, requiring a gradient exactly while it is trainable. Only the values change.
    /// The new value must have the same shape and element type, or the program stops with a message.
    public func update(_ body: (inout Tensor) -> Void) {
        let (shape, dtype, leaf) = (value.shape, value.dtype, value.node)
        withoutGradients { body(&value) }
        require(value.shape == shape && value.dtype == dtype,
                "Parameter: cannot replace a \(dtype) value of shape \(shape) with a \(value.dtype) one of shape \(value.shape)")
        // A new tensor from the body brings its own graph record (or none, or one output of several):
        // keep its values under the parameter's own leaf.
        if value.node !== leaf || value.outputIndex != 0 { value = Tensor(storage: value.storage, shape: shape, node: leaf) }
    }

    /// The shape of the value.
    public var shape: [Int] { value.shape }
    /// The number of scalars.
    public var count: Int { value.count }
}
