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
    public func indexSelect(alongAxis axis: Int, indices: [Int]) -> Tensor {
        let a = Shape.normalize(axis: axis, rank: rank, operation: "indexSelect")
        for i in indices where i < 0 || i >= shape[a] {
            fatalError("indexSelect: index \(i) is out of range for axis \(a) of shape \(shape)")
        }
        let outer = shape[..<a].reduce(1, *), inner = shape[(a + 1)...].reduce(1, *)
        var outShape = shape
        outShape[a] = indices.count
        // Row r of the result is row `rows[r]` of x viewed as [outer · size, inner]. ∂L/∂x: row r of ∂L/∂y
        // is added to row `rows[r]`, in place in x's gradient (an embedding table's gradient touches only
        // the rows that were looked up).
        let rows = (0..<outer).flatMap { o in indices.map { o * shape[a] + $0 } }
        let selected = Tensor(storage: TensorStorage.backend.copyRows(storage, rows: rows, rowLength: inner), shape: outShape)
        return Tensor.record(.indexSelect(axis: a), outputs: [selected], inputs: [self]) { gradients in
            [gradients[0].map { .rows($0, rows: rows, rowLength: inner) }]
        }[0]
    }

    /// `indexSelect` with the indices given as a tensor of whole numbers (its shape is kept: selecting
    /// rows of a `[V, D]` table with `[N, T]` indices gives `[N, T, D]`).
    public func indexSelect(alongAxis axis: Int, indices: Tensor) -> Tensor {
        let a = Shape.normalize(axis: axis, rank: rank, operation: "indexSelect")
        let flat = indexSelect(alongAxis: a, indices: indices.wholeNumbers(operation: "indexSelect"))
        return flat.reshaped(Array(shape[..<a]) + indices.shape + Array(shape[(a + 1)...]))
    }

    /// Picks along `axis` by an index tensor of this tensor's shape but for `axis` (like `torch.gather`):
    /// `y[i][j][k] = x[i][index[i][j][k]][k]` for axis 1. ∂L/∂x scatters ∂L/∂y back, adding where indices repeat.
    public func gathering(alongAxis axis: Int, indices: Tensor) -> Tensor {
        let a = Shape.normalize(axis: axis, rank: rank, operation: "gathering")
        let (outer, inner) = checkIndexShape(indices, axis: a, operation: "gathering")
        let positions = indices.wholeNumbers(operation: "gathering", below: shape[a])
        let length = indices.shape[a]
        let out = TensorStorage.backend.gather(storage, positions: positions, outer: outer, size: shape[a], length: length, inner: inner)
        return Tensor.record(.gather(axis: a), storage: out, shape: indices.shape, input: self) { [shape, indices = indices.detached()] g in
            Tensor.zeros(shape, dtype: g.dtype).scatterAdding(alongAxis: a, indices: indices, source: g)
        }
    }

    /// A copy of this tensor with `source` added at the positions `indices` gives along `axis`
    /// (like `torch.scatter_add`): `y[i][index[i][j][k]][k] += source[i][j][k]` for axis 1.
    /// ∂L/∂x = ∂L/∂y; ∂L/∂source gathers ∂L/∂y at the same indices.
    public func scatterAdding(alongAxis axis: Int, indices: Tensor, source: Tensor) -> Tensor {
        let a = Shape.normalize(axis: axis, rank: rank, operation: "scatterAdding")
        require(source.shape == indices.shape, "scatterAdding: source shape \(source.shape) differs from index shape \(indices.shape)")
        require(source.dtype == dtype, "scatterAdding: element types \(dtype) and \(source.dtype) differ")
        let (outer, inner) = checkIndexShape(indices, axis: a, operation: "scatterAdding")
        let positions = indices.wholeNumbers(operation: "scatterAdding", below: shape[a])
        let out = TensorStorage.backend.copy(storage)
        TensorStorage.backend.scatterAdd(source.storage, positions: positions, outer: outer, size: shape[a], length: indices.shape[a],
                                         inner: inner, into: out)
        return Tensor.record(.scatterAdd(axis: a), storage: out, shape: shape, inputs: [self, source]) { [indices = indices.detached()] g in
            [g, g.gathering(alongAxis: a, indices: indices)]
        }
    }

    /// One-hot vectors for a tensor of labels (`int64`, or whole numbers in a floating-point type): the
    /// result has the labels' shape followed by `classCount`, with 1 at each label's position.
    public static func oneHot(_ labels: Tensor, classCount: Int, dtype: DType = .float32) -> Tensor {
        oneHot(labels.wholeNumbers(operation: "oneHot"), classCount: classCount, dtype: dtype).reshaped(labels.shape + [classCount])
    }

    /// One-hot rows: a `[labels.count, classCount]` tensor with 1 at each label's column.
    public static func oneHot(_ labels: [Int], classCount: Int, dtype: DType = .float32) -> Tensor {
        var result = zeros([labels.count, classCount], dtype: dtype)
        for (row, label) in labels.enumerated() {
            require(label >= 0 && label < classCount, "oneHot: label \(label) is outside 0..<\(classCount)")
            result.setScalar(1, at: [row, label])
        }
        return result
    }

    // MARK: Plumbing

    /// The elements as `Int`, checked to be whole numbers (and below `limit` when given).
    func wholeNumbers(operation: String, below limit: Int? = nil) -> [Int] {
        scalars(as: Double.self).map { value in
            require(value == value.rounded() && value >= 0 && value < Double(limit ?? Int.max),
                    "\(operation): index \(value) is not a whole number in 0..<\(limit.map(String.init) ?? "∞")")
            return Int(value)
        }
    }

    private func checkIndexShape(_ indices: Tensor, axis a: Int, operation: String) -> (outer: Int, inner: Int) {
        var expected = shape, got = indices.shape
        require(got.count == rank, "\(operation): index shape \(indices.shape) and tensor shape \(shape) have different ranks")
        expected[a] = 0; got[a] = 0
        require(expected == got, "\(operation): index shape \(indices.shape) must equal tensor shape \(shape) except along axis \(a)")
        return (shape[..<a].reduce(1, *), shape[(a + 1)...].reduce(1, *))
    }
}
