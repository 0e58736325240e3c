import Foundation
import Testing
@testable import Nabla

/// The small JSON parser and writer behind safetensors headers.
@Suite struct SafeTensorsJSONTests {
    func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    @Test func parsesEveryKindOfValue() throws {
        let value = try parse(#" {"a": [1, -0.5e+3, true, false, null], "b": {}, "c": "x\u00e9\ud83c\udf89\n"} "#)
        #expect(value == .object([
            ("a", .array([.number("1"), .number("-0.5e+3"), .bool(true), .bool(false), .null])),
            ("b", .object([])),
            ("c", .string("xé🎉\n")),
        ]))
    }

    @Test func keepsDuplicateMembersInOrder() throws {
        #expect(try parse(#"{"k":1,"k":2}"#) == .object([("k", .number("1")), ("k", .number("2"))]))
    }

    @Test(arguments: ["", "{", "[1,]", "01", "1.", "-", "1e", "tru", "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\udc00\"", "{1:2}", "[1 2]", "{\"a\" 1}", "nul"])
    func rejectsInvalidText(_ text: String) {
        #expect(throws: JSONParseError.self) { try parse(text) }
    }

    @Test func writerEscapesLikeTheReference() {
        #expect(JSONWriter.quoted("a\"b\\c/d\u{08}\u{0C}\n\r\t\u{01}\u{1F}\u{7F}é") == #""a\"b\\c/d\b\f\n\r\t\u0001\u001f"# + "\u{7F}é\"")
    }

    @Test func writtenStringsParseBack() throws {
        var generator = RandomGenerator(seed: 5)
        for _ in 0..<200 {
            let scalars = (0..<Int(generator.next() % 12)).compactMap { _ in Unicode.Scalar(UInt32(generator.next() % 0x3000)) }
            let text = String(String.UnicodeScalarView(scalars))
            #expect(try parse(JSONWriter.quoted(text)) == .string(text))
        }
    }
}
