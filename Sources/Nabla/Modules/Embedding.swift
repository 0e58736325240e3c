/// A learned embedding: a table of `vocabularySize` vectors of `dimension` numbers, looked up by
/// integer index (Keras's and PyTorch's `Embedding`). Equivalent to multiplying one-hot vectors by the
/// table, without building them; the gradient touches only the rows that were looked up.
///
/// The table starts N(0, 1) (PyTorch's choice).
///
/// ```swift
/// let embedding = Embedding(65, 32)
/// let vectors = embedding(Tensor(indices: [3, 1, 4, 1], shape: [2, 2]))   // [2, 2, 32]
/// ```
public final class Embedding: Module, Layer {
    /// The table, `[vocabularySize, dimension]`: row i is the vector of index i.
    @Parameter public var weight: Tensor
    /// The number of indices, 0..<vocabularySize.
    public let vocabularySize: Int
    /// The length of each vector.
    public let dimension: Int

    /// A table of `vocabularySize` vectors of `dimension` numbers.
    public init(_ vocabularySize: Int, _ dimension: Int, dtype: DType = .float32) {
        require(vocabularySize > 0 && dimension > 0, "Embedding: vocabularySize and dimension must be positive, got \(vocabularySize) and \(dimension)")
        require(dtype.isFloatingPoint, "Embedding: the table must be float32 or float64, got \(dtype)")
        self.vocabularySize = vocabularySize
        self.dimension = dimension
        _weight = Parameter(Tensor.randomNormal([vocabularySize, dimension], dtype: dtype))
        super.init()
    }

    /// Indices of any shape `[...]` (`int64`, or whole numbers in a floating-point type) → `[..., dimension]`.
    /// An index outside 0..<vocabularySize or not a whole number stops the program with a message naming it.
    public func forward(_ input: Tensor) -> Tensor {
        do {
            return try weight.indexSelect(alongAxis: 0, indices: input)
        } catch {
            fatalError("\(self): \(error)")
        }
    }
}

extension Embedding: CustomStringConvertible {
    /// The layer as text, with its sizes, as summaries and error messages show it.
    public var description: String { "Embedding(\(vocabularySize), \(dimension))" }
}
