/// Operations that change how the elements are arranged: reshape, squeeze/unsqueeze, permute and
/// transpose, and broadcasting to a larger shape. The gradient of each rearranges ∂L/∂y back.
extension Tensor {
    /// The same elements in a new shape; one dimension may be -1 and is then inferred.
    /// Shares storage with `self` (no copy). ∂L/∂x = ∂L/∂y reshaped back.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        let target = Tensor.resolveShape(newShape, count: count)
        if target == shape { return self }
        return Tensor.record(.reshape(shape: target), storage: storage, shape: target, input: self, savesNoTensors: true) { [shape] g in g.reshaped(shape) }
    }

    /// `newShape` with a -1 entry replaced by the size that keeps `count` elements.
    private static func resolveShape(_ newShape: [Int], count: Int) -> [Int] {
        var shape = newShape
        let unknown = shape.indices.filter { shape[$0] == -1 }
        require(unknown.count <= 1 && shape.allSatisfy { $0 >= 0 || $0 == -1 },
                "reshape: \(newShape) may contain at most one -1 and no other negative size")
        if let axis = unknown.first {
            let known = shape.filter { $0 != -1 }.reduce(1, *)
            require(known > 0 && count % known == 0, "reshape: cannot reshape \(count) elements into \(newShape)")
            shape[axis] = count / known
        }
        require(Shape.count(shape) == count, "reshape: cannot reshape \(count) elements into \(newShape)")
        return shape
    }

    /// The tensor as one dimension, or with dimensions from `startAxis` on merged into one.
    public func flattened(from startAxis: Int = 0) -> Tensor {
        if rank == 0 && startAxis == 0 { return reshaped([1]) }
        let start = Shape.normalize(axis: startAxis, rank: rank, operation: "flattened")
        return reshaped(Array(shape[..<start]) + [-1])
    }

    /// Removes dimensions of size 1 (all of them, or only `axis`).
    public func squeezed(axis: Int? = nil) -> Tensor {
        if let axis {
            let a = Shape.normalize(axis: axis, rank: rank, operation: "squeezed")
            require(shape[a] == 1, "squeezed: axis \(axis) of shape \(shape) has size \(shape[a]), not 1")
            var newShape = shape
            newShape.remove(at: a)
            return reshaped(newShape)
        }
        return reshaped(shape.filter { $0 != 1 })
    }

    /// Inserts a dimension of size 1 at `axis` (negative counts from the end of the result).
    public func unsqueezed(axis: Int) -> Tensor {
        let a = Shape.normalize(axis: axis, rank: rank + 1, operation: "unsqueezed")
        var newShape = shape
        newShape.insert(1, at: a)
        return reshaped(newShape)
    }

    /// The dimensions reordered: dimension `i` of the result is dimension `order[i]` of `self`.
    /// ∂L/∂x = ∂L/∂y permuted by the inverse order.
    public func permuted(_ order: [Int]) -> Tensor {
        let axes = order.map { Shape.normalize(axis: $0, rank: rank, operation: "permuted") }
        require(axes.count == rank && Set(axes).count == rank,
                "permuted: \(order) is not a permutation of the \(rank) axes of shape \(shape)")
        if axes == Array(0..<rank) { return self }
        let ownStrides = Shape.strides(shape)
        let data = stridedCopy(shape: axes.map { shape[$0] }, strides: axes.map { ownStrides[$0] })
        var inverse = [Int](repeating: 0, count: rank)
        for (i, axis) in axes.enumerated() { inverse[axis] = i }
        return Tensor.record(.permute(axes: axes), storage: data.storage, shape: data.shape, input: self, savesNoTensors: true) { g in g.permuted(inverse) }
    }

    /// Swaps two dimensions.
    public func transposed(_ axis0: Int, _ axis1: Int) -> Tensor {
        var order = Array(0..<rank)
        order.swapAt(Shape.normalize(axis: axis0, rank: rank, operation: "transposed"),
                     Shape.normalize(axis: axis1, rank: rank, operation: "transposed"))
        return permuted(order)
    }

    /// Swaps the last two dimensions (the matrix transpose; a vector is returned as it is).
    public func transposed() -> Tensor { rank < 2 ? self : transposed(-2, -1) }

    /// The tensor repeated along dimensions of size 1 (and new leading ones) to `newShape`, by NumPy's
    /// broadcasting rules. ∂L/∂x = ∂L/∂y summed over the repeated dimensions.
    public func broadcast(to newShape: [Int]) -> Tensor {
        require(Shape.broadcast(shape, newShape, operation: "broadcast") == newShape,
                "broadcast: shape \(shape) cannot be broadcast to \(newShape)")
        if newShape == shape { return self }
        let data = broadcastData(to: newShape)
        return Tensor.record(.broadcast(shape: newShape), storage: data.storage, shape: newShape, input: self, savesNoTensors: true) { [shape] g in
            Tensor.unbroadcast(g, to: shape)
        }
    }

    /// The broadcast values as a contiguous tensor, not recorded for autograd.
    func broadcastData(to newShape: [Int]) -> Tensor {
        if newShape == shape { return self }
        return stridedCopy(shape: newShape, strides: Shape.broadcastStrides(shape, to: newShape))
    }

    /// A contiguous copy of the view of this tensor's storage given by `shape`, `strides` and `offset`
    /// (not recorded for autograd).
    func stridedCopy(shape newShape: [Int], strides: [Int], offset: Int = 0) -> Tensor {
        Tensor(storage: TensorStorage.backend.stridedCopy(storage, offset: offset, shape: newShape, strides: strides), shape: newShape)
    }
}
