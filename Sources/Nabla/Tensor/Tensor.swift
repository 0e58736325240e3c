/// An n-dimensional array of `Float` or `Double` that records the operations applied to it, so that
/// `backward()` can compute gradients by reverse-mode automatic differentiation, or of `Int64` for
/// indices and class labels.
///
/// Tensors have value semantics: assigning a tensor and then changing one copy never changes the other
/// (the storage is shared until a write, then copied). The autograd record (`requiresGrad`, `grad`)
/// belongs to the tensor's identity in the computation graph and is shared by its copies, as in PyTorch.
///
/// Tensors may be handed between threads (`Sendable`), and tensors that need no gradient may be read
/// from several threads at once. A graph, and the `grad` of its leaves, belongs to one thread at a time:
/// do not run `backward()` on graphs that share leaves from two threads concurrently.
///
/// ```swift
/// let w = Tensor([[0.5, -1], [2, 0]]).requiringGrad()
/// let x = Tensor([1, 2])
/// let loss = (w.matmul(x)).sigmoid().sum()
/// try loss.backward()
/// print(w.grad!)          // ∂loss/∂w
/// ```
public struct Tensor: @unchecked Sendable {
    /// The scalars, row-major and contiguous.
    var storage: TensorStorage
    /// The size of each dimension; `[]` for a scalar.
    public let shape: [Int]
    /// The node of the computation graph that produced this tensor, or `nil` when it needs no gradient.
    var node: GradNode?
    /// Which of the node's outputs this tensor is (0 unless the operation had several results).
    var outputIndex: Int

    init(storage: TensorStorage, shape: [Int], node: GradNode? = nil, output: Int = 0) {
        assert(storage.count == shape.reduce(1, *), "storage of \(storage.count) for shape \(shape)")
        self.storage = storage
        self.shape = shape
        self.node = node
        self.outputIndex = output
    }

    /// The element type.
    public var dtype: DType { storage.dtype }
    /// The number of dimensions.
    public var rank: Int { shape.count }
    /// The number of elements.
    public var count: Int { storage.count }

    /// Whether operations on this tensor are recorded for `backward()`.
    ///
    /// Setting it to `true` makes this tensor a leaf of the graph whose gradient accumulates in `grad`
    /// (floating-point tensors only: indices and labels have no gradient); setting it to `false` detaches
    /// the tensor from any graph.
    public var requiresGrad: Bool {
        get { node != nil }
        set {
            if newValue == requiresGrad { return }
            require(!newValue || dtype.isFloatingPoint,
                    "requiresGrad: only floating-point tensors can require a gradient, got \(dtype) of shape \(shape); convert with converted(to: .float32)")
            node = newValue ? GradNode(leafOf: self) : nil
            outputIndex = 0
        }
    }

    /// This tensor as a new leaf that requires a gradient.
    public func requiringGrad(_ flag: Bool = true) -> Tensor {
        var result = detached()
        result.requiresGrad = flag
        return result
    }

    /// Whether this tensor is a leaf: created by the user rather than computed by a recorded operation.
    public var isLeaf: Bool { node?.isLeaf ?? true }

    /// The gradient accumulated by `backward()` for a leaf that requires a gradient; `nil` before the
    /// first backward pass or after `zeroGrad()`. Gradients accumulate across backward passes until cleared.
    ///
    /// Setting it stores the values of a tensor of this tensor's shape and element type (without any
    /// graph record of its own); another shape or type stops with a message.
    public var grad: Tensor? {
        get { node?.gradient(of: outputIndex) }
        nonmutating set {
            if let newValue {
                require(newValue.shape == shape && newValue.dtype == dtype,
                        "grad: a gradient of shape \(newValue.shape) (\(newValue.dtype)) cannot belong to a tensor of shape \(shape) (\(dtype))")
            }
            node?.setGradient(newValue?.detached(), of: outputIndex)
        }
    }

    /// The operation that computed this tensor, `.leaf` for a tensor the user marked with
    /// `requiresGrad`, or `nil` when it is not part of a graph (it needs no gradient).
    public var operation: GraphOperation? { node?.operation }

    /// Clears the accumulated gradient of this leaf.
    public func zeroGrad() { node?.setGradient(nil, of: outputIndex) }

    /// The same values, cut off from the computation graph (no gradient flows through the result).
    public func detached() -> Tensor { Tensor(storage: storage, shape: shape) }

    /// A short name shown for this tensor in exported computation graphs.
    public var label: String? {
        get { node?.label }
        nonmutating set { node?.label = newValue }
    }

    /// This tensor with a graph label (for `graphviz()` pictures); makes no difference to values.
    public func labeled(_ name: String) -> Tensor {
        node?.label = name
        return self
    }

    // MARK: Scalars

    /// The scalars in row-major order, converted to `T`.
    public func scalars<T: TensorScalar>(as _: T.Type) -> [T] {
        let values = dtype == T.dtype ? storage : TensorStorage.backend.converted(storage, to: T.dtype)
        return TensorStorage.backend.withHostMemory(values) { Array($0.bindMemory(to: T.self)) }
    }

    /// The scalars of a `float32` tensor in row-major order. Other tensors stop with a message instead of
    /// being narrowed silently: read a `float64` tensor with `scalars(as: Double.self)` (or
    /// `scalars(as: Float.self)` to round on purpose) and an `int64` one with `scalars(as: Int.self)`.
    ///
    /// ```swift
    /// Tensor([0.5, 2]).scalars                                    // [0.5, 2.0] as [Float]
    /// Tensor([0.1, 0.2], dtype: .float64).scalars(as: Double.self) // exact
    /// ```
    public var scalars: [Float] {
        require(dtype == .float32, "Tensor.scalars gives [Float], but the tensor holds \(dtype) values; use "
            + (dtype == .int64 ? "scalars(as: Int.self)" : "scalars(as: Double.self), or scalars(as: Float.self) to round them"))
        return scalars(as: Float.self)
    }

    /// The elements in row-major order as `Int`: exact for an `int64` tensor; floating-point values are
    /// truncated toward zero, and NaN or infinities stop with a message (as `converted(to: .int64)`).
    public func scalars(as _: Int.Type) -> [Int] {
        let integers = dtype == .int64 ? storage : TensorStorage.backend.converted(storage, to: .int64)
        return TensorStorage.backend.withHostMemory(integers) { $0.bindMemory(to: Int64.self).map { Int($0) } }
    }

    /// The value of a one-element tensor, as `Double` (exact for floating-point types and for integers up
    /// to 2⁵³).
    public var item: Double {
        require(count == 1, "item needs a tensor with one element, got shape \(shape)")
        return TensorStorage.backend.scalar(storage, at: 0)
    }

    /// The element at `indices` (one per dimension), as `Double`.
    public func scalar(at indices: [Int]) -> Double {
        let offset = Shape.offset(of: indices, in: shape)
        return TensorStorage.backend.scalar(storage, at: offset)
    }

    /// Reads the scalars through a buffer pointer; `T` must be the tensor's element type.
    public func withUnsafeBufferPointer<T: TensorElement, R>(as _: T.Type, _ body: (UnsafeBufferPointer<T>) throws -> R) rethrows -> R {
        require(T.dtype == dtype, "withUnsafeBufferPointer: tensor holds \(dtype), asked for \(T.dtype)")
        return try TensorStorage.backend.withHostMemory(storage) { try body(UnsafeBufferPointer($0.bindMemory(to: T.self))) }
    }

    /// Writes the scalars in place through a buffer pointer (copying first if the storage is shared).
    /// The write is not recorded by autograd: use it for optimiser updates and data preparation.
    public mutating func withUnsafeMutableBufferPointer<T: TensorElement, R>(
        as _: T.Type, _ body: (UnsafeMutableBufferPointer<T>) throws -> R
    ) rethrows -> R {
        require(T.dtype == dtype, "withUnsafeMutableBufferPointer: tensor holds \(dtype), asked for \(T.dtype)")
        makeStorageUnique()
        return try TensorStorage.backend.withHostMemory(storage) { try body($0.bindMemory(to: T.self)) }
    }

    /// Sets the element at `indices` (not recorded by autograd).
    public mutating func setScalar(_ value: Double, at indices: [Int]) {
        let offset = Shape.offset(of: indices, in: shape)
        makeStorageUnique()
        TensorStorage.backend.setScalar(storage, at: offset, to: value)
    }

    /// Replaces the values in place with those of `other` (same shape), keeping this tensor's
    /// identity in the graph (its `requiresGrad` and `grad`). Not recorded by autograd.
    public mutating func assign(_ other: Tensor) {
        require(other.shape == shape, "assign: shapes \(shape) and \(other.shape) differ")
        storage = other.dtype == dtype ? other.storage : TensorStorage.backend.converted(other.storage, to: dtype)
    }

    /// Copies the storage if another tensor shares it (copy-on-write).
    mutating func makeStorageUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = TensorStorage.backend.copy(storage) }
    }

    /// The same values as `newType`. Between floating-point types the conversion is recorded like any
    /// operation: gradients flow back, converted to this tensor's type (as with PyTorch's `.to(dtype)`).
    /// To `int64`, values are truncated toward zero (NaN and infinities stop with a message) and the result
    /// needs no gradient; from `int64`, values are rounded to the nearest of the floating-point type.
    public func converted(to newType: DType) -> Tensor {
        if newType == dtype { return self }
        if !newType.isFloatingPoint { return Tensor(storage: TensorStorage.backend.converted(storage, to: newType), shape: shape) }
        return Tensor.record(.convert(to: newType), storage: TensorStorage.backend.converted(storage, to: newType), shape: shape, input: self, savesNoTensors: true) { [dtype] g in
            g.converted(to: dtype)
        }
    }
}
