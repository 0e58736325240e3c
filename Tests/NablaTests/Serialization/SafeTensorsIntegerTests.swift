import Foundation
import Testing
@testable import Nabla

/// `int64` tensors in safetensors files: written as `I64`, read back exactly, laid out as the reference
/// implementation lays them out.
@Suite struct SafeTensorsIntegerTests {
    @Test func int64RoundTripsExactly() throws {
        let tensors: [String: Tensor] = [
            "labels": Tensor(indices: [Int.min, -1, 0, (1 << 53) + 1, Int.max]),
            "grid": Tensor(indices: [1, 2, 3, 4, 5, 6], shape: [2, 1, 3]),
            "empty": Tensor(indices: [], shape: [0, 2]),
        ]
        let (read, _) = try SafeTensors.decode(try SafeTensors.encode(tensors))
        for (name, tensor) in tensors {
            #expect(read[name].map { identical($0, tensor) } == true, "\(name): \(String(describing: read[name]))")
        }
    }

    /// The reference sorts by its element-type order, descending (… F32, F64, I64), then by name: the
    /// `I64` tensor comes first although its name sorts last.
    @Test func int64ComesBeforeFloat64AsInTheReference() throws {
        let bytes = try SafeTensors.encode(["a": Tensor(0.5, dtype: .float64), "z": Tensor(indices: [7], shape: []), "b": Tensor([1])])
        let header = #"{"z":{"dtype":"I64","shape":[],"data_offsets":[0,8]},"a":{"dtype":"F64","shape":[],"data_offsets":[8,16]},"b":{"dtype":"F32","shape":[1],"data_offsets":[16,20]}}"#
        let headerLength = Int(bytes[0])
        #expect(String(decoding: bytes[8..<(8 + headerLength)], as: UTF8.self).trimmingCharacters(in: .whitespaces) == header)
        #expect(Array(bytes[(8 + headerLength)..<(8 + headerLength + 8)]) == [7, 0, 0, 0, 0, 0, 0, 0])
    }

    @Test func storedTypesAndExactness() {
        #expect(SafeTensorsDType(DType.int64) == .int64 && SafeTensorsDType.int64.readType == .int64)
        #expect(SafeTensorsDType.int64.isExactlyRepresentable(in: .int64))
        #expect(!SafeTensorsDType.int64.isExactlyRepresentable(in: .float64))
        #expect(SafeTensorsDType.int32.isExactlyRepresentable(in: .int64))
        #expect(!SafeTensorsDType.float32.isExactlyRepresentable(in: .int64))
    }
}
