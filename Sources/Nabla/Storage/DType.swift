import Foundation

/// The element type of a tensor. Nabla computes in `Float` by default and in `Double` when asked
/// (gradient checks, precise experiments).
public enum DType: String, Sendable, CustomStringConvertible {
    /// 32-bit IEEE floating point (Swift `Float`), the default.
    case float32
    /// 64-bit IEEE floating point (Swift `Double`).
    case float64

    /// Bytes per element.
    public var byteSize: Int { self == .float32 ? 4 : 8 }

    public var description: String { rawValue }
}

/// The Swift scalar types a tensor can hold: `Float` and `Double`.
///
/// Kernels are written once, generically over `TensorScalar`, and specialised by the compiler.
public protocol TensorScalar: BinaryFloatingPoint, SIMDScalar, Sendable, LosslessStringConvertible, Codable {
    /// The `DType` that stores this scalar type.
    static var dtype: DType { get }
    /// `x` raised to the power `y`.
    static func power(_ x: Self, _ y: Self) -> Self
    /// The natural exponential.
    static func exponential(_ x: Self) -> Self
    /// The natural logarithm.
    static func logarithm(_ x: Self) -> Self
}

extension Float: TensorScalar {
    public static var dtype: DType { .float32 }
    @inline(__always) public static func power(_ x: Float, _ y: Float) -> Float { Foundation.pow(x, y) }
    @inline(__always) public static func exponential(_ x: Float) -> Float { Foundation.exp(x) }
    @inline(__always) public static func logarithm(_ x: Float) -> Float { Foundation.log(x) }
}

extension Double: TensorScalar {
    public static var dtype: DType { .float64 }
    @inline(__always) public static func power(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }
    @inline(__always) public static func exponential(_ x: Double) -> Double { Foundation.exp(x) }
    @inline(__always) public static func logarithm(_ x: Double) -> Double { Foundation.log(x) }
}
