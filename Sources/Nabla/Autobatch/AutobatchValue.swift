/// The operations per-example code may use so that it runs both eagerly, one example at a time on
/// `Tensor`, and batched on `LazyTensor` inside `Autobatch.run`. Write a model's per-example computation
/// once, generic over `Value: AutobatchValue`, and call it with either.
///
/// Tensors passed as arguments (weights, biases, tables) are shared by all examples; values of type
/// `Self` belong to one example.
///
/// ```swift
/// func score<Value: AutobatchValue>(_ words: [Int], as _: Value.Type) throws -> Value {
///     let vectors = try words.map { try Value.embedding(table, index: $0) }
///     return Value.total(vectors.map { $0.linear(weight: w, bias: b).tanh().sum() })
/// }
/// let eager = try score(words, as: Tensor.self)
/// let batched = try Autobatch.run { _ in try score(words, as: LazyTensor.self) }
/// ```
public protocol AutobatchValue {
    /// The per-example shape.
    var shape: [Int] { get }
    /// Zeros of `shape` (an initial recurrent state).
    static func zeros(_ shape: [Int], dtype: DType) -> Self
    /// Row `index` of `table`.
    static func embedding(_ table: Tensor, index: Int) throws -> Self
    /// The elementwise sum of two values of one example, with broadcasting.
    static func + (a: Self, b: Self) -> Self
    /// The elementwise difference of two values of one example, with broadcasting.
    static func - (a: Self, b: Self) -> Self
    /// The elementwise product of two values of one example, with broadcasting.
    static func * (a: Self, b: Self) -> Self
    /// The elementwise sum with a shared tensor, with broadcasting.
    static func + (a: Self, b: Tensor) -> Self
    /// The elementwise product with a shared tensor, with broadcasting.
    static func * (a: Self, b: Tensor) -> Self
    /// x·Wᵀ + b on the last axis, W `[out, in]`, b `[out]`.
    func linear(weight: Tensor, bias: Tensor?) -> Self
    /// tanh, elementwise.
    func tanh() -> Self
    /// The logistic sigmoid σ(x) = 1 / (1 + e⁻ˣ), elementwise.
    func sigmoid() -> Self
    /// max(0, x), elementwise.
    func relu() -> Self
    /// The values joined along their first axis.
    static func concatenated(_ values: [Self]) -> Self
    /// The elements `range` of the first axis.
    func sliced(_ range: Range<Int>) -> Self
    /// The sum of all elements.
    func sum() -> Self
    /// The sum of values of one shape.
    static func total(_ values: [Self]) -> Self
    /// −ln softmax(z)[label] for logits z `[k]`.
    func crossEntropy(label: Int) throws -> Self
    /// One LSTM step from the gates' input part `[4H]`, h and c `[H]` and a recurrent weight `[4H, H]`.
    static func lstmCell(projectedInput: Self, hidden: Self, cell: Self, recurrentWeight: Tensor) throws -> (hidden: Self, cell: Self)
    /// `body` applied to the value (never batched), returning a tensor of `resultShape` (the value's shape
    /// unless given).
    func applying(_ name: String, resultShape: [Int]?, _ body: @escaping (Tensor) throws -> Tensor) throws -> Self
}

extension LazyTensor: AutobatchValue {}
