import Foundation

/// The element type of a tensor. Nabla computes in `Float` by default and in `Double` when asked
/// (gradient checks, precise experiments); `int64` holds indices and class labels exactly.
public enum DType: String, Sendable, CustomStringConvertible {
    /// 32-bit IEEE floating point (Swift `Float`), the default.
    case float32
    /// 64-bit IEEE floating point (Swift `Double`).
    case float64
    /// 64-bit signed integers (Swift `Int64`, PyTorch's `long`): indices, class labels, vocabulary ids,
    /// exact far beyond the 2²⁴ up to which `float32` holds whole numbers. Integer tensors can be reshaped,
    /// sliced, joined and used to index; arithmetic needs a floating-point type (`converted(to:)`).
    case int64

    /// Bytes per element.
    public var byteSize: Int { self == .float32 ? 4 : 8 }

    /// Whether this is a floating-point type, the kind that arithmetic and gradients need.
    public var isFloatingPoint: Bool { self != .int64 }

    /// The type's name (`float32`, `float64`, `int64`).
    public var description: String { rawValue }

    /// Stops with a message naming `operation` unless this is a floating-point type.
    @inline(__always)
    func requireFloatingPoint(_ operation: @autoclosure () -> String) {
        require(isFloatingPoint, "\(operation()) needs a floating-point tensor, got \(self); convert with converted(to: .float32)")
    }
}

/// The Swift scalar types tensors compute with: `Float` and `Double`.
///
/// Kernels are written once, generically over `TensorScalar`, and specialised by the compiler.
public protocol TensorScalar: TensorElement, BinaryFloatingPoint, SIMDScalar, LosslessStringConvertible, Codable {
    /// `x` raised to the power `y`.
    static func power(_ x: Self, _ y: Self) -> Self
    /// The natural exponential.
    static func exponential(_ x: Self) -> Self
    /// The natural logarithm.
    static func logarithm(_ x: Self) -> Self
}

extension Float: TensorScalar {
    /// `.float32`.
    public static var dtype: DType { .float32 }
    /// xʸ.
    /// ln x.
    /// eˣ.
    @inline(__always) public static func power(_ x: Float, _ y: Float) -> Float { Foundation.pow(x, y) }
    @inline(__always) public static func exponential(_ x: Float) -> Float { Foundation.exp(x) }
    @inline(__always) public static func logarithm(_ x: Float) -> Float { Foundation.log(x) }
}

extension Double: TensorScalar {
    /// `.float64`.
    public static var dtype: DType { .float64 }
    /// xʸ.
    /// ln x.
    /// eˣ.
    @inline(__always) public static func power(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }
    @inline(__always) public static func exponential(_ x: Double) -> Double { Foundation.exp(x) }
    @inline(__always) public static func logarithm(_ x: Double) -> Double { Foundation.log(x) }
}
