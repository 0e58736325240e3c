/// Selecting by integer indices and adding into indexed places: what embeddings, one-hot targets and
/// cross-entropy with integer labels are made of. Index tensors are `int64` (`Tensor(indices:)`, exact
/// for any index) or hold whole numbers in a floating-point type (exact up to 2²⁴ in `float32`).
extension Tensor {
    /// The slices at `indices` along `axis`, in that order (repeats allowed), like `torch.index_select`.
    /// ∂L/∂x adds each slice of ∂L/∂y back at the index it came from.
    ///
    /// ```swift
    /// let vectors = embeddingTable.indexSelect(alongAxis: 0, indices: [3, 1, 3])
    /// ```
    ///
    /// - Throws: `TensorValueError` for an index outside the axis.
    public func indexSelect(alongAxis axis: Int, indices: [Int]) throws -> Tensor {
        let a = Shape.normalize(axis: axis, rank: rank, operation: "indexSelect")
        if let bad = indices.first(where: { $0 < 0 || $0 >= shape[a] }) {
            throw TensorValueError(operation: "indexSelect", message: "index \(bad) is out of range 0..<\(shape[a]) for axis \(a) of shape \(shape)")
        }
        return indexSelect(alongAxis: a, checkedIndices: indices)
    }

    /// `indexSelect` with indices known to be in range (a data loader's sample positions); `a` is a
    /// normalised axis.
    func indexSelect(alongAxis a: Int, checkedIndices indices: [Int]) -> Tensor {
        let outer = shape[..<a].reduce(1, *), inner = shape[(a + 1)...].reduce(1, *)
        var outShape = shape
        outShape[a] = indices.count
        // Row r of the result is row `rows[r]` of x viewed as [outer · size, inner]. ∂L/∂x: row r of ∂L/∂y
        // is added to row `rows[r]`, in place in x's gradient (an embedding table's gradient touches only
        // the rows that were looked up).
        let rows = (0..<outer).flatMap { o in indices.map { o * shape[a] + $0 } }
        let selected = Tensor(storage: TensorStorage.backend.copyRows(storage, rows: rows, rowLength: inner), shape: outShape)
        return Tensor.record(.indexSelect(axis: a), storage: selected.storage, shape: outShape, inputs: [self], savesNoTensors: true,
                             sparseBackward: { g in [.rows(g, rows: rows, rowLength: inner)] })
    }

    /// `indexSelect` with the indices given as a tensor of whole numbers (its shape is kept: selecting
    /// rows of a `[V, D]` table with `[N, T]` indices gives `[N, T, D]`).
    public func indexSelect(alongAxis axis: Int, indices: Tensor) throws -> Tensor {
        let a = Shape.normalize(axis: axis, rank: rank, operation: "indexSelect")
        let flat = try indexSelect(alongAxis: a, indices: indices.wholeNumbers(operation: "indexSelect", below: shape[a]))
        return flat.reshaped(Array(shape[..<a]) + indices.shape + Array(shape[(a + 1)...]))
    }

    /// Picks along `axis` by an index tensor of this tensor's shape but for `axis` (like `torch.gather`):
    /// `y[i][j][k] = x[i][index[i][j][k]][k]` for axis 1. ∂L/∂x scatters ∂L/∂y back, adding where indices repeat.
    /// - Throws: `TensorValueError` for an index outside the axis.
    public func gathering(alongAxis axis: Int, indices: Tensor) throws -> Tensor {
        let a = Shape.normalize(axis: axis, rank: rank, operation: "gathering")
        checkIndexShape(indices, axis: a, operation: "gathering")
        return gathering(alongAxis: a, positions: try indices.wholeNumbers(operation: "gathering", below: shape[a]), indexShape: indices.shape)
    }

    /// A copy of this tensor with `source` added at the positions `indices` gives along `axis`
    /// (like `torch.scatter_add`): `y[i][index[i][j][k]][k] += source[i][j][k]` for axis 1.
    /// ∂L/∂x = ∂L/∂y; ∂L/∂source gathers ∂L/∂y at the same indices.
    /// - Throws: `TensorValueError` for an index outside the axis.
    public func scatterAdding(alongAxis axis: Int, indices: Tensor, source: Tensor) throws -> Tensor {
        let a = Shape.normalize(axis: axis, rank: rank, operation: "scatterAdding")
        require(source.shape == indices.shape, "scatterAdding: source shape \(source.shape) differs from index shape \(indices.shape)")
        require(source.dtype == dtype, "scatterAdding: element types \(dtype) and \(source.dtype) differ")
        checkIndexShape(indices, axis: a, operation: "scatterAdding")
        return scatterAdding(alongAxis: a, positions: try indices.wholeNumbers(operation: "scatterAdding", below: shape[a]), source: source)
    }

    /// `gathering` with checked positions (flat, in the index tensor's row-major order).
    func gathering(alongAxis a: Int, positions: [Int], indexShape: [Int]) -> Tensor {
        let outer = shape[..<a].reduce(1, *), inner = shape[(a + 1)...].reduce(1, *)
        let out = TensorStorage.backend.gather(storage, positions: positions, outer: outer, size: shape[a], length: indexShape[a], inner: inner)
        return Tensor.record(.gather(axis: a), storage: out, shape: indexShape, input: self) { [shape] g in
            Tensor.zeros(shape, dtype: g.dtype).scatterAdding(alongAxis: a, positions: positions, source: g)
        }
    }

    /// `scatterAdding` with checked positions; `source` has the index tensor's shape.
    func scatterAdding(alongAxis a: Int, positions: [Int], source: Tensor) -> Tensor {
        let outer = shape[..<a].reduce(1, *), inner = shape[(a + 1)...].reduce(1, *)
        let out = TensorStorage.backend.copy(storage)
        TensorStorage.backend.scatterAdd(source.storage, positions: positions, outer: outer, size: shape[a], length: source.shape[a],
                                         inner: inner, into: out)
        return Tensor.record(.scatterAdd(axis: a), storage: out, shape: shape, inputs: [self, source]) { [indexShape = source.shape] g in
            [g, g.gathering(alongAxis: a, positions: positions, indexShape: indexShape)]
        }
    }

    /// One-hot vectors for a tensor of labels (`int64`, or whole numbers in a floating-point type): the
    /// result has the labels' shape followed by `classCount`, with 1 at each label's position.
    /// - Throws: `TensorValueError` for a label that is not a whole number in `0..<classCount`.
    public static func oneHot(_ labels: Tensor, classCount: Int, dtype: DType = .float32) throws -> Tensor {
        try oneHot(labels.wholeNumbers(operation: "oneHot", below: classCount), classCount: classCount, dtype: dtype).reshaped(labels.shape + [classCount])
    }

    /// One-hot rows: a `[labels.count, classCount]` tensor with 1 at each label's column.
    /// - Throws: `TensorValueError` for a label outside `0..<classCount`.
    public static func oneHot(_ labels: [Int], classCount: Int, dtype: DType = .float32) throws -> Tensor {
        if let bad = labels.first(where: { $0 < 0 || $0 >= classCount }) {
            throw TensorValueError(operation: "oneHot", message: "label \(bad) is outside 0..<\(classCount)")
        }
        var result = zeros([labels.count, classCount], dtype: dtype)
        for (row, label) in labels.enumerated() { result.setScalar(1, at: [row, label]) }
        return result
    }

    // MARK: Plumbing

    /// The elements as `Int`, checked to be whole numbers (and below `limit` when given).
    /// - Throws: `TensorValueError` naming `operation` and the first value that is not.
    func wholeNumbers(operation: String, below limit: Int? = nil) throws -> [Int] {
        let bound = limit.map(String.init) ?? "∞"
        if dtype == .int64 {
            let values = scalars(as: Int.self)
            if let bad = values.first(where: { $0 < 0 || $0 >= (limit ?? Int.max) }) {
                throw TensorValueError(operation: operation, message: "index \(bad) is not in 0..<\(bound)")
            }
            return values
        }
        let values = scalars(as: Double.self)
        if let bad = values.first(where: { !($0 == $0.rounded() && $0 >= 0 && $0 < Double(limit ?? Int.max)) }) {
            throw TensorValueError(operation: operation, message: "index \(bad) is not a whole number in 0..<\(bound)")
        }
        return values.map { Int($0) }
    }

    private func checkIndexShape(_ indices: Tensor, axis a: Int, operation: String) {
        var expected = shape, got = indices.shape
        require(got.count == rank, "\(operation): index shape \(indices.shape) and tensor shape \(shape) have different ranks")
        expected[a] = 0; got[a] = 0
        require(expected == got, "\(operation): index shape \(indices.shape) must equal tensor shape \(shape) except along axis \(a)")
    }
}
