import Foundation
import Testing
@testable import Nabla

/// The safetensors reader and writer: round trips, the exact bytes of a file, metadata, the element
/// types of other frameworks, and a thrown, descriptive error for every kind of broken file.
@Suite struct SafeTensorsTests {
    // MARK: Round trips

    @Test func float32AndFloat64RoundTripExactly() throws {
        let tensors: [String: Tensor] = [
            "matrix": Tensor([[1.5, -2.25, 3], [0, 1e-30, -7]]),
            "vector64": Tensor([0.1, -1e300, .leastNonzeroMagnitude, .infinity], dtype: .float64),
            "scalar": Tensor(Double.pi),
            "scalar64": Tensor(-0.0, dtype: .float64),
            "empty": Tensor.zeros([0, 3]),
            "empty64": Tensor.zeros([2, 0, 4], dtype: .float64),
            "nan": Tensor([Float.nan, -Float.infinity, -0.0, Float.leastNonzeroMagnitude]),
            "deep": Tensor.arange(0, 24).reshaped([2, 1, 3, 1, 4]),
        ]
        let bytes = try SafeTensors.encode(tensors)
        let (read, metadata) = try SafeTensors.decode(bytes)
        #expect(metadata.isEmpty)
        #expect(Set(read.keys) == Set(tensors.keys))
        for (name, tensor) in tensors {
            #expect(read[name].map { identical($0, tensor) } == true, "\(name): \(String(describing: read[name])) vs \(tensor)")
        }
    }

    @Test func roundTripThroughAFile() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("weights.safetensors")
            let w = Tensor([[1, 2], [3, 4]]), b = Tensor([0.5, -0.5], dtype: .float64)
            try SafeTensors.write(["w": w, "b": b], metadata: ["epoch": "7"], to: url)
            let (tensors, metadata) = try SafeTensors.read(from: url)
            #expect(try identical(#require(tensors["w"]), w) && identical(#require(tensors["b"]), b))
            #expect(metadata == ["epoch": "7"])
            #expect(try fileNames(in: directory) == ["weights.safetensors"])
        }
    }

    @Test func noTensorsAtAll() throws {
        let bytes = try SafeTensors.encode([:])
        #expect(Array(bytes) == [8, 0, 0, 0, 0, 0, 0, 0] + Array("{}      ".utf8))
        let (tensors, metadata) = try SafeTensors.decode(bytes)
        #expect(tensors.isEmpty && metadata.isEmpty)
    }

    // MARK: Layout

    /// The bytes the reference implementation writes for the same tensors (checked with
    /// `safetensors.torch.save` 0.8): F64 before F32, compact JSON, 4 spaces of padding to 136 bytes.
    @Test func exactBytesOfASmallFile() throws {
        let bytes = try SafeTensors.encode(["b": Tensor([1, -2]), "a": Tensor(0.5, dtype: .float64)], metadata: ["k": "v"])
        let header = #"{"__metadata__":{"k":"v"},"a":{"dtype":"F64","shape":[],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}"#
        #expect(header.utf8.count == 132)
        let expected: [UInt8] = [0x88, 0, 0, 0, 0, 0, 0, 0] + Array(header.utf8) + [0x20, 0x20, 0x20, 0x20]
            + [0, 0, 0, 0, 0, 0, 0xE0, 0x3F]   // 0.5 as a little-endian Double
            + [0, 0, 0x80, 0x3F]               // 1.0 as a little-endian Float
            + [0, 0, 0, 0xC0]                  // -2.0
        #expect(Array(bytes) == expected)
    }

    @Test func tensorsAreOrderedByElementSizeThenNameBytes() throws {
        let one = Tensor([1]), one64 = Tensor([1], dtype: .float64)
        let bytes = try SafeTensors.encode(["b": one, "B": one, "a": one64, "é": one, "z": one64, "a.10": one, "a.9": one])
        let header = String(decoding: bytes[8..<(8 + Int(bytes[0]) + 256 * Int(bytes[1]))], as: UTF8.self)
        let names = ["a", "z", "B", "a.10", "a.9", "b", "é"]
        let positions = try names.map { try #require(header.range(of: "\"\($0)\":{"), "\($0) is missing from \(header)").lowerBound }
        #expect(positions == positions.sorted(), "\(header)")
    }

    /// A header whose JSON is already a multiple of 8 bytes long (56) gets no padding at all.
    @Test func exactBytesWhenTheJSONNeedsNoPadding() throws {
        let bytes = try SafeTensors.encode(["xyz": Tensor([1])])
        let header = #"{"xyz":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
        #expect(header.utf8.count == 56)
        let expected: [UInt8] = [56, 0, 0, 0, 0, 0, 0, 0] + Array(header.utf8) + [0, 0, 0x80, 0x3F]
        #expect(Array(bytes) == expected)
    }

    @Test func dataStartsAtTheNextMultipleOfEightForEveryNameLength() throws {
        for length in 0..<20 {
            let bytes = try SafeTensors.encode([String(repeating: "x", count: length): Tensor([1, 2, 3])])
            let headerSize = bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
            #expect(headerSize % 8 == 0)
            let json = #"{"\#(String(repeating: "x", count: length))":{"dtype":"F32","shape":[3],"data_offsets":[0,12]}}"#
            let padding = Int(headerSize) - json.utf8.count
            #expect((0..<8).contains(padding), "name length \(length): \(padding) bytes of padding after \(json.utf8.count) of JSON")
            #expect(Array(bytes.dropFirst(8).prefix(Int(headerSize))) == Array(json.utf8) + [UInt8](repeating: 0x20, count: Swift.max(0, padding)))
            #expect(bytes.count == 8 + Int(headerSize) + 12)
            #expect(try SafeTensors.decode(bytes).tensors.count == 1)
        }
    }

    // MARK: Metadata

    @Test func metadataWithEscapesAndUnicodeRoundTrips() throws {
        let metadata = ["note": "quote \" backslash \\ slash / newline \n tab \t bell \u{07} delete \u{7F}",
                        "unicode": "héllo wörld ∇ 🎉", "": "empty key", "empty": ""]
        let bytes = try SafeTensors.encode(["x": Tensor([1])], metadata: metadata)
        #expect(try SafeTensors.decode(bytes).metadata == metadata)
        let header = String(decoding: bytes.dropFirst(8), as: UTF8.self)
        #expect(header.contains(#"quote \" backslash \\ slash / newline \n tab \t bell \u0007 delete "#))
    }

    @Test func metadataNullMeansNone() throws {
        let bytes = handMadeSafeTensors([("x", "F32", [1], [0, 0, 0x80, 0x3F])], metadata: "null")
        #expect(try SafeTensors.decode(bytes).metadata.isEmpty)
    }

    @Test func nameReservedForMetadataCannotBeATensor() {
        let error = safeTensorsError { _ = try SafeTensors.encode(["__metadata__": Tensor([1])]) }
        #expect(error?.description.contains("reserved") == true)
    }

    // MARK: Other element types

    @Test func readsTheOtherElementTypesExactly() throws {
        let bytes = handMadeSafeTensors([
            ("f16", "F16", [8], littleEndianBytes([UInt16(0x3C00), 0xC000, 0x7BFF, 0x0001, 0x03FF, 0x7C00, 0x8000, 0x3555])),
            ("bf16", "BF16", [3], littleEndianBytes([UInt16(0x3F80), 0xC0A0, 0x0001])),
            ("i8", "I8", [2], [0x80, 0x7F]),
            ("u8", "U8", [2], [0, 255]),
            ("i16", "I16", [2], littleEndianBytes([Int16.min, Int16.max])),
            ("u16", "U16", [1], littleEndianBytes([UInt16.max])),
            ("i32", "I32", [2], littleEndianBytes([Int32.min, Int32.max])),
            ("u32", "U32", [1], littleEndianBytes([UInt32.max])),
            ("i64", "I64", [3], littleEndianBytes([Int64.min, (1 << 53) + 1, -3])),
            ("u64", "U64", [1], littleEndianBytes([UInt64.max])),
            ("bool", "BOOL", [2, 1], [1, 0]),
        ])
        let tensors = try SafeTensors.decode(bytes).tensors
        let f16 = try #require(tensors["f16"]).scalars(as: Float.self)
        #expect(try #require(tensors["f16"]).dtype == .float32)
        #expect(Array(f16[0..<5]) == [1, -2, 65504, 0x1p-24, 1023 * 0x1p-24])
        #expect(f16[5] == .infinity && f16[6].bitPattern == (-0.0 as Float).bitPattern)
        #expect(f16[7] == 0x1.554p-2)   // 0x3555 ≈ 1/3
        #expect(try #require(tensors["bf16"]).scalars(as: Float.self) == [1, -5, Float(bitPattern: 0x0001_0000)])
        try expectValues(#require(tensors["i8"]), [-128, 127], shape: [2], tolerance: 0)
        try expectValues(#require(tensors["u8"]), [0, 255], shape: [2], tolerance: 0)
        try expectValues(#require(tensors["i16"]), [-32768, 32767], shape: [2], tolerance: 0)
        try expectValues(#require(tensors["u16"]), [65535], shape: [1], tolerance: 0)
        #expect(try #require(tensors["i32"]).dtype == .float64 && #require(tensors["u32"]).dtype == .float64)
        try expectValues(#require(tensors["i32"]), [-2_147_483_648, 2_147_483_647], shape: [2], tolerance: 0)
        try expectValues(#require(tensors["u32"]), [4_294_967_295], shape: [1], tolerance: 0)
        // I64 is read as int64, exactly (2⁵³ + 1 has no Double).
        #expect(try #require(tensors["i64"]).dtype == .int64)
        #expect(try #require(tensors["i64"]).scalars(as: Int.self) == [Int.min, (1 << 53) + 1, -3])
        #expect(try #require(tensors["u64"]).scalars(as: Double.self) == [0x1p64])
        try expectValues(#require(tensors["bool"]), [1, 0], shape: [2, 1], tolerance: 0)
        #expect(try #require(tensors["bool"]).dtype == .float32)
    }

    @Test func halfNaNStaysNaN() throws {
        let bytes = handMadeSafeTensors([("h", "F16", [2], littleEndianBytes([UInt16(0x7E00), 0xFC00]))])
        let values = try #require(SafeTensors.decode(bytes).tensors["h"]).scalars(as: Float.self)
        #expect(values[0].isNaN && values[1] == -.infinity)
    }

    @Test func everyHalfWidensToTheSameValueAsTheStandardLibrary() {
        #if !(os(macOS) && arch(x86_64))  // Float16 is unavailable there
        for bits in UInt16.min...UInt16.max {
            let expected = Float(Float16(bitPattern: bits)), actual = Float(halfBits: bits)
            if expected.isNaN ? !actual.isNaN : expected.bitPattern != actual.bitPattern {
                Issue.record("half 0x\(String(bits, radix: 16)): \(actual), expected \(expected)")
                return
            }
        }
        #endif
    }
}
