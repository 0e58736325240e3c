import Foundation
import Testing
@testable import Nabla

/// A broken file, the tensor the error must name (if any) and words the problem must contain.
struct MalformedCase: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: Data
    let tensor: String?
    let problem: String
    var testDescription: String { name }

    init(_ name: String, _ bytes: Data, tensor: String? = nil, _ problem: String) {
        self.name = name
        self.bytes = bytes
        self.tensor = tensor
        self.problem = problem
    }

    /// A file whose header is `header` and whose data section is `dataCount` zero bytes.
    init(_ name: String, header: String, data dataCount: Int = 0, tensor: String? = nil, _ problem: String) {
        self.init(name, rawSafeTensors(header: header, data: [UInt8](repeating: 0, count: dataCount)), tensor: tensor, problem)
    }
}

/// Every rule of the format, broken once: each file must give a `SafeTensorsError` naming the file,
/// the tensor concerned and the problem, never a crash.
@Suite struct SafeTensorsMalformedTests {
    static let f32 = #""dtype":"F32""#

    static let cases: [MalformedCase] = [
        // The 8-byte size and the header's bounds
        MalformedCase("empty file", Data(), "0 bytes, too few"),
        MalformedCase("five bytes", Data([1, 2, 3, 4, 5]), "5 bytes, too few"),
        MalformedCase("header size over 100 MB", rawSafeTensors(header: "{}", headerSize: 100_000_001), "larger than the limit of 100000000"),
        MalformedCase("header size 2⁶⁴ - 1", rawSafeTensors(header: "{}", headerSize: .max), "larger than the limit"),
        MalformedCase("header size past the end", rawSafeTensors(header: "{}", headerSize: 3), "larger than the 2 bytes that follow"),
        MalformedCase("header size zero", rawSafeTensors(header: "{}", headerSize: 0), "header is empty"),
        // Text and JSON
        MalformedCase("header not an object", header: "[1]", "does not start with '{'"),
        MalformedCase("leading space", header: " {}", "does not start with '{'"),
        MalformedCase("invalid UTF-8", rawSafeTensors(header: "{\"\u{7F}\":1}").replacingByte(at: 10, with: 0xFF), "not valid UTF-8"),
        MalformedCase("truncated JSON", header: #"{"a":{"dtype""#, "not valid JSON"),
        MalformedCase("missing value", header: #"{"a":}"#, "not valid JSON: invalid JSON at byte 5"),
        MalformedCase("garbage after the object", header: "{} x", "after the end of the value"),
        MalformedCase("trailing comma", header: #"{"a":1,}"#, "expected a member name"),
        MalformedCase("raw newline in a string", header: "{\"a\n\":1}", "control character"),
        MalformedCase("lone surrogate", header: #"{"\ud800":1}"#, "unpaired surrogate"),
        MalformedCase("deep nesting", header: "{\"__metadata__\":" + String(repeating: "[", count: 10_000), "nested more than 64"),
        MalformedCase("number with leading zero", header: #"{"a":{"dtype":"F32","shape":[01],"data_offsets":[0,4]}}"#, "expected ',' or ']'"),
        // Metadata
        MalformedCase("metadata an array", header: #"{"__metadata__":[]}"#, "__metadata__ is an array, not an object"),
        MalformedCase("metadata value a number", header: #"{"__metadata__":{"epoch":3}}"#, #"entry "epoch" is a number, not a string"#),
        MalformedCase("metadata key twice", header: #"{"__metadata__":{"k":"a","k":"b"}}"#, #"entry "k" appears more than once"#),
        MalformedCase("metadata twice", header: #"{"__metadata__":{},"__metadata__":{}}"#, "__metadata__ appears more than once"),
        // One tensor's description
        MalformedCase("description a number", header: #"{"w":3}"#, tensor: "w", "is a number, not an object"),
        MalformedCase("dtype missing", header: #"{"w":{"shape":[1],"data_offsets":[0,4]}}"#, data: 4, tensor: "w", #""dtype" is missing"#),
        MalformedCase("dtype a number", header: #"{"w":{"dtype":4,"shape":[1],"data_offsets":[0,4]}}"#, data: 4, tensor: "w", #""dtype" is a number, not a string"#),
        MalformedCase("unknown dtype", header: #"{"w":{"dtype":"F31","shape":[1],"data_offsets":[0,4]}}"#, data: 4, tensor: "w", #"unknown dtype "F31""#),
        MalformedCase("lower-case dtype", header: #"{"w":{"dtype":"f32","shape":[1],"data_offsets":[0,4]}}"#, data: 4, tensor: "w", "unknown dtype"),
        MalformedCase("unsupported dtype", header: #"{"w":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}"#, data: 1, tensor: "w", "F8_E4M3 is not supported"),
        MalformedCase("shape missing", header: #"{"w":{"dtype":"F32","data_offsets":[0,4]}}"#, data: 4, tensor: "w", #""shape" is missing"#),
        MalformedCase("shape a string", header: #"{"w":{"dtype":"F32","shape":"[1]","data_offsets":[0,4]}}"#, data: 4, tensor: "w", #""shape" is a string"#),
        MalformedCase("shape holds a string", header: #"{"w":{"dtype":"F32","shape":["1"],"data_offsets":[0,4]}}"#, data: 4, tensor: "w", "contains a string"),
        MalformedCase("negative dimension", header: #"{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,0]}}"#, tensor: "w", "negative number -1"),
        MalformedCase("fractional dimension", header: #"{"w":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}"#, data: 4, tensor: "w", "1.5, which is not an integer"),
        MalformedCase("dimension with exponent", header: #"{"w":{"dtype":"F32","shape":[1e0],"data_offsets":[0,4]}}"#, data: 4, tensor: "w", "not an integer"),
        MalformedCase("dimension beyond Int", header: #"{"w":{"dtype":"F32","shape":[99999999999999999999],"data_offsets":[0,4]}}"#, data: 4, tensor: "w", "too large"),
        MalformedCase("element count overflows", header: #"{"w":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,0]}}"#, tensor: "w", "count overflows"),
        MalformedCase("overflow before a zero", header: #"{"w":{"dtype":"F32","shape":[4294967296,4294967296,0],"data_offsets":[0,0]}}"#, tensor: "w", "count overflows"),
        MalformedCase("byte count overflows", header: #"{"w":{"dtype":"F64","shape":[2305843009213693952],"data_offsets":[0,0]}}"#, tensor: "w", "more bytes than can be counted"),
        MalformedCase("offsets missing", header: #"{"w":{"dtype":"F32","shape":[1]}}"#, tensor: "w", #""data_offsets" is missing"#),
        MalformedCase("one offset", header: #"{"w":{"dtype":"F32","shape":[1],"data_offsets":[4]}}"#, data: 4, tensor: "w", "has 1 numbers, not two"),
        MalformedCase("three offsets", header: #"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4,8]}}"#, data: 8, tensor: "w", "has 3 numbers"),
        MalformedCase("offsets backwards", header: #"{"w":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#, data: 4, tensor: "w", "end before they begin"),
        MalformedCase("offsets negative", header: #"{"w":{"dtype":"F32","shape":[1],"data_offsets":[-4,0]}}"#, data: 4, tensor: "w", "negative number -4"),
        MalformedCase("too few bytes for the shape", header: #"{"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,12]}}"#, data: 12, tensor: "w",
                      "data_offsets [0, 12] hold 12 bytes, but F32 of shape [2, 3] needs 24"),
        MalformedCase("field twice", header: #"{"w":{"dtype":"F32","dtype":"F64","shape":[1],"data_offsets":[0,4]}}"#, data: 4, tensor: "w", #"field "dtype" appears more than once"#),
        MalformedCase("name twice", header: #"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#,
                      data: 8, tensor: "w", "appears more than once"),
        // Where the tensors lie
        MalformedCase("past the end", header: #"{"w":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}"#, data: 4, tensor: "w", "reach past the end of the data section, which has 4 bytes"),
        MalformedCase("far past the end", header: #"{"w":{"dtype":"U8","shape":[1],"data_offsets":[9223372036854775806,9223372036854775807]}}"#, tensor: "w", "reach past the end"),
        MalformedCase("overlap", header: #"{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#,
                      data: 12, tensor: "b", #"overlap tensor "a", which ends at byte 8"#),
        MalformedCase("same range twice", header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#,
                      data: 8, tensor: "b", #"overlap tensor "a""#),
        MalformedCase("gap", header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#,
                      data: 12, tensor: "b", "bytes 4..<8 of the data section belong to no tensor"),
        MalformedCase("gap at the start", header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, data: 8, tensor: "a", "bytes 0..<4"),
        MalformedCase("trailing bytes", header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, data: 8, "cover only 4; bytes 4..<8 belong to no tensor"),
        MalformedCase("data without tensors", header: "{}", data: 1, "has 1 bytes, but the tensors cover only 0"),
        // Element values
        MalformedCase("BOOL byte 2", handMadeSafeTensors([("flags", "BOOL", [3], [1, 0, 2])]), tensor: "flags", "element 2: BOOL byte 0x2 is neither 0 nor 1"),
    ]

    @Test(arguments: cases)
    func brokenFileThrowsADescriptiveError(_ testCase: MalformedCase) {
        guard let error = safeTensorsError(sourceLocation: #_sourceLocation, { _ = try SafeTensors.decode(testCase.bytes, source: "broken.safetensors") }) else { return }
        #expect(error.file == "broken.safetensors")
        #expect(error.tensor == testCase.tensor, "\(error)")
        #expect(error.problem.contains(testCase.problem), "\(error)")
        #expect(error.description.hasPrefix("broken.safetensors: " + (testCase.tensor.map { "tensor \"\($0)\": " } ?? "")), "\(error)")
    }

    @Test func missingFileNamesThePath() {
        let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/model.safetensors")
        let error = safeTensorsError { _ = try SafeTensors.read(from: url) }
        #expect(error?.file == url.path)
        #expect(error?.problem == "no such file", "\(String(describing: error))")
    }

    @Test func aDirectoryIsNotAFile() throws {
        try withTemporaryDirectory { directory in
            let error = safeTensorsError { _ = try SafeTensors.read(from: directory) }
            #expect(error?.problem == "is a directory, not a regular file", "\(String(describing: error))")
        }
    }

    /// A device or a FIFO is named as such before it is opened (reading /dev/zero never ends, opening a
    /// FIFO blocks until a writer comes).
    @Test func devicesAndFIFOsAreNotOpened() throws {
        try withTemporaryDirectory { directory in
            let fifo = directory.appendingPathComponent("pipe")
            try #require(mkfifo(fifo.path, 0o600) == 0)
            #expect(safeTensorsError { _ = try SafeTensors.read(from: fifo) }?.problem == "is a FIFO (named pipe), not a regular file")
            let zero = URL(fileURLWithPath: "/dev/zero")
            #expect(safeTensorsError { _ = try SafeTensors.read(from: zero) }?.problem == "is a character device, not a regular file")
        }
    }

    @Test func unknownFieldsAreIgnoredAsByTheReference() throws {
        let bytes = rawSafeTensors(header: #"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"note":[1,{"x":null}]}}"#, data: [0, 0, 0x80, 0x3F])
        #expect(try SafeTensors.decode(bytes).tensors["w"]?.scalars == [1])
    }

    @Test func paddingMayBeAnyJSONWhitespace() throws {
        let bytes = rawSafeTensors(header: "{\"w\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}\n\t \r", data: [0, 0, 0x80, 0x3F])
        #expect(try SafeTensors.decode(bytes).tensors["w"]?.item == 1)
    }
}

extension Data {
    /// A copy with the byte at `offset` replaced.
    func replacingByte(at offset: Int, with value: UInt8) -> Data {
        var copy = self
        copy[copy.startIndex + offset] = value
        return copy
    }
}
