import Foundation
import Testing
@testable import Nabla

/// Thousands of random and damaged files, from a seeded generator (so any failure reproduces): every
/// one must either read or throw a `SafeTensorsError`, never trap, hang or throw something else.
@Suite struct SafeTensorsFuzzTests {
    /// A valid file with several types, an empty tensor, a scalar and metadata, to be damaged.
    static let valid: Data = handMadeSafeTensors([
        ("weight", "F32", [2, 3], littleEndianBytes([UInt32](repeating: 0x3F80_0000, count: 6))),
        ("bias", "F64", [3], littleEndianBytes([UInt64](repeating: 0x3FF0_0000_0000_0000, count: 3))),
        ("half", "F16", [2], littleEndianBytes([UInt16(0x3C00), 0x7C00])),
        ("steps", "I64", [], littleEndianBytes([Int64(42)])),
        ("flags", "BOOL", [2], [1, 0]),
        ("empty", "F32", [0, 3], []),
    ], metadata: #"{"epoch":"3","note":"x\ny"}"#)

    /// Reads `bytes`; returns whether they were accepted, recording an issue for anything but a
    /// `SafeTensorsError` and checking what an accepted file gives.
    @discardableResult
    func check(_ bytes: Data, _ what: @autoclosure () -> String) -> Bool {
        do {
            let (tensors, _) = try SafeTensors.decode(bytes, source: "fuzz")
            for (name, tensor) in tensors where tensor.count != tensor.shape.reduce(1, *) {
                Issue.record("\(what()): tensor \(name) has \(tensor.count) elements for shape \(tensor.shape)")
            }
            return true
        } catch is SafeTensorsError {
            return false
        } catch {
            Issue.record("\(what()): threw \(type(of: error)): \(error)")
            return false
        }
    }

    @Test func theUndamagedFileReads() {
        #expect(check(Self.valid, "valid file"))
    }

    @Test func randomBytes() {
        var generator = RandomGenerator(seed: 1)
        for trial in 0..<2000 {
            var bytes = (0..<Int(generator.next() % 120)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            if trial % 2 == 0, bytes.count >= 8 {
                // A plausible header size, so that the JSON parser sees the random bytes.
                let size = UInt64(generator.next() % UInt64(bytes.count - 7))
                bytes.replaceSubrange(0..<8, with: littleEndianBytes([size]))
                if size > 0 { bytes[8] = UInt8(ascii: "{") }
            }
            check(Data(bytes), "random bytes #\(trial)")
        }
    }

    @Test func bitFlipsTruncationsAndSizeEdits() {
        var generator = RandomGenerator(seed: 2)
        let valid = Array(Self.valid)
        var accepted = 0
        for trial in 0..<3000 {
            var bytes = valid
            switch trial % 4 {
            case 0:  // flip 1 to 8 random bits
                for _ in 0...Int(generator.next() % 8) {
                    bytes[Int(generator.next() % UInt64(bytes.count))] ^= 1 << UInt8(generator.next() % 8)
                }
            case 1:  // cut the file short
                bytes.removeLast(1 + Int(generator.next() % UInt64(bytes.count)))
            case 2:  // change the header size a little or a lot
                let current = Int64(bytes.count - 8)
                let edits: [UInt64] = [UInt64(bitPattern: current + Int64(generator.next() % 17) - 8), generator.next(), generator.next() % 1024, 0, .max]
                bytes.replaceSubrange(0..<8, with: littleEndianBytes([edits[Int(generator.next() % 5)]]))
            default:  // insert or delete bytes in the header
                let position = 8 + Int(generator.next() % UInt64(bytes.count - 8))
                if generator.next() % 2 == 0 { bytes.remove(at: position) } else { bytes.insert(UInt8(truncatingIfNeeded: generator.next()), at: position) }
            }
            if check(Data(bytes), "mutation #\(trial)") { accepted += 1 }
        }
        // Some flips land in the data and leave a valid file; most damage must be caught.
        #expect(accepted > 0 && accepted < 3000 / 2, "\(accepted) accepted")
    }

    /// Swaps JSON tokens of the header for others that are each valid somewhere: a dtype for another,
    /// one number for another, a key for another, brackets and strings for numbers.
    @Test func headerTokenSwaps() throws {
        var generator = RandomGenerator(seed: 3)
        let headerSize = Int(Self.valid[0]) | Int(Self.valid[1]) << 8
        let header = String(decoding: Self.valid[8..<(8 + headerSize)], as: UTF8.self)
        let data = Array(Self.valid[(8 + headerSize)...])
        let replacements = ["\"F32\"", "\"F64\"", "\"F16\"", "\"BF16\"", "\"I64\"", "\"BOOL\"", "\"U8\"", "\"F8_E4M3\"", "\"X\"",
                            "0", "1", "2", "3", "8", "24", "-1", "1.5", "1e2", "18446744073709551616", "9223372036854775807",
                            "[]", "[0]", "[1,2]", "{}", "null", "true", "\"\"", "\"dtype\"", "\"shape\"", "\"data_offsets\"",
                            "\"__metadata__\"", "\"weight\"", "\"bias\""]
        let tokenPattern = try Regex(#""[^"]*"|-?[0-9]+|\[\]|\{\}"#)
        let tokens = header.matches(of: tokenPattern).map(\.range)
        var accepted = 0
        for trial in 0..<3000 {
            var text = header
            // Replace one to three tokens, last first so that earlier ranges stay valid.
            let chosen = Set((0...Int(generator.next() % 3)).map { _ in Int(generator.next() % UInt64(tokens.count)) })
            for index in chosen.sorted(by: >) {
                text.replaceSubrange(tokens[index], with: replacements[Int(generator.next() % UInt64(replacements.count))])
            }
            // Keep the data, or cut or extend it by a few bytes so that changed offsets may fit.
            let extra = Int(generator.next() % 5) - 2
            let bytes = extra >= 0 ? data + [UInt8](repeating: 0, count: extra) : Array(data.dropLast(-extra))
            if check(rawSafeTensors(header: text, data: bytes), "token swap #\(trial): \(text)") { accepted += 1 }
        }
        #expect(accepted < 3000 / 2, "\(accepted) accepted")
    }

    /// Headers built from random parts: random dtypes, shapes and offsets over a random data size,
    /// a few of them consistent by construction.
    @Test func randomHeaders() {
        var generator = RandomGenerator(seed: 4)
        let dtypes = SafeTensorsDType.allCases.map(\.rawValue) + ["F8_E5M2", "Q4"]
        var accepted = 0
        for trial in 0..<2000 {
            let consistent = trial % 4 == 0
            var offset = 0
            var members: [String] = []
            for index in 0..<Int(generator.next() % 4) {
                let dtypeName = dtypes[Int(generator.next() % UInt64(dtypes.count))]
                let shape = (0..<Int(generator.next() % 4)).map { _ in Int(generator.next() % 4) }
                let size = shape.reduce(1, *) * (SafeTensorsDType(rawValue: dtypeName)?.byteSize ?? 1)
                let begin = consistent ? offset : Int(generator.next() % 40)
                let end = consistent ? offset + size : begin + Int(generator.next() % 40)
                offset = consistent ? end : max(offset, end)
                members.append("\"t\(index)\":{\"dtype\":\"\(dtypeName)\",\"shape\":\(shape),\"data_offsets\":[\(begin),\(end)]}")
            }
            let header = "{" + members.joined(separator: ",") + "}"
            let data = [UInt8](repeating: consistent ? 1 : 0, count: consistent ? offset : Int(generator.next() % 48))
            if check(rawSafeTensors(header: header, padding: Int(generator.next() % 8), data: data), "random header #\(trial): \(header)") {
                accepted += 1
            }
        }
        #expect(accepted >= 2000 / 4 / 2, "\(accepted) accepted")
    }
}
