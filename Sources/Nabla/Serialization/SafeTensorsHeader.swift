/// The header of a safetensors file, read and checked.
///
/// A safetensors file is laid out as
///
///     ┌──────────────┬───────────────────────────────┬──────────────────────────────┐
///     │ N (8 bytes,  │ N bytes of UTF-8 JSON, padded  │ data: every tensor's bytes,  │
///     │ little-end.) │ with spaces to a multiple of 8 │ row-major, little-endian     │
///     └──────────────┴───────────────────────────────┴──────────────────────────────┘
///
/// and the JSON maps each tensor name to `{"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]}`
/// (byte offsets into the data section), with an optional `"__metadata__"` object of strings.
///
/// Nothing in a file is trusted: every rule below is checked and a broken one throws a
/// `SafeTensorsError` naming the tensor, before any tensor memory is allocated.
///
/// - the header size is at most 100 MB (the reference implementation's limit) and fits in the file;
/// - the header is valid UTF-8, starts with `{` and is one JSON object, with no name twice;
/// - `__metadata__` (if present) maps strings to strings (`null` is read as no metadata);
/// - each tensor has a known `dtype`, a `shape` of non-negative integers whose element and byte
///   counts do not overflow, and `data_offsets` `[begin, end]` with `end - begin` equal to the bytes
///   that `dtype` and `shape` need (other fields are ignored, as the reference does);
/// - sorted by offset, the tensors' byte ranges follow each other without gap or overlap and cover
///   the data section exactly.
struct SafeTensorsHeader {
    /// One tensor's description.
    struct Entry {
        let name: String
        let dtype: SafeTensorsDType
        let shape: [Int]
        /// The element count, the product of `shape`.
        let count: Int
        /// The bytes of the data section holding the tensor.
        let byteRange: Range<Int>
    }

    /// The reference implementation refuses larger headers, so that a corrupt size cannot make a
    /// reader allocate gigabytes.
    static let maximumSize = 100_000_000

    /// The metadata key of the format.
    static let metadataKey = "__metadata__"

    /// The tensors, in header order.
    var entries: [Entry]
    /// The free-form string metadata.
    var metadata: [String: String]
    /// Where the data section starts in the file: 8 + N.
    var dataStart: Int

    /// Reads and checks the header of the file in `bytes`; `source` names the file in errors.
    init(_ bytes: UnsafeRawBufferPointer, source: String) throws(SafeTensorsError) {
        func fail(_ problem: String, tensor: String? = nil) -> SafeTensorsError {
            SafeTensorsError(file: source, tensor: tensor, problem: problem)
        }
        guard bytes.count >= 8 else {
            throw fail("the file has \(bytes.count) bytes, too few for the 8-byte header size that starts a safetensors file")
        }
        let declaredSize = UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
        guard declaredSize <= UInt64(Self.maximumSize) else {
            throw fail("the header size \(declaredSize) is larger than the limit of \(Self.maximumSize) bytes; this is not a safetensors file or it is corrupt")
        }
        let headerSize = Int(declaredSize)
        guard headerSize <= bytes.count - 8 else {
            throw fail("the header size \(headerSize) is larger than the \(bytes.count - 8) bytes that follow it; the file is truncated or corrupt")
        }
        guard headerSize > 0 else { throw fail("the header is empty (header size 0)") }
        let text = [UInt8](bytes[8..<8 + headerSize])
        guard text[0] == UInt8(ascii: "{") else { throw fail("the header does not start with '{'") }
        guard String(validating: text, as: UTF8.self) != nil else { throw fail("the header is not valid UTF-8") }
        let json: JSONValue
        do { json = try JSONParser.parse(text) } catch { throw fail("the header is not valid JSON: \(error)") }
        guard case .object(let members) = json else { throw fail("the header is not a JSON object") }

        dataStart = 8 + headerSize
        metadata = [:]
        entries = []
        var seen = Set<String>()
        for (name, value) in members {
            guard seen.insert(name).inserted else {
                throw fail(name == Self.metadataKey ? "\(Self.metadataKey) appears more than once" : "the name appears more than once in the header", tensor: name == Self.metadataKey ? nil : name)
            }
            if name == Self.metadataKey {
                metadata = try Self.parseMetadata(value, fail)
            } else {
                do { entries.append(try Self.parseEntry(name, value)) } catch { throw fail(error.problem, tensor: name) }
            }
        }
        try Self.checkLayout(entries, dataSize: bytes.count - dataStart) { problem, tensor in fail(problem, tensor: tensor) }
    }

    // MARK: Fields

    private static func parseMetadata(_ value: JSONValue, _ fail: (String, String?) -> SafeTensorsError) throws(SafeTensorsError) -> [String: String] {
        if value == .null { return [:] }
        guard case .object(let members) = value else { throw fail("\(metadataKey) is \(value.kindName), not an object of strings", nil) }
        var metadata: [String: String] = [:]
        for (key, item) in members {
            guard case .string(let text) = item else {
                throw fail("\(metadataKey) entry \(JSONWriter.quoted(key)) is \(item.kindName), not a string", nil)
            }
            guard metadata.updateValue(text, forKey: key) == nil else {
                throw fail("\(metadataKey) entry \(JSONWriter.quoted(key)) appears more than once", nil)
            }
        }
        return metadata
    }

    /// A problem with one tensor's description (the caller adds file and tensor names).
    private struct EntryProblem: Error { let problem: String }

    private static func parseEntry(_ name: String, _ value: JSONValue) throws(EntryProblem) -> Entry {
        guard case .object(let members) = value else { throw EntryProblem(problem: "the description is \(value.kindName), not an object") }
        var fields: [String: JSONValue] = [:]
        for (key, item) in members {
            guard fields.updateValue(item, forKey: key) == nil else { throw EntryProblem(problem: "field \"\(key)\" appears more than once") }
        }
        // dtype
        guard let dtypeValue = fields["dtype"] else { throw EntryProblem(problem: "the field \"dtype\" is missing") }
        guard case .string(let dtypeName) = dtypeValue else { throw EntryProblem(problem: "\"dtype\" is \(dtypeValue.kindName), not a string") }
        guard let dtype = SafeTensorsDType(rawValue: dtypeName) else {
            if SafeTensorsDType.unsupportedNames.contains(dtypeName) {
                throw EntryProblem(problem: "dtype \(dtypeName) is not supported by Nabla (supported: \(SafeTensorsDType.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            throw EntryProblem(problem: "unknown dtype \(JSONWriter.quoted(dtypeName))")
        }
        // shape
        let shape = try integers(fields["shape"], field: "shape")
        var count = 1
        for dimension in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw EntryProblem(problem: "shape \(shape) has too many elements (the count overflows)") }
            count = product
        }
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: dtype.byteSize)
        guard !overflow else { throw EntryProblem(problem: "shape \(shape) of \(dtype) needs more bytes than can be counted") }
        // data_offsets
        let offsets = try integers(fields["data_offsets"], field: "data_offsets")
        guard offsets.count == 2 else { throw EntryProblem(problem: "\"data_offsets\" has \(offsets.count) numbers, not two (begin and end)") }
        guard offsets[0] <= offsets[1] else { throw EntryProblem(problem: "data_offsets \(offsets) end before they begin") }
        guard offsets[1] - offsets[0] == byteCount else {
            throw EntryProblem(problem: "data_offsets \(offsets) hold \(offsets[1] - offsets[0]) bytes, but \(dtype) of shape \(shape) needs \(byteCount)")
        }
        return Entry(name: name, dtype: dtype, shape: shape, count: count, byteRange: offsets[0]..<offsets[1])
    }

    /// An array of non-negative integers that fit in `Int`.
    private static func integers(_ value: JSONValue?, field: String) throws(EntryProblem) -> [Int] {
        guard let value else { throw EntryProblem(problem: "the field \"\(field)\" is missing") }
        guard case .array(let elements) = value else { throw EntryProblem(problem: "\"\(field)\" is \(value.kindName), not an array of integers") }
        var result: [Int] = []
        for element in elements {
            guard case .number(let text) = element else {
                throw EntryProblem(problem: "\"\(field)\" contains \(element.kindName), not only integers")
            }
            if text.hasPrefix("-") { throw EntryProblem(problem: "\"\(field)\" contains the negative number \(text)") }
            if text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) {
                throw EntryProblem(problem: "\"\(field)\" contains \(text), which is not an integer")
            }
            guard let integer = Int(text) else { throw EntryProblem(problem: "\"\(field)\" contains \(text), which is too large") }
            result.append(integer)
        }
        return result
    }

    // MARK: Layout

    /// Checks that the byte ranges, in order of offset, tile the data section exactly.
    private static func checkLayout(
        _ entries: [Entry], dataSize: Int, _ fail: (String, String?) -> SafeTensorsError
    ) throws(SafeTensorsError) {
        let ordered = entries.sorted {
            ($0.byteRange.lowerBound, $0.byteRange.upperBound) < ($1.byteRange.lowerBound, $1.byteRange.upperBound)
                || ($0.byteRange == $1.byteRange && Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)))
        }
        var covered = 0
        var previous: Entry?
        for entry in ordered {
            let range = "data_offsets [\(entry.byteRange.lowerBound), \(entry.byteRange.upperBound)]"
            if entry.byteRange.upperBound > dataSize {
                throw fail("\(range) reach past the end of the data section, which has \(dataSize) bytes", entry.name)
            }
            if entry.byteRange.lowerBound < covered, let previous {
                throw fail("\(range) overlap tensor \(JSONWriter.quoted(previous.name)), which ends at byte \(covered)", entry.name)
            }
            if entry.byteRange.lowerBound > covered {
                throw fail("\(range) leave a gap: bytes \(covered)..<\(entry.byteRange.lowerBound) of the data section belong to no tensor", entry.name)
            }
            covered = entry.byteRange.upperBound
            previous = entry
        }
        if covered != dataSize {
            throw fail("the data section has \(dataSize) bytes, but the tensors cover only \(covered); bytes \(covered)..<\(dataSize) belong to no tensor", nil)
        }
    }
}
