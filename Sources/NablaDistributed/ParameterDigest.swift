import Nabla

/// A 64-bit fingerprint of a model's parameter values (FNV-1a over their bytes, in the order of
/// `parameters()`): equal on two ranks exactly when, barring a collision, their parameters are
/// bit-identical.
public struct ParameterDigest: Equatable, Sendable {
    /// The fingerprint, as MPI sends it.
    public let value: Int64

    /// The digest of `model`'s parameters.
    public init(_ model: Module) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for parameter in model.parameters() {
            let tensor = parameter.value
            let bytes: [UInt8] = switch tensor.dtype {
            case .float32: tensor.withUnsafeBufferPointer(as: Float.self) { Array(UnsafeRawBufferPointer($0)) }
            case .float64: tensor.withUnsafeBufferPointer(as: Double.self) { Array(UnsafeRawBufferPointer($0)) }
            case .int64: tensor.withUnsafeBufferPointer(as: Int64.self) { Array(UnsafeRawBufferPointer($0)) }
            }
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        }
        value = Int64(bitPattern: hash)
    }
}
