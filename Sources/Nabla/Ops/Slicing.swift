/// Something that selects along one axis in a subscript: an `Int` picks one position and removes the
/// axis; a range (`1..<3`, `2...`, `..<4`, `0...`) keeps the axis. Negative integers and the bounds of
/// one-sided ranges count from the end (`x[-1]` is the last row, `x[(-2)...]` the last two).
public protocol TensorIndexExpression {
    /// The positions selected along an axis of `size`, and whether the axis is removed.
    func resolve(size: Int) -> (range: Range<Int>, removesAxis: Bool)
}

extension Int: TensorIndexExpression {
    /// Position `self` (from the end when negative), removing the axis.
    public func resolve(size: Int) -> (range: Range<Int>, removesAxis: Bool) {
        let i = self < 0 ? self + size : self
        require(i >= 0 && i < size, "index \(self) is out of range for an axis of size \(size)")
        return (i..<(i + 1), true)
    }
}

extension Range: TensorIndexExpression where Bound == Int {
    /// The positions of the range, keeping the axis.
    public func resolve(size: Int) -> (range: Range<Int>, removesAxis: Bool) {
        (checkedRange(lowerBound, upperBound, size: size, written: "\(self)"), false)
    }
}

extension ClosedRange: TensorIndexExpression where Bound == Int {
    /// The positions of the range, its upper bound included, keeping the axis.
    public func resolve(size: Int) -> (range: Range<Int>, removesAxis: Bool) {
        (checkedRange(lowerBound, upperBound + 1, size: size, written: "\(self)"), false)
    }
}

extension PartialRangeFrom: TensorIndexExpression where Bound == Int {
    /// The positions from the lower bound (from the end when negative) to the end, keeping the axis.
    public func resolve(size: Int) -> (range: Range<Int>, removesAxis: Bool) {
        (checkedRange(lowerBound < 0 ? lowerBound + size : lowerBound, size, size: size, written: "\(lowerBound)..."), false)
    }
}

extension PartialRangeUpTo: TensorIndexExpression where Bound == Int {
    /// The positions before the upper bound (from the end when negative), keeping the axis.
    public func resolve(size: Int) -> (range: Range<Int>, removesAxis: Bool) {
        (checkedRange(0, upperBound < 0 ? upperBound + size : upperBound, size: size, written: "..<\(upperBound)"), false)
    }
}

extension PartialRangeThrough: TensorIndexExpression where Bound == Int {
    /// The positions up to the upper bound included (from the end when negative), keeping the axis.
    public func resolve(size: Int) -> (range: Range<Int>, removesAxis: Bool) {
        // `...k` includes index k, so k must name an index of the axis (from the end when negative).
        let last = upperBound < 0 ? upperBound + size : upperBound
        return (checkedRange(0, last < 0 ? -1 : last + 1, size: size, written: "...\(upperBound)"), false)
    }
}

/// `lower..<upper` after checking 0 ≤ lower ≤ upper ≤ size (the bounds are checked as numbers first,
/// so that a reversed range stops with this message rather than inside the standard library).
private func checkedRange(_ lower: Int, _ upper: Int, size: Int, written: String) -> Range<Int> {
    require(lower >= 0 && lower <= upper && upper <= size, "range \(written) is out of bounds for an axis of size \(size)")
    return lower..<upper
}

/// Slicing with ranges and integers, and constant padding; each is the other's gradient.
extension Tensor {
    /// Selects along the leading axes, one expression per axis (missing trailing axes are kept whole).
    ///
    /// ```swift
    /// x[0]            // the first row, one axis fewer
    /// x[1..<3, 2...]  // rows 1 and 2, columns from 2 on
    /// x[0..., 0]      // the first column
    /// ```
    public subscript(_ indices: any TensorIndexExpression...) -> Tensor {
        require(indices.count <= rank, "subscript: \(indices.count) indices for a tensor of shape \(shape)")
        var ranges: [Range<Int>] = shape.map { 0..<$0 }
        var keptShape: [Int] = []
        for axis in 0..<rank {
            if axis < indices.count {
                let (range, removes) = indices[axis].resolve(size: shape[axis])
                ranges[axis] = range
                if !removes { keptShape.append(range.count) }
            } else {
                keptShape.append(shape[axis])
            }
        }
        return sliced(ranges).reshaped(keptShape)
    }

    /// The block `ranges[i]` along each axis `i` (one range per axis).
    /// ∂L/∂x is ∂L/∂y placed back in a tensor of zeros; the engine adds it in place into x's gradient,
    /// so that taking T slices of one tensor costs O(T · slice), not O(T · tensor), in the backward pass.
    public func sliced(_ ranges: [Range<Int>]) -> Tensor {
        require(ranges.count == rank, "sliced: \(ranges.count) ranges for a tensor of shape \(shape)")
        for (axis, range) in ranges.enumerated() {
            require(range.lowerBound >= 0 && range.upperBound <= shape[axis],
                    "sliced: range \(range) is out of bounds for axis \(axis) of shape \(shape)")
        }
        if ranges.map(\.count) == shape { return self }
        let strides = Shape.strides(shape)
        let offset = zip(ranges, strides).reduce(0) { $0 + $1.0.lowerBound * $1.1 }
        let data = stridedCopy(shape: ranges.map(\.count), strides: strides, offset: offset)
        return Tensor.record(.slice(ranges: ranges), storage: data.storage, shape: data.shape, inputs: [self], savesNoTensors: true) { g in
            [InputGradient.block(g, offset: offset, strides: strides)]
        }
    }

    /// Positions `range` along `axis`.
    public func sliced(alongAxis axis: Int, _ range: Range<Int>) -> Tensor {
        let a = Shape.normalize(axis: axis, rank: rank, operation: "sliced")
        var ranges = shape.map { 0..<$0 }
        ranges[a] = range
        return sliced(ranges)
    }

    /// The tensor surrounded by `value`: `padding[i]` gives how many positions go before and after
    /// along axis `i` (one pair per axis). ∂L/∂x is the middle block of ∂L/∂y.
    public func padded(_ padding: [(before: Int, after: Int)], value: Double = 0) -> Tensor {
        require(padding.count == rank, "padded: \(padding.count) (before, after) pairs for a tensor of shape \(shape)")
        require(padding.allSatisfy { $0.before >= 0 && $0.after >= 0 }, "padded: padding sizes must not be negative")
        let newShape = zip(shape, padding).map { $0 + $1.before + $1.after }
        let strides = Shape.strides(newShape)
        let offset = zip(padding, strides).reduce(0) { $0 + $1.0.before * $1.1 }
        let out = Tensor.full(newShape, value: value, dtype: dtype)
        TensorStorage.backend.scatter(storage, shape: shape, into: out.storage, offset: offset, strides: strides, accumulate: false)
        return Tensor.record(.pad(padding: padding.flatMap { [$0.before, $0.after] }, value: value), storage: out.storage, shape: newShape, input: self, savesNoTensors: true) { [shape] g in
            g.sliced(zip(padding, shape).map { $0.before..<($0.before + $1) })
        }
    }
}
