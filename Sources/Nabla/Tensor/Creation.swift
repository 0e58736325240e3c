/// Making tensors: from Swift arrays (flat or nested), filled with a constant, ranges, the identity,
/// and random tensors from a seedable generator.
extension Tensor {
    /// A tensor of `shape` holding `scalars` in row-major order.
    ///
    /// ```swift
    /// let x = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3])
    /// ```
    public init(_ scalars: [Double], shape: [Int]? = nil, dtype: DType = .float32) {
        let shape = shape ?? [scalars.count]
        require(shape.allSatisfy { $0 >= 0 }, "Tensor: negative size in shape \(shape)")
        require(Shape.count(shape) == scalars.count, "Tensor: \(scalars.count) scalars do not fill shape \(shape)")
        self.init(storage: TensorStorage.backend.storage(from: scalars, as: dtype), shape: shape)
    }

    /// A `float32` tensor holding `scalars` (shape `[scalars.count]` unless given).
    public init(_ scalars: [Float], shape: [Int]? = nil) {
        let shape = shape ?? [scalars.count]
        require(shape.allSatisfy { $0 >= 0 }, "Tensor: negative size in shape \(shape)")
        require(Shape.count(shape) == scalars.count, "Tensor: \(scalars.count) scalars do not fill shape \(shape)")
        self.init(storage: TensorStorage.backend.storage(from: scalars, as: .float32), shape: shape)
    }

    /// An `int64` tensor holding `indices` (shape `[indices.count]` unless given): class labels, positions
    /// for `indexSelect`, `gathering` and `scatterAdding`, token ids.
    ///
    /// ```swift
    /// let labels = Tensor(indices: [3, 0, 20_000_001])   // exact, unlike float32 beyond 2²⁴
    /// ```
    public init(indices: [Int], shape: [Int]? = nil) {
        let shape = shape ?? [indices.count]
        require(shape.allSatisfy { $0 >= 0 }, "Tensor: negative size in shape \(shape)")
        require(Shape.count(shape) == indices.count, "Tensor: \(indices.count) indices do not fill shape \(shape)")
        self.init(storage: TensorStorage.backend.storage(from: indices, as: .int64), shape: shape)
    }

    /// A scalar (rank-0) tensor.
    public init(_ value: Double, dtype: DType = .float32) {
        self.init([value], shape: [], dtype: dtype)
    }

    /// A matrix from nested rows, which must all have the same length.
    ///
    /// ```swift
    /// let w = Tensor([[-2, -2], [3, 1]])
    /// ```
    public init(_ rows: [[Double]], dtype: DType = .float32) {
        let width = rows.first?.count ?? 0
        for (i, row) in rows.enumerated() where row.count != width {
            fatalError("Tensor: row \(i) has \(row.count) elements, row 0 has \(width)")
        }
        self.init(rows.flatMap { $0 }, shape: [rows.count, width], dtype: dtype)
    }

    /// A rank-3 tensor from nested arrays of equal lengths.
    public init(_ planes: [[[Double]]], dtype: DType = .float32) {
        let inner = planes.map { Tensor($0, dtype: dtype) }
        let shape = inner.first?.shape ?? [0, 0]
        for (i, t) in inner.enumerated() where t.shape != shape {
            fatalError("Tensor: block \(i) has shape \(t.shape), block 0 has \(shape)")
        }
        self.init(planes.flatMap { $0.flatMap { $0 } }, shape: [planes.count] + shape, dtype: dtype)
    }

    /// A rank-4 tensor from nested arrays of equal lengths.
    public init(_ blocks: [[[[Double]]]], dtype: DType = .float32) {
        let inner = blocks.map { Tensor($0, dtype: dtype) }
        let shape = inner.first?.shape ?? [0, 0, 0]
        for (i, t) in inner.enumerated() where t.shape != shape {
            fatalError("Tensor: block \(i) has shape \(t.shape), block 0 has \(shape)")
        }
        self.init(blocks.flatMap { $0.flatMap { $0.flatMap { $0 } } }, shape: [blocks.count] + shape, dtype: dtype)
    }

    /// A tensor of `shape` with every element `value`.
    public static func full(_ shape: [Int], value: Double, dtype: DType = .float32) -> Tensor {
        require(shape.allSatisfy { $0 >= 0 }, "full: negative size in shape \(shape)")
        return Tensor(storage: TensorStorage.backend.filled(dtype, count: Shape.count(shape), value: value), shape: shape)
    }

    /// A tensor of zeros.
    public static func zeros(_ shape: [Int], dtype: DType = .float32) -> Tensor {
        require(shape.allSatisfy { $0 >= 0 }, "zeros: negative size in shape \(shape)")
        return Tensor(storage: TensorStorage.backend.zeros(dtype, count: Shape.count(shape)), shape: shape)
    }

    /// A tensor of ones.
    public static func ones(_ shape: [Int], dtype: DType = .float32) -> Tensor { full(shape, value: 1, dtype: dtype) }

    /// Zeros of the shape and type of `other`.
    public static func zeros(like other: Tensor) -> Tensor { zeros(other.shape, dtype: other.dtype) }

    /// Ones of the shape and type of `other`.
    public static func ones(like other: Tensor) -> Tensor { ones(other.shape, dtype: other.dtype) }

    /// `start, start + step, ...` up to but excluding `end`.
    public static func arange(_ start: Double = 0, _ end: Double, step: Double = 1, dtype: DType = .float32) -> Tensor {
        require(start.isFinite && end.isFinite && step.isFinite && step != 0,
                "arange: start \(start), end \(end) and step \(step) must be finite, and the step not zero")
        let count = Swift.max(0, Int(((end - start) / step).rounded(.up)))
        return Tensor((0..<count).map { start + Double($0) * step }, dtype: dtype)
    }

    /// `count` evenly spaced values from `start` to `end`, both included.
    public static func linspace(_ start: Double, _ end: Double, count: Int, dtype: DType = .float32) -> Tensor {
        require(count >= 0, "linspace: count must not be negative")
        if count == 1 { return Tensor([start], dtype: dtype) }
        let step = (end - start) / Double(count - 1)
        return Tensor((0..<count).map { $0 == count - 1 ? end : start + Double($0) * step }, dtype: dtype)
    }

    /// The `n × n` identity matrix.
    public static func eye(_ n: Int, dtype: DType = .float32) -> Tensor {
        var result = zeros([n, n], dtype: dtype)
        for i in 0..<n { result.setScalar(1, at: [i, i]) }
        return result
    }

    // MARK: Random tensors

    /// Uniform samples from `[low, high)`, drawn from `generator`.
    public static func randomUniform(
        _ shape: [Int], low: Double = 0, high: Double = 1, dtype: DType = .float32, generator: inout RandomGenerator
    ) -> Tensor {
        fromSamples(shape, dtype: dtype) { low + (high - low) * generator.nextUniform() }
    }

    /// Normal samples with the given mean and standard deviation, drawn from `generator`.
    public static func randomNormal(
        _ shape: [Int], mean: Double = 0, standardDeviation: Double = 1, dtype: DType = .float32, generator: inout RandomGenerator
    ) -> Tensor {
        fromSamples(shape, dtype: dtype) { mean + standardDeviation * generator.nextNormal() }
    }

    /// 1 with probability `probability`, else 0, drawn from `generator` (dropout masks).
    public static func randomBernoulli(
        _ shape: [Int], probability: Double, dtype: DType = .float32, generator: inout RandomGenerator
    ) -> Tensor {
        require((0...1).contains(probability), "randomBernoulli: probability \(probability) is outside [0, 1]")
        return fromSamples(shape, dtype: dtype) { generator.nextUniform() < probability ? 1 : 0 }
    }

    /// Uniform samples from the process-wide generator (see `RandomGenerator.seedGlobal`).
    public static func randomUniform(_ shape: [Int], low: Double = 0, high: Double = 1, dtype: DType = .float32) -> Tensor {
        RandomGenerator.withGlobal { randomUniform(shape, low: low, high: high, dtype: dtype, generator: &$0) }
    }

    /// Normal samples from the process-wide generator (see `RandomGenerator.seedGlobal`).
    public static func randomNormal(_ shape: [Int], mean: Double = 0, standardDeviation: Double = 1, dtype: DType = .float32) -> Tensor {
        RandomGenerator.withGlobal { randomNormal(shape, mean: mean, standardDeviation: standardDeviation, dtype: dtype, generator: &$0) }
    }

    /// Bernoulli samples from the process-wide generator (see `RandomGenerator.seedGlobal`).
    public static func randomBernoulli(_ shape: [Int], probability: Double, dtype: DType = .float32) -> Tensor {
        RandomGenerator.withGlobal { randomBernoulli(shape, probability: probability, dtype: dtype, generator: &$0) }
    }

    private static func fromSamples(_ shape: [Int], dtype: DType, _ sample: () -> Double) -> Tensor {
        require(shape.allSatisfy { $0 >= 0 }, "random: negative size in shape \(shape)")
        dtype.requireFloatingPoint("random sampling")
        return Tensor(storage: TensorStorage.backend.storage(dtype, count: Shape.count(shape), generating: sample), shape: shape)
    }
}
