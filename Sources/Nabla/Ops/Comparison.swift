/// Comparisons giving masks (1 where true, 0 where false), selection with `where`, and the
/// elementwise minimum and maximum.
extension Tensor {
    private static func compare(_ op: BinaryOperation, _ a: Tensor, _ b: Tensor) -> Tensor {
        applyBinary(op, a, b)  // a mask has no gradient: it is piecewise constant
    }

    /// 1 where `a == b`, else 0 (broadcast).
    public static func .== (a: Tensor, b: Tensor) -> Tensor { compare(.equal, a, b) }
    /// 1 where `a != b`, else 0 (broadcast).
    public static func .!= (a: Tensor, b: Tensor) -> Tensor { compare(.notEqual, a, b) }
    /// 1 where `a < b`, else 0 (broadcast).
    public static func .< (a: Tensor, b: Tensor) -> Tensor { compare(.less, a, b) }
    /// 1 where `a <= b`, else 0 (broadcast).
    public static func .<= (a: Tensor, b: Tensor) -> Tensor { compare(.lessOrEqual, a, b) }
    /// 1 where `a > b`, else 0 (broadcast).
    public static func .> (a: Tensor, b: Tensor) -> Tensor { compare(.greater, a, b) }
    /// 1 where `a >= b`, else 0 (broadcast).
    public static func .>= (a: Tensor, b: Tensor) -> Tensor { compare(.greaterOrEqual, a, b) }

    /// 1 where an element equals `b`, else 0.
    public static func .== (a: Tensor, b: Double) -> Tensor { compare(.equal, a, a.scalarLike(b)) }
    /// 1 where an element differs from `b`, else 0.
    public static func .!= (a: Tensor, b: Double) -> Tensor { compare(.notEqual, a, a.scalarLike(b)) }
    /// 1 where an element is below `b`, else 0.
    public static func .< (a: Tensor, b: Double) -> Tensor { compare(.less, a, a.scalarLike(b)) }
    /// 1 where an element is at most `b`, else 0.
    public static func .<= (a: Tensor, b: Double) -> Tensor { compare(.lessOrEqual, a, a.scalarLike(b)) }
    /// 1 where an element is above `b`, else 0.
    public static func .> (a: Tensor, b: Double) -> Tensor { compare(.greater, a, a.scalarLike(b)) }
    /// 1 where an element is at least `b`, else 0.
    public static func .>= (a: Tensor, b: Double) -> Tensor { compare(.greaterOrEqual, a, a.scalarLike(b)) }

    /// Picks `a` where `condition` is non-zero and `b` elsewhere (all three broadcast together).
    /// The gradient goes to `a` where the condition holds and to `b` where it does not.
    public static func `where`(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
        let shape = Shape.broadcast(Shape.broadcast(condition.shape, a.shape, operation: "where"), b.shape, operation: "where")
        a.dtype.requireFloatingPoint("where")
        let c = condition.detached().converted(to: a.dtype).broadcastData(to: shape)
        let x = a.broadcastData(to: shape), y = b.broadcastData(to: shape)
        require(a.dtype == b.dtype, "where: element types \(a.dtype) and \(b.dtype) differ")
        let out = TensorStorage.backend.select(c.storage, x.storage, y.storage)
        return record(.select, storage: out, shape: shape, inputs: [a, b]) { [aShape = a.shape, bShape = b.shape] g in
            let zero = g.scalarLike(0)
            return [unbroadcast(Tensor.where(c, g, zero), to: aShape), unbroadcast(Tensor.where(c, zero, g), to: bShape)]
        }
    }

    /// The elementwise minimum of `a` and `b` (broadcast); the gradient goes to the smaller one, split
    /// evenly on ties.
    public static func minimum(_ a: Tensor, _ b: Tensor) -> Tensor { extremum(.minimum, a, b) }

    /// The elementwise maximum of `a` and `b` (broadcast); the gradient goes to the larger one, split
    /// evenly on ties.
    public static func maximum(_ a: Tensor, _ b: Tensor) -> Tensor { extremum(.maximum, a, b) }

    private static func extremum(_ op: BinaryOperation, _ a: Tensor, _ b: Tensor) -> Tensor {
        let y = applyBinary(op, a, b)
        return record(op == .maximum ? .maximum : .minimum, storage: y.storage, shape: y.shape, inputs: [a, b]) { [a = a.detached(), b = b.detached()] g in
            let aWins = op == .maximum ? (a .> b) : (a .< b)
            let tie = (a .== b) * 0.5
            return [unbroadcast(g * (aWins + tie), to: a.shape), unbroadcast(g * (1 - aWins - tie), to: b.shape)]
        }
    }
}
