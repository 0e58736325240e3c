/// Addition, subtraction, multiplication and division with NumPy broadcasting, scalars on either
/// side, and unary minus. Each operator records how to send ∂L/∂y back to both operands; a broadcast
/// operand gets its gradient summed over the dimensions it was stretched along.
extension Tensor {
    /// `a + b`; ∂L/∂a = ∂L/∂y, ∂L/∂b = ∂L/∂y.
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        let y = applyBinary(.add, a, b)
        return record(.add, storage: y.storage, shape: y.shape, inputs: [a, b], savesNoTensors: true) { [aShape = a.shape, bShape = b.shape] g in
            [unbroadcast(g, to: aShape), unbroadcast(g, to: bShape)]
        }
    }

    /// `a - b`; ∂L/∂a = ∂L/∂y, ∂L/∂b = -∂L/∂y.
    public static func - (a: Tensor, b: Tensor) -> Tensor {
        let y = applyBinary(.subtract, a, b)
        return record(.subtract, storage: y.storage, shape: y.shape, inputs: [a, b], savesNoTensors: true) { [aShape = a.shape, bShape = b.shape] g in
            [unbroadcast(g, to: aShape), unbroadcast(-g, to: bShape)]
        }
    }

    /// `a ⊙ b` (elementwise); ∂L/∂a = ∂L/∂y ⊙ b, ∂L/∂b = ∂L/∂y ⊙ a.
    public static func * (a: Tensor, b: Tensor) -> Tensor {
        let y = applyBinary(.multiply, a, b)
        return record(.multiply, storage: y.storage, shape: y.shape, inputs: [a, b]) { [a = a.detached(), b = b.detached()] g in
            [unbroadcast(g * b, to: a.shape), unbroadcast(g * a, to: b.shape)]
        }
    }

    /// `a / b` (elementwise); ∂L/∂a = ∂L/∂y / b, ∂L/∂b = -∂L/∂y ⊙ a / b².
    public static func / (a: Tensor, b: Tensor) -> Tensor {
        let y = applyBinary(.divide, a, b)
        return record(.divide, storage: y.storage, shape: y.shape, inputs: [a, b]) { [a = a.detached(), b = b.detached()] g in
            let gOverB = g / b
            return [unbroadcast(gOverB, to: a.shape), unbroadcast(-(gOverB * a / b), to: b.shape)]
        }
    }

    /// `-x`; ∂L/∂x = -∂L/∂y.
    public static prefix func - (x: Tensor) -> Tensor {
        let y = applyUnary(.negate, x)
        return record(.negate, storage: y.storage, shape: y.shape, input: x, savesNoTensors: true) { g in -g }
    }

    // Scalars on either side become one-element tensors of the tensor's element type.

    /// Adds a scalar to every element.
    public static func + (a: Tensor, b: Double) -> Tensor { a + a.scalarLike(b) }
    /// Adds a scalar to every element.
    public static func + (a: Double, b: Tensor) -> Tensor { b.scalarLike(a) + b }
    /// Subtracts a scalar from every element.
    public static func - (a: Tensor, b: Double) -> Tensor { a - a.scalarLike(b) }
    /// Subtracts every element from a scalar.
    public static func - (a: Double, b: Tensor) -> Tensor { b.scalarLike(a) - b }
    /// Multiplies every element by a scalar.
    public static func * (a: Tensor, b: Double) -> Tensor { a * a.scalarLike(b) }
    /// Multiplies every element by a scalar.
    public static func * (a: Double, b: Tensor) -> Tensor { b.scalarLike(a) * b }
    /// Divides every element by a scalar.
    public static func / (a: Tensor, b: Double) -> Tensor { a / a.scalarLike(b) }
    /// Divides a scalar by every element.
    public static func / (a: Double, b: Tensor) -> Tensor { b.scalarLike(a) / b }

    /// `a = a + b` (a new tensor; the old value stays intact for any graph that uses it).
    public static func += (a: inout Tensor, b: Tensor) { a = a + b }
    /// `a = a - b`.
    public static func -= (a: inout Tensor, b: Tensor) { a = a - b }
    /// `a = a ⊙ b`.
    public static func *= (a: inout Tensor, b: Tensor) { a = a * b }
    /// `a = a / b`.
    public static func /= (a: inout Tensor, b: Tensor) { a = a / b }
    /// `a = a + b`.
    public static func += (a: inout Tensor, b: Double) { a = a + b }
    /// `a = a - b`.
    public static func -= (a: inout Tensor, b: Double) { a = a - b }
    /// `a = a * b`.
    public static func *= (a: inout Tensor, b: Double) { a = a * b }
    /// `a = a / b`.
    public static func /= (a: inout Tensor, b: Double) { a = a / b }
}
