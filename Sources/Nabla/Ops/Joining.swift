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
        let out = TensorStorage(dtype: first.dtype, count: Shape.count(shape))
        let rowWidth = shape[a] * inner * first.dtype.byteSize
        var column = 0
        for t in tensors {
            let block = t.shape[a] * inner * first.dtype.byteSize
            for o in 0..<outer {
                (out.base + o * rowWidth + column).copyMemory(from: t.storage.base + o * block, byteCount: block)
            }
            column += block
        }
        return record("concatenate", storage: out, shape: shape, inputs: tensors) { g in
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
    public func split(sizes: [Int], alongAxis axis: Int = 0) -> [Tensor] {
        let a = Shape.normalize(axis: axis, rank: rank, operation: "split")
        require(sizes.reduce(0, +) == shape[a] && sizes.allSatisfy { $0 >= 0 },
                "split: sizes \(sizes) do not add up to \(shape[a]), the length of axis \(a) of shape \(shape)")
        var start = 0
        return sizes.map { size in
            defer { start += size }
            return sliced(alongAxis: a, start..<(start + size))
        }
    }

    /// `count` equal pieces along `axis`.
    public func split(count: Int, alongAxis axis: Int = 0) -> [Tensor] {
        let a = Shape.normalize(axis: axis, rank: rank, operation: "split")
        require(count > 0 && shape[a] % count == 0, "split: axis \(a) of shape \(shape) does not split into \(count) equal parts")
        return split(sizes: Array(repeating: shape[a] / count, count: count), alongAxis: a)
    }
}
