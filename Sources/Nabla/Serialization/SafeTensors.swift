import Foundation

/// Reading and writing tensors in the safetensors format (Hugging Face), the common file format for
/// model weights: a small JSON header that names each tensor, then the raw little-endian data. Files
/// written here load with `safetensors.torch.load_file` in PyTorch, and files from PyTorch load here.
///
/// ```swift
/// try SafeTensors.write(["weight": w, "bias": b], metadata: ["epoch": "3"], to: url)
/// let (tensors, metadata) = try SafeTensors.read(from: url)
/// ```
///
/// **Writing** keeps each tensor's type (`F32`, `F64` or `I64`) and lays the file out as the reference
/// implementation does, so that the same tensors give the same bytes: tensors ordered by element type as
/// the reference orders them (`I64`, then `F64`, then `F32`), then by name (byte order); the header compact JSON with
/// `__metadata__` first (its keys sorted; the reference leaves them unordered) and padded with spaces
/// so that the data starts at a multiple of 8 bytes. The file is replaced atomically.
///
/// **Reading** accepts `F32`, `F64`, `F16`, `BF16`, `I64`, `I32`, `I16`, `I8`, `U64`, `U32`, `U16`,
/// `U8` and `BOOL`, as `float32`, `float64` or `int64` as `SafeTensorsDType` describes, and checks the
/// whole file first (`SafeTensorsHeader`): any inconsistency throws a `SafeTensorsError` naming the
/// file, the tensor and the problem.
public enum SafeTensors {
    /// Reads every tensor and the metadata of the safetensors file at `url`.
    public static func read(from url: URL) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        let contents = try SafeTensorsContents(contentsOf: url)
        return (contents.tensors, contents.metadata)
    }

    /// Reads tensors and metadata from the bytes of a safetensors file; `source` names them in errors.
    public static func decode(_ bytes: Data, source: String = "<memory>") throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        let contents = try SafeTensorsContents(bytes, source: source)
        return (contents.tensors, contents.metadata)
    }

    /// Writes `tensors` and `metadata` to a safetensors file at `url`, replacing any file there
    /// atomically (a failed write leaves the old file as it was).
    public static func write(_ tensors: [String: Tensor], metadata: [String: String] = [:], to url: URL) throws {
        let bytes = try encode(tensors, metadata: metadata, source: url.path)
        do {
            try AtomicFile.write(bytes, to: url)
        } catch {
            throw SafeTensorsError(file: url.path, problem: "cannot write the file: \(error)")
        }
    }

    /// The bytes of a safetensors file holding `tensors` and `metadata`.
    /// `source` names the destination in errors.
    ///
    /// - Throws: `SafeTensorsError` if a tensor is named `__metadata__`, which the format reserves.
    public static func encode(_ tensors: [String: Tensor], metadata: [String: String] = [:], source: String = "<memory>") throws -> Data {
        if tensors[SafeTensorsHeader.metadataKey] != nil {
            throw SafeTensorsError(file: source, tensor: SafeTensorsHeader.metadataKey, problem: "the name is reserved for the metadata")
        }
        let ordered = tensors.sorted { a, b in
            let aRank = SafeTensorsDType(a.value.dtype).referenceRank, bRank = SafeTensorsDType(b.value.dtype).referenceRank
            return aRank != bRank ? aRank > bRank : Array(a.key.utf8).lexicographicallyPrecedes(Array(b.key.utf8))
        }

        var header = "{"
        var members: [String] = []
        if !metadata.isEmpty {
            let entries = metadata.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
            members.append(JSONWriter.quoted(SafeTensorsHeader.metadataKey) + ":{"
                + entries.map { JSONWriter.quoted($0.key) + ":" + JSONWriter.quoted($0.value) }.joined(separator: ",") + "}")
        }
        var offset = 0
        for (name, tensor) in ordered {
            let size = tensor.count * tensor.dtype.byteSize
            members.append(JSONWriter.quoted(name) + ":{\"dtype\":\"\(SafeTensorsDType(tensor.dtype))\",\"shape\":["
                + tensor.shape.map(String.init).joined(separator: ",") + "],\"data_offsets\":[\(offset),\(offset + size)]}")
            offset += size
        }
        header += members.joined(separator: ",") + "}"
        var headerBytes = Array(header.utf8)
        headerBytes += [UInt8](repeating: 0x20, count: (8 - headerBytes.count % 8) % 8)

        var bytes = Data(capacity: 8 + headerBytes.count + offset)
        withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: headerBytes)
        for (_, tensor) in ordered { appendLittleEndian(tensor, to: &bytes) }
        return bytes
    }

    /// Appends the tensor's scalars as little-endian bytes.
    private static func appendLittleEndian(_ tensor: Tensor, to bytes: inout Data) {
        #if _endian(little)
        TensorStorage.backend.withHostMemory(tensor.storage) { bytes.append(contentsOf: UnsafeRawBufferPointer($0)) }
        #else
        switch tensor.dtype {
        case .float32: for x in tensor.scalars(as: Float.self) { withUnsafeBytes(of: x.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        case .float64: for x in tensor.scalars(as: Double.self) { withUnsafeBytes(of: x.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        case .int64: for x in tensor.scalars(as: Int.self) { withUnsafeBytes(of: Int64(x).littleEndian) { bytes.append(contentsOf: $0) } }
        }
        #endif
    }
}

/// A safetensors file read into memory: its tensors with the type each was stored as, and its metadata.
/// (`SafeTensors.read` gives the tensors alone; model loading uses the stored types to decide whether
/// a conversion is exact.)
struct SafeTensorsContents {
    /// Names the file in errors.
    let source: String
    /// The tensors, converted to Nabla types.
    var tensors: [String: Tensor] = [:]
    /// The type each tensor had in the file.
    var storedTypes: [String: SafeTensorsDType] = [:]
    /// The free-form metadata.
    var metadata: [String: String]

    /// Reads the file at `url`.
    init(contentsOf url: URL) throws {
        if let problem = PathCheck.problemReading(url) { throw SafeTensorsError(file: url.path, problem: problem) }
        let bytes: Data
        do {
            bytes = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw SafeTensorsError(file: url.path, problem: "cannot read the file: \(Self.reason(error))")
        }
        try self.init(bytes, source: url.path)
    }

    /// Reads a file held in `bytes`.
    init(_ bytes: Data, source: String) throws {
        self.source = source
        let (header, tensors) = try bytes.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) throws -> (SafeTensorsHeader, [String: Tensor]) in
            let header = try SafeTensorsHeader(buffer, source: source)
            var tensors: [String: Tensor] = [:]
            for entry in header.entries {
                let storage = TensorStorage.backend.allocate(entry.dtype.readType, count: entry.count)
                do {
                    try TensorStorage.backend.withHostMemory(storage) { memory in
                        let source = buffer.baseAddress! + header.dataStart + entry.byteRange.lowerBound
                        try entry.dtype.decode(source, count: entry.count, into: memory.baseAddress!)
                    }
                } catch let problem as SafeTensorsDType.DecodingProblem {
                    throw SafeTensorsError(file: source, tensor: entry.name, problem: "element \(problem.element): \(problem.description)")
                }
                tensors[entry.name] = Tensor(storage: storage, shape: entry.shape)
            }
            return (header, tensors)
        }
        self.tensors = tensors
        metadata = header.metadata
        for entry in header.entries { storedTypes[entry.name] = entry.dtype }
    }

    /// A short reason for a Foundation file error ("No such file or directory").
    private static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
           underlying.domain == NSPOSIXErrorDomain, let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue))
        }
        if nsError.domain == NSCocoaErrorDomain && nsError.code == NSFileReadNoSuchFileError { return "no such file" }
        return nsError.localizedDescription
    }
}
