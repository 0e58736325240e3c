/// A learnable tensor of a module: a weight matrix, a bias vector.
///
/// Declare parameters with the property wrapper, and the module finds them by itself:
///
/// ```swift
/// final class Affine: Module {
///     @Parameter var weight: Tensor
///     init(features: Int) {
///         _weight = Parameter(Tensor.ones([features]))
///         super.init()
///     }
///     override func forward(_ input: Tensor) -> Tensor { input * weight }
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

    /// The tensor, as seen through the property. Assigning a new tensor replaces the value (shape and
    /// element type must stay the same: optimisers keep state of that shape and type) and clears the gradient.
    public var wrappedValue: Tensor {
        get { value }
        set {
            require(newValue.shape == value.shape && newValue.dtype == value.dtype,
                    "Parameter: cannot replace a \(value.dtype) value of shape \(value.shape) with a \(newValue.dtype) one of shape \(newValue.shape)")
            value = newValue.requiringGrad(isTrainable)
        }
    }

    /// The parameter object itself (`$weight`), for optimisers and freezing.
    public var projectedValue: Parameter { self }

    /// ∂L/∂parameter accumulated by `backward()`, or `nil`.
    public var grad: Tensor? { value.grad }

    /// Clears the accumulated gradient.
    public func zeroGrad() { value.zeroGrad() }

    /// Changes the value in place, keeping its identity in the graph and its gradient (for optimisers).
    /// Not recorded by autograd.
    public func update(_ body: (inout Tensor) -> Void) {
        withoutGradients { body(&value) }
    }

    /// The shape of the value.
    public var shape: [Int] { value.shape }
    /// The number of scalars.
    public var count: Int { value.count }
}
