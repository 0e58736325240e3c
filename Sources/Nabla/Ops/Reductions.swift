/// Reductions over all elements or over chosen axes, keeping the reduced axes as size 1 or not:
/// sum, mean, max, min, argmax, variance and log-sum-exp.
extension Tensor {
    /// The sum of all elements (a scalar tensor); ∂L/∂x = ∂L/∂y everywhere.
    public func sum() -> Tensor { sum(alongAxes: Array(0..<rank)) }

    /// The sum along `axis`.
    public func sum(alongAxis axis: Int, keepingDims: Bool = false) -> Tensor {
        sum(alongAxes: [axis], keepingDims: keepingDims)
    }

    /// The sum along `axes`; ∂L/∂x = ∂L/∂y repeated along the reduced axes.
    public func sum(alongAxes axes: [Int], keepingDims: Bool = false) -> Tensor {
        let reduced = Tensor.normalizedAxes(axes, rank: rank, operation: "sum")
        dtype.requireFloatingPoint("sum")
        let kept = reduceData(.sum, axes: reduced)
        let outShape = keepingDims ? kept.shape : Tensor.removing(reduced, from: shape)
        return Tensor.record(.sum(axes: reduced, keepingDims: keepingDims), storage: kept.storage, shape: outShape, input: self, savesNoTensors: true) { [shape, keptShape = kept.shape] g in
            g.reshaped(keptShape).broadcastData(to: shape)
        }
    }

    /// The mean of all elements (a scalar tensor).
    public func mean() -> Tensor { mean(alongAxes: Array(0..<rank)) }

    /// The mean along `axis`.
    public func mean(alongAxis axis: Int, keepingDims: Bool = false) -> Tensor {
        mean(alongAxes: [axis], keepingDims: keepingDims)
    }

    /// The mean along `axes`: their sum divided by the number of elements summed.
    public func mean(alongAxes axes: [Int], keepingDims: Bool = false) -> Tensor {
        let reduced = Tensor.normalizedAxes(axes, rank: rank, operation: "mean")
        let n = reduced.reduce(1) { $0 * shape[$1] }
        return sum(alongAxes: reduced, keepingDims: keepingDims) / Double(n)
    }

    /// The largest element (a scalar tensor).
    public func max() -> Tensor { max(alongAxes: Array(0..<rank)) }

    /// The largest elements along `axis`.
    public func max(alongAxis axis: Int, keepingDims: Bool = false) -> Tensor {
        max(alongAxes: [axis], keepingDims: keepingDims)
    }

    /// The largest elements along `axes`; the gradient goes to the maximal elements (split evenly on ties).
    public func max(alongAxes axes: [Int], keepingDims: Bool = false) -> Tensor {
        extremum(.max, axes: axes, keepingDims: keepingDims)
    }

    /// The smallest element (a scalar tensor).
    public func min() -> Tensor { min(alongAxes: Array(0..<rank)) }

    /// The smallest elements along `axis`.
    public func min(alongAxis axis: Int, keepingDims: Bool = false) -> Tensor {
        min(alongAxes: [axis], keepingDims: keepingDims)
    }

    /// The smallest elements along `axes`; the gradient goes to the minimal elements (split evenly on ties).
    public func min(alongAxes axes: [Int], keepingDims: Bool = false) -> Tensor {
        extremum(.min, axes: axes, keepingDims: keepingDims)
    }

    private func extremum(_ kind: ReductionKernels.Kind, axes: [Int], keepingDims: Bool) -> Tensor {
        let name = kind == .max ? "max" : "min"
        let reduced = Tensor.normalizedAxes(axes, rank: rank, operation: name)
        dtype.requireFloatingPoint(name)
        require(reduced.allSatisfy { shape[$0] > 0 }, "\(name): cannot reduce an empty axis of shape \(shape)")
        let kept = reduceData(kind, axes: reduced)
        let outShape = keepingDims ? kept.shape : Tensor.removing(reduced, from: shape)
        return Tensor.record(kind == .max ? .max(axes: reduced, keepingDims: keepingDims) : .min(axes: reduced, keepingDims: keepingDims), storage: kept.storage, shape: outShape, input: self) { [x = detached()] g in
            let winners = x .== kept
            let share = winners / winners.reduceData(.sum, axes: reduced)
            return share * g.reshaped(kept.shape)
        }
    }

    /// The index of the largest element along `axis` (the first one on ties; NaN counts as the largest),
    /// as an `int64` tensor (as PyTorch's `argmax`), exact for any size. Not differentiable.
    public func argmax(alongAxis axis: Int, keepingDims: Bool = false) -> Tensor {
        let a = Shape.normalize(axis: axis, rank: rank, operation: "argmax")
        require(shape[a] > 0, "argmax: axis \(axis) of shape \(shape) is empty")
        dtype.requireFloatingPoint("argmax")
        let outer = shape[..<a].reduce(1, *), inner = shape[(a + 1)...].reduce(1, *)
        let out = TensorStorage.backend.argmax(storage, outer: outer, length: shape[a], inner: inner)
        var outShape = shape
        if keepingDims { outShape[a] = 1 } else { outShape.remove(at: a) }
        return Tensor(storage: out, shape: outShape)
    }

    /// The index of the largest element of the flattened tensor.
    /// NaN counts as the largest value; the index is exact for any size.
    public func argmax() -> Int {
        require(count > 0, "argmax: the tensor of shape \(shape) is empty")
        require(dtype.isFloatingPoint, "argmax needs a floating-point tensor, got \(dtype); convert with converted(to: .float64)")
        let values = scalars(as: Double.self)
        if let firstNaN = values.firstIndex(where: \.isNaN) { return firstNaN }
        var best = 0
        for index in values.indices where values[index] > values[best] { best = index }
        return best
    }

    /// The variance along `axes`: Σ(x - mean)² / (n - correction). `correction: 1` (the default, as in
    /// PyTorch) gives the unbiased sample variance, `0` the population variance.
    public func variance(alongAxes axes: [Int], correction: Int = 1, keepingDims: Bool = false) -> Tensor {
        let reduced = Tensor.normalizedAxes(axes, rank: rank, operation: "variance")
        let n = reduced.reduce(1) { $0 * shape[$1] }
        require(n - correction > 0, "variance: \(n) elements are too few for correction \(correction)")
        let deviation = self - mean(alongAxes: reduced, keepingDims: true)
        return deviation.squared().sum(alongAxes: reduced, keepingDims: keepingDims) / Double(n - correction)
    }

    /// The variance of all elements.
    public func variance(correction: Int = 1) -> Tensor { variance(alongAxes: Array(0..<rank), correction: correction) }

    /// log Σ eˣ along `axes`, computed stably as m + log Σ eˣ⁻ᵐ with m the (constant) maximum.
    /// Its gradient is softmax(x) ⊙ ∂L/∂y.
    public func logSumExp(alongAxes axes: [Int], keepingDims: Bool = false) -> Tensor {
        let reduced = Tensor.normalizedAxes(axes, rank: rank, operation: "logSumExp")
        let maximum = detached().reduceData(.max, axes: reduced)
        let shift = Tensor.where(maximum.finiteMask(), maximum, maximum.scalarLike(0))
        let result = (self - shift).exp().sum(alongAxes: reduced, keepingDims: true).log() + shift
        return keepingDims ? result : result.reshaped(Tensor.removing(reduced, from: shape))
    }

    /// log Σ eˣ along one axis.
    public func logSumExp(alongAxis axis: Int, keepingDims: Bool = false) -> Tensor {
        logSumExp(alongAxes: [axis], keepingDims: keepingDims)
    }

    /// 1 where an element is finite, else 0.
    func finiteMask() -> Tensor { (self .== self) * (self.abs() .< Double.infinity) }

    // MARK: Plumbing

    /// Sorted, distinct, non-negative axes.
    static func normalizedAxes(_ axes: [Int], rank: Int, operation: String) -> [Int] {
        let normalized = Set(axes.map { Shape.normalize(axis: $0, rank: rank, operation: operation) })
        return normalized.sorted()
    }

    static func removing(_ axes: [Int], from shape: [Int]) -> [Int] {
        shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element)
    }

    /// Reduces `axes` (sorted, distinct) keeping them as size 1; runs of adjacent axes are reduced at once.
    /// Not recorded for autograd.
    func reduceData(_ kind: ReductionKernels.Kind, axes: [Int]) -> Tensor {
        var current = detached()
        var keptShape = shape
        var runs: [[Int]] = []
        for axis in axes {
            if let last = runs.last?.last, last == axis - 1 { runs[runs.count - 1].append(axis) } else { runs.append([axis]) }
        }
        for run in runs.reversed() {
            let first = run[0], last = run[run.count - 1]
            let outer = keptShape[..<first].reduce(1, *)
            let length = keptShape[first...last].reduce(1, *)
            let inner = keptShape[(last + 1)...].reduce(1, *)
            require(length > 0 || kind == .sum, "cannot take the \(kind) of an empty axis")
            let out = TensorStorage.backend.reduce(kind, current.storage, outer: outer, length: length, inner: inner)
            for axis in run { keptShape[axis] = 1 }
            current = Tensor(storage: out, shape: keptShape)
        }
        return current
    }
}
