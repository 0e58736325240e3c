/// Why a safetensors file could not be read or written: which file, which tensor (if the problem
/// belongs to one) and what is wrong.
///
/// ```
/// model.safetensors: tensor "layers.0.weight": data_offsets [0, 12] hold 12 bytes, but F32 of shape [2, 3] needs 24
/// ```
public struct SafeTensorsError: Error, CustomStringConvertible, Equatable {
    /// The file's path, or a description of the source (`"<memory>"`) for bytes read from memory.
    public let file: String
    /// The tensor the problem belongs to, or `nil` for problems of the file as a whole.
    public let tensor: String?
    /// What is wrong, in words.
    public let problem: String

    /// An error about `file` and, if given, one of its tensors.
    public init(file: String, tensor: String? = nil, problem: String) {
        self.file = file
        self.tensor = tensor
        self.problem = problem
    }

    /// `file: tensor "name": problem`, or `file: problem`.
    public var description: String {
        if let tensor { return "\(file): tensor \(JSONWriter.quoted(tensor)): \(problem)" }
        return "\(file): \(problem)"
    }
}
