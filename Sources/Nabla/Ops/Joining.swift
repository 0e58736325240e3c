/// Joining tensors along an axis (concatenate, stack) and cutting one apart (split).
extension Tensor {
    /// The tensors joined along an existing `axis`; all other dimensions must agree.
    /// ∂L/∂xᵢ is the part of ∂L/∂y that came from xᵢ.
    public static func concatenate(_ tensors: [Tensor], alongAxis axis: Int = 0) -> Tensor {
        require(!tensors.isEmpty, "concatenate: needs at least one tensor")
        let first = tensors[0]
        require(first.rank > 0, "concatenate: scalars cannot be concatenated; stack them instead")
        let a = Shape.normalize(axis: axis, rank: first.rank, operation: "concatenate")
        for t in tensors {
            var expected = first.shape, got = t.shape
            require(t.rank == first.rank, "concatenate: shapes \(first.shape) and \(t.shape) have different ranks")
            expected[a] = 0; got[a] = 0
            require(expected == got, "concatenate: shapes \(first.shape) and \(t.shape) differ outside axis \(a)")
            require(t.dtype == first.dtype, "concatenate: element types \(first.dtype) and \(t.dtype) differ")
        }
        let sizes = tensors.map { $0.shape[a] }
        var shape = first.shape
        shape[a] = sizes.reduce(0, +)
        let outer = shape[..<a].reduce(1, *), inner = shape[(a + 1)...].reduce(1, *)
        let out = TensorStorage.backend.allocate(first.dtype, count: Shape.count(shape))
        var column = 0
        for t in tensors {
            // Each input fills a block of columns of the output viewed as [outer, shape[a] · inner].
            let width = t.shape[a] * inner
            TensorStorage.backend.scatter(t.storage, shape: [outer, width], into: out, offset: column, strides: [shape[a] * inner, 1],
                                          accumulate: false)
            column += width
        }
        return record(.concatenate(axis: a), storage: out, shape: shape, inputs: tensors, savesNoTensors: true) { g in
            g.split(sizes: sizes, alongAxis: a).map { Optional($0) }
        }
    }

    /// The tensors (all of one shape) stacked along a new `axis`.
    public static func stack(_ tensors: [Tensor], alongAxis axis: Int = 0) -> Tensor {
        require(!tensors.isEmpty, "stack: needs at least one tensor")
        for t in tensors {
            require(t.shape == tensors[0].shape, "stack: shapes \(tensors[0].shape) and \(t.shape) differ")
        }
        let a = Shape.normalize(axis: axis, rank: tensors[0].rank + 1, operation: "stack")
        return concatenate(tensors.map { $0.unsqueezed(axis: a) }, alongAxis: a)
    }

    /// Consecutive pieces along `axis` with the given sizes, which must add up to the axis length.
    ///
    /// One operation with a result per piece: its backward receives the gradients of all pieces that
    /// were used and writes them side by side into one gradient of the whole (zeros for unused pieces).
    public func split(sizes: [Int], alongAxis axis: Int = 0) -> [Tensor] {
        let a = Shape.normalize(axis: axis, rank: rank, operation: "split")
        require(sizes.reduce(0, +) == shape[a] && sizes.allSatisfy { $0 >= 0 },
                "split: sizes \(sizes) do not add up to \(shape[a]), the length of axis \(a) of shape \(shape)")
        return pieces(alongAxis: a, sizes: sizes, squeezing: false)
    }

    /// The slices along `axis`, each without that axis: the inverse of `stack` (PyTorch's `unbind`).
    /// A `[N, T, D]` sequence unstacked along axis 1 gives T tensors of shape `[N, D]`, as one operation.
    public func unstacked(alongAxis axis: Int = 0) -> [Tensor] {
        let a = Shape.normalize(axis: axis, rank: rank, operation: "unstacked")
        return pieces(alongAxis: a, sizes: Array(repeating: 1, count: shape[a]), squeezing: true)
    }

    /// The pieces of `split` and `unstacked`, recorded as one node.
    private func pieces(alongAxis a: Int, sizes: [Int], squeezing: Bool) -> [Tensor] {
        let strides = Shape.strides(shape)
        var offsets: [Int] = [], pieceShapes: [[Int]] = [], start = 0
        for size in sizes {
            var pieceShape = shape
            pieceShape[a] = size
            offsets.append(start * strides[a])
            pieceShapes.append(pieceShape)
            start += size
        }
        let outputs = zip(pieceShapes, offsets).map { pieceShape, offset in
            let piece = stridedCopy(shape: pieceShape, strides: strides, offset: offset)
            return squeezing ? piece.reshaped(pieceShape.enumerated().filter { $0.offset != a }.map(\.element)) : piece
        }
        return Tensor.record(.split(axis: a, sizes: sizes, squeezing: squeezing), outputs: outputs, inputs: [self], savesNoTensors: true) {
            [shape, dtype] gradients in
            var whole = Tensor.zeros(shape, dtype: dtype)
            for (index, gradient) in gradients.enumerated() {
                guard let gradient else { continue }
                whole.addInPlace(gradient.reshaped(pieceShapes[index]), offset: offsets[index], strides: strides)
            }
            return [.dense(whole)]
        }
    }

    /// `count` equal pieces along `axis`.
    public func split(count: Int, alongAxis axis: Int = 0) -> [Tensor] {
        let a = Shape.normalize(axis: axis, rank: rank, operation: "split")
        require(count > 0 && shape[a] % count == 0, "split: axis \(a) of shape \(shape) does not split into \(count) equal parts")
        return split(sizes: Array(repeating: shape[a] / count, count: count), alongAxis: a)
    }
}
