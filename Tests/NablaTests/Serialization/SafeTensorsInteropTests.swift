import Foundation
import Testing
@testable import Nabla

/// Files shared with PyTorch, in `Tests/Fixtures/safetensors` (made by
/// `Tests/Fixtures/make_safetensors_fixtures.py`; the tests need neither Python nor torch):
///
/// - `from_pytorch.safetensors` was written by `safetensors.torch.save_file`, and `from_pytorch.json`
///   lists its tensors' stored types, shapes and exact values;
/// - `from_nabla.safetensors` is what `nablaTensors` gives when written by Nabla; the script checked
///   that PyTorch loads it with the right values and that the reference writer lays out the same
///   tensors identically.
@Suite struct SafeTensorsInteropTests {
    /// The tensors and metadata of `from_nabla.safetensors` (the script holds the same values).
    static let nablaTensors: [String: Tensor] = [
        "encoder.weight": Tensor([[0.5, -1.25, 3], [0.1, -0.0, 65504]]),
        "encoder.bias": Tensor([0.25, 1e-8, -7]),
        "decoder.weight": Tensor([[1.0 / 3, -2], [1e-300, Double(bitPattern: 0x2E05_5C9A_3F6C) /* 2.5e-310, subnormal */], [123456789.125, -0.1]], dtype: .float64),
        "scale": Tensor(Double.pi, dtype: .float64),
        "empty": Tensor.zeros([0, 3]),
        "übung/weight 2": Tensor([42]),
    ]
    static let nablaMetadata = ["format": "pt", "creator": "Nabla", "note": "quote \" backslash \\ newline \n tab \t é ∇"]

    @Test func readsWhatPyTorchWrote() throws {
        let (tensors, metadata) = try SafeTensors.read(from: safeTensorsFixtures.appendingPathComponent("from_pytorch.safetensors"))
        let json = try JSONParser.parse(Array(Data(contentsOf: safeTensorsFixtures.appendingPathComponent("from_pytorch.json"))))
        guard case .object(let top) = json,
              case .object(let expectedMetadata)? = top.first(where: { $0.key == "metadata" })?.value,
              case .object(let expectedTensors)? = top.first(where: { $0.key == "tensors" })?.value
        else { Issue.record("from_pytorch.json has an unexpected layout"); return }

        #expect(metadata == Dictionary(uniqueKeysWithValues: expectedMetadata.map { ($0.key, Self.string($0.value)) }))
        #expect(Set(tensors.keys) == Set(expectedTensors.map(\.key)))
        #expect(Set(expectedTensors.compactMap { Self.field("dtype", of: $0.value).map(Self.string) }).count >= 8, "the fixture covers the types")
        for (name, description) in expectedTensors {
            guard let tensor = tensors[name], let dtypeField = Self.field("dtype", of: description),
                  let dtype = SafeTensorsDType(rawValue: Self.string(dtypeField)),
                  case .array(let shape)? = Self.field("shape", of: description),
                  case .array(let values)? = Self.field("values", of: description)
            else { Issue.record("\(name): missing from the file or malformed in the JSON"); continue }
            #expect(tensor.dtype == dtype.readType, "\(name)")
            #expect(try tensor.shape == shape.map { try #require(Int(Self.string($0))) }, "\(name)")
            // Integers are written exactly in the JSON; they are compared after the documented rounding.
            let expected = try values.map { value -> Double in
                let text = Self.string(value)
                return try Int64(text).map(Double.init) ?? #require(Double(text))
            }
            #expect(tensor.scalars(as: Double.self) == expected, "\(name)")
        }
    }

    @Test func writesExactlyTheBytesPyTorchWasCheckedAgainst() throws {
        let fixture = safeTensorsFixtures.appendingPathComponent("from_nabla.safetensors")
        if ProcessInfo.processInfo.environment["NABLA_REGENERATE_FIXTURES"] == "1" {
            try SafeTensors.write(Self.nablaTensors, metadata: Self.nablaMetadata, to: fixture)
        }
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("from_nabla.safetensors")
            try SafeTensors.write(Self.nablaTensors, metadata: Self.nablaMetadata, to: url)
            let written = try Data(contentsOf: url), committed = try Data(contentsOf: fixture)
            expectIdentical(written, committed, "differs from the committed fixture")
            // And it reads back.
            let (tensors, metadata) = try SafeTensors.read(from: fixture)
            #expect(metadata == Self.nablaMetadata)
            for (name, tensor) in Self.nablaTensors { #expect(tensors[name].map { identical($0, tensor) } == true, "\(name)") }
        }
    }

    // MARK: JSON access

    private static func field(_ name: String, of value: JSONValue) -> JSONValue? {
        guard case .object(let members) = value else { return nil }
        return members.first { $0.key == name }?.value
    }

    /// A string's text or a number's literal.
    private static func string(_ value: JSONValue) -> String {
        switch value {
        case .string(let text), .number(let text): return text
        default: return "\(value)"
        }
    }
}
