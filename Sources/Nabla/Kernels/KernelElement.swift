/// The element types the kernels move, add and convert: `Float`, `Double` and `Int64`. Copies, strided
/// copies, row and index moves and in-place additions are written once, generically over `KernelElement`;
/// arithmetic needs a `KernelScalar`.
protocol KernelElement: TensorElement, AdditiveArithmetic {
    /// `value` in this type: rounded to the nearest for floating-point types, truncated toward zero for
    /// integers (stopping with a message for NaN, infinities and values out of range).
    init(converting value: Double)
    /// This value as a `Double` (rounded to the nearest for integers beyond 2⁵³).
    var doubleValue: Double { get }
}

extension Float: KernelElement {
    @inline(__always) init(converting value: Double) { self.init(value) }
    @inline(__always) var doubleValue: Double { Double(self) }
}

extension Double: KernelElement {
    @inline(__always) init(converting value: Double) { self = value }
    @inline(__always) var doubleValue: Double { self }
}

extension Int64: KernelElement {
    init(converting value: Double) {
        require(value.isFinite && value >= -0x1p63 && value < 0x1p63,
                "int64: \(value) has no integer value; only finite numbers in [-2⁶³, 2⁶³) convert to an integer type (fractions are truncated toward zero)")
        self.init(value)
    }

    @inline(__always) var doubleValue: Double { Double(self) }
}
