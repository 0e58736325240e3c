/// A binary elementwise function. Comparisons give 1 where true and 0 where false.
enum BinaryOperation: String {
    case add, subtract, multiply, divide, power, minimum, maximum
    case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual
}

/// A unary elementwise function.
enum UnaryOperation: String {
    case negate, abs, sign, sqrt, square, reciprocal, relu, exp, log, tanh, sigmoid
}

/// Elementwise loops over raw buffers (no autodiff). Each loop is generic over the scalar type and
/// specialised by the compiler; strides are 0 (a broadcast scalar) or 1 (contiguous).
enum ElementwiseKernels {
    /// `out[i] = op(a[i * aStride], b[i * bStride])` for `i` in `0..<count`.
    static func binary<T: TensorScalar>(
        _ op: BinaryOperation, _ a: UnsafePointer<T>, _ aStride: Int, _ b: UnsafePointer<T>, _ bStride: Int,
        _ out: UnsafeMutablePointer<T>, _ count: Int
    ) {
        switch op {
        case .add: loop(a, aStride, b, bStride, out, count) { $0 + $1 }
        case .subtract: loop(a, aStride, b, bStride, out, count) { $0 - $1 }
        case .multiply: loop(a, aStride, b, bStride, out, count) { $0 * $1 }
        case .divide: loop(a, aStride, b, bStride, out, count) { $0 / $1 }
        case .power: loop(a, aStride, b, bStride, out, count) { T.power($0, $1) }
        case .minimum: loop(a, aStride, b, bStride, out, count) { $0.isNaN || $1.isNaN ? .nan : Swift.min($0, $1) }
        case .maximum: loop(a, aStride, b, bStride, out, count) { $0.isNaN || $1.isNaN ? .nan : Swift.max($0, $1) }
        case .equal: loop(a, aStride, b, bStride, out, count) { $0 == $1 ? 1 : 0 }
        case .notEqual: loop(a, aStride, b, bStride, out, count) { $0 != $1 ? 1 : 0 }
        case .less: loop(a, aStride, b, bStride, out, count) { $0 < $1 ? 1 : 0 }
        case .lessOrEqual: loop(a, aStride, b, bStride, out, count) { $0 <= $1 ? 1 : 0 }
        case .greater: loop(a, aStride, b, bStride, out, count) { $0 > $1 ? 1 : 0 }
        case .greaterOrEqual: loop(a, aStride, b, bStride, out, count) { $0 >= $1 ? 1 : 0 }
        }
    }

    @inline(__always)
    private static func loop<T: TensorScalar>(
        _ a: UnsafePointer<T>, _ aStride: Int, _ b: UnsafePointer<T>, _ bStride: Int,
        _ out: UnsafeMutablePointer<T>, _ count: Int, _ f: (T, T) -> T
    ) {
        switch (aStride, bStride) {
        case (1, 1): for i in 0..<count { out[i] = f(a[i], b[i]) }
        case (1, 0): let y = b[0]; for i in 0..<count { out[i] = f(a[i], y) }
        case (0, 1): let x = a[0]; for i in 0..<count { out[i] = f(x, b[i]) }
        default: for i in 0..<count { out[i] = f(a[i * aStride], b[i * bStride]) }
        }
    }

    /// `out = op(a, b)` over the broadcast shape `shape` of `aShape` and `bShape` (NumPy rules, checked
    /// by the caller), written row-major and contiguous; on the pool's threads when the output is large.
    static func broadcastBinary<T: TensorScalar>(
        _ op: BinaryOperation, _ a: UnsafePointer<T>, _ aShape: [Int], _ b: UnsafePointer<T>, _ bShape: [Int],
        _ out: UnsafeMutablePointer<T>, _ shape: [Int]
    ) {
        let count = Shape.count(shape)
        let aCount = Shape.count(aShape), bCount = Shape.count(bShape)
        if aShape == bShape || (aCount == 1 && bCount == count) || (bCount == 1 && aCount == count) {
            // One contiguous run, or a scalar on one side: the threads take ranges of the elements.
            let (aStride, bStride) = (aCount == count ? 1 : 0, bCount == count ? 1 : 0)
            return ParallelLoop.runInRanges(count: count, workPerIteration: 1) { range in
                let start = range.lowerBound
                binary(op, a + start * aStride, aStride, b + start * bStride, bStride, out + start, range.count)
            }
        }
        // General case: walk the output row by row (last dimension), with per-input strides (0 where broadcast);
        // the threads take ranges of the first axis.
        let aStrides = Shape.broadcastStrides(aShape, to: shape), bStrides = Shape.broadcastStrides(bShape, to: shape)
        let rank = shape.count, inner = shape[rank - 1]
        if count == 0 { return }
        let perFirstIndex = count / shape[0]
        ParallelLoop.runInRanges(count: shape[0], workPerIteration: perFirstIndex) { range in
            var written = range.lowerBound * perFirstIndex
            StridedWalk.forEachRow(shape: [range.count] + shape[1...], strides: [aStrides, bStrides],
                                   start: [range.lowerBound * aStrides[0], range.lowerBound * bStrides[0]]) { offsets in
                binary(op, a + offsets[0], aStrides[rank - 1], b + offsets[1], bStrides[rank - 1], out + written, inner)
                written += inner
            }
        }
    }

    /// `out[i] = op(x[i])`; `x` and `out` may be the same buffer.
    static func unary<T: TensorScalar>(_ op: UnaryOperation, _ x: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>, _ count: Int) {
        switch op {
        case .negate: for i in 0..<count { out[i] = -x[i] }
        case .abs: for i in 0..<count { out[i] = Swift.abs(x[i]) }
        case .sign: for i in 0..<count { out[i] = x[i] > 0 ? 1 : (x[i] < 0 ? -1 : (x[i].isNaN ? .nan : 0)) }
        case .sqrt: for i in 0..<count { out[i] = x[i].squareRoot() }
        case .square: for i in 0..<count { out[i] = x[i] * x[i] }
        case .reciprocal: for i in 0..<count { out[i] = 1 / x[i] }
        case .relu: for i in 0..<count { out[i] = x[i] > 0 ? x[i] : (x[i].isNaN ? x[i] : 0) }
        case .exp, .log, .tanh, .sigmoid: transcendental(op, x, out, count)
        }
    }

    /// The vectorised transcendental functions, dispatched to `VectorMath` by element type.
    private static func transcendental<T: TensorScalar>(_ op: UnaryOperation, _ x: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>, _ count: Int) {
        if T.self == Float.self {
            let x = UnsafeRawPointer(x).assumingMemoryBound(to: Float.self)
            let out = UnsafeMutableRawPointer(out).assumingMemoryBound(to: Float.self)
            switch op {
            case .exp: VectorMath.exp(x, out, count: count)
            case .log: VectorMath.log(x, out, count: count)
            case .tanh: VectorMath.tanh(x, out, count: count)
            default: VectorMath.sigmoid(x, out, count: count)
            }
        } else {
            let x = UnsafeRawPointer(x).assumingMemoryBound(to: Double.self)
            let out = UnsafeMutableRawPointer(out).assumingMemoryBound(to: Double.self)
            switch op {
            case .exp: VectorMath.exp(x, out, count: count)
            case .log: VectorMath.log(x, out, count: count)
            case .tanh: VectorMath.tanh(x, out, count: count)
            default: VectorMath.sigmoid(x, out, count: count)
            }
        }
    }

    /// `out[i] = min(max(x[i], low), high)`.
    static func clamp<T: TensorScalar>(_ x: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>, _ count: Int, low: T, high: T) {
        for i in 0..<count { out[i] = x[i].isNaN ? x[i] : Swift.min(Swift.max(x[i], low), high) }
    }

    /// `out[i] = condition[i] != 0 ? a[i] : b[i]` over equal-length contiguous buffers.
    static func select<T: TensorScalar>(
        _ condition: UnsafePointer<T>, _ a: UnsafePointer<T>, _ b: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>, _ count: Int
    ) {
        for i in 0..<count { out[i] = condition[i] != 0 ? a[i] : b[i] }
    }

    /// Fills `count` scalars with `value`.
    static func fill<T: TensorScalar>(_ out: UnsafeMutablePointer<T>, _ count: Int, _ value: T) {
        out.initialize(repeating: value, count: count)
    }
}
