/// The element types of the safetensors format that Nabla reads, with their byte sizes and how they
/// become Nabla tensors.
///
/// Nabla's types are `float32`, `float64` and `int64`; every other type is converted when read, to the
/// smaller Nabla type that holds **every** value of the stored type exactly:
///
/// | stored                                    | read as   | exact?                                |
/// |-------------------------------------------|-----------|---------------------------------------|
/// | `F32`, `F16`, `BF16`                      | `float32` | yes (half and bfloat16 widen exactly) |
/// | `BOOL`, `U8`, `I8`, `U16`, `I16`          | `float32` | yes (integers below 2²⁴)              |
/// | `F64`, `I32`, `U32`                       | `float64` | yes (integers below 2⁵³)              |
/// | `I64`                                     | `int64`   | yes                                   |
/// | `U64`                                     | `float64` | only for values up to 2⁵³; larger values are rounded to the nearest `Double` |
///
/// Nabla writes `F32`, `F64` and `I64`. The 8-bit and smaller float types of the format (`F8_E4M3`,
/// `F8_E5M2`, `F4`, …) and complex types are recognised and reported as unsupported.
public enum SafeTensorsDType: String, Sendable, CaseIterable, CustomStringConvertible {
    /// One byte, 0 or 1.
    case bool = "BOOL"
    /// Unsigned 8-bit integer.
    case uint8 = "U8"
    /// Signed 8-bit integer.
    case int8 = "I8"
    /// Signed 16-bit integer.
    case int16 = "I16"
    /// Unsigned 16-bit integer.
    case uint16 = "U16"
    /// IEEE 754 half precision (1 sign, 5 exponent, 10 fraction bits).
    case float16 = "F16"
    /// Brain floating point: the top 16 bits of a `Float` (8 exponent, 7 fraction bits).
    case bfloat16 = "BF16"
    /// Signed 32-bit integer.
    case int32 = "I32"
    /// Unsigned 32-bit integer.
    case uint32 = "U32"
    /// IEEE 754 single precision, Nabla's `float32`.
    case float32 = "F32"
    /// IEEE 754 double precision, Nabla's `float64`.
    case float64 = "F64"
    /// Signed 64-bit integer (PyTorch's default integer type).
    case int64 = "I64"
    /// Unsigned 64-bit integer.
    case uint64 = "U64"

    /// Type names of the format that Nabla recognises but cannot read.
    static let unsupportedNames: Set<String> = ["F8_E4M3", "F8_E5M2", "F8_E8M0", "F6_E2M3", "F6_E3M2", "F4", "C64", "C128"]

    /// The format's name ("F32").
    public var description: String { rawValue }

    /// Bytes per element.
    public var byteSize: Int {
        switch self {
        case .bool, .uint8, .int8: return 1
        case .int16, .uint16, .float16, .bfloat16: return 2
        case .int32, .uint32, .float32: return 4
        case .float64, .int64, .uint64: return 8
        }
    }

    /// The types in the order of the reference implementation's `Dtype` (by alignment); its writer puts
    /// tensors of later types first.
    static let referenceOrder: [SafeTensorsDType] = [.bool, .uint8, .int8, .int16, .uint16, .float16, .bfloat16,
                                                     .int32, .uint32, .float32, .float64, .int64, .uint64]

    /// This type's position in `referenceOrder`.
    var referenceRank: Int { Self.referenceOrder.firstIndex(of: self) ?? 0 }

    /// The stored type of a Nabla tensor: `F32`, `F64` or `I64`.
    public init(_ dtype: DType) {
        switch dtype {
        case .float32: self = .float32
        case .float64: self = .float64
        case .int64: self = .int64
        }
    }

    /// The Nabla type a stored tensor is read as (see the table above).
    public var readType: DType {
        switch self {
        case .float32, .float16, .bfloat16, .bool, .uint8, .int8, .uint16, .int16: return .float32
        case .float64, .int32, .uint32, .uint64: return .float64
        case .int64: return .int64
        }
    }

    /// Whether every value of this stored type is exactly a value of `dtype`; loading parameters
    /// converts only when this holds.
    public func isExactlyRepresentable(in dtype: DType) -> Bool {
        switch self {
        case .int64: return dtype == .int64
        case .uint64: return false
        case .float16, .bfloat16, .float32, .float64: return dtype != .int64 && (readType == .float32 || dtype == .float64)
        case .bool, .uint8, .int8, .int16, .uint16, .int32, .uint32: return dtype == .int64 || readType == .float32 || dtype == .float64
        }
    }

    // MARK: Decoding elements

    /// Decodes `count` little-endian elements starting at `source` into `target` as `readType`.
    /// `source` need not be aligned. Throws a description of the first invalid element (a `BOOL`
    /// byte other than 0 or 1).
    func decode(_ source: UnsafeRawPointer, count: Int, into target: UnsafeMutableRawPointer) throws(DecodingProblem) {
        switch self {
        case .float32: copyLittleEndian(source, count: count, into: target, as: UInt32.self)
        case .float64: copyLittleEndian(source, count: count, into: target, as: UInt64.self)
        case .float16: convert(source, count, target, UInt16.self) { Float(halfBits: $0) }
        case .bfloat16: convert(source, count, target, UInt16.self) { Float(bitPattern: UInt32($0) << 16) }
        case .uint8: convert(source, count, target, UInt8.self) { Float($0) }
        case .int8: convert(source, count, target, UInt8.self) { Float(Int8(bitPattern: $0)) }
        case .uint16: convert(source, count, target, UInt16.self) { Float($0) }
        case .int16: convert(source, count, target, UInt16.self) { Float(Int16(bitPattern: $0)) }
        case .int32: convert(source, count, target, UInt32.self) { Double(Int32(bitPattern: $0)) }
        case .uint32: convert(source, count, target, UInt32.self) { Double($0) }
        case .int64: copyLittleEndian(source, count: count, into: target, as: UInt64.self)
        case .uint64: convert(source, count, target, UInt64.self) { Double($0) }
        case .bool:
            let bytes = source.assumingMemoryBound(to: UInt8.self), floats = target.assumingMemoryBound(to: Float.self)
            for i in 0..<count {
                guard bytes[i] <= 1 else { throw DecodingProblem(element: i, description: "BOOL byte 0x\(String(bytes[i], radix: 16)) is neither 0 nor 1") }
                floats[i] = Float(bytes[i])
            }
        }
    }

    /// An element that cannot be decoded.
    struct DecodingProblem: Error {
        let element: Int
        let description: String
    }

    /// Copies words of the target's own size, swapping bytes on a big-endian machine.
    private func copyLittleEndian<Word: FixedWidthInteger>(
        _ source: UnsafeRawPointer, count: Int, into target: UnsafeMutableRawPointer, as _: Word.Type
    ) {
        #if _endian(little)
        target.copyMemory(from: source, byteCount: count * MemoryLayout<Word>.size)
        #else
        let words = target.assumingMemoryBound(to: Word.self)
        for i in 0..<count { words[i] = Word(littleEndian: source.loadUnaligned(fromByteOffset: i * MemoryLayout<Word>.size, as: Word.self)) }
        #endif
    }

    /// Reads little-endian words one at a time and converts each with `transform`.
    private func convert<Word: FixedWidthInteger, Result>(
        _ source: UnsafeRawPointer, _ count: Int, _ target: UnsafeMutableRawPointer, _: Word.Type,
        _ transform: (Word) -> Result
    ) {
        let results = target.assumingMemoryBound(to: Result.self)
        for i in 0..<count {
            results[i] = transform(Word(littleEndian: source.loadUnaligned(fromByteOffset: i * MemoryLayout<Word>.size, as: Word.self)))
        }
    }
}

extension Float {
    /// The value of IEEE 754 binary16 bits (1 sign, 5 exponent, 10 fraction bits), widened exactly.
    ///
    /// Normal halves have exponent bias 15, floats 127: the fraction moves up 13 bits and the exponent
    /// is rebiased. Subnormal halves are fraction · 2⁻²⁴; infinities and NaNs keep their class
    /// (and a NaN its payload).
    init(halfBits bits: UInt16) {
        let sign: UInt32 = UInt32(bits & 0x8000) << 16
        let exponent = Int(bits >> 10) & 0x1F
        let fraction = UInt32(bits & 0x03FF)
        switch exponent {
        case 0:
            let magnitude = Float(fraction) * 0x1p-24  // exact: at most 10 significant bits
            self = sign == 0 ? magnitude : -magnitude
        case 0x1F:
            self = Float(bitPattern: sign | 0x7F80_0000 | fraction << 13)
        default:
            self = Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | fraction << 13)
        }
    }
}
