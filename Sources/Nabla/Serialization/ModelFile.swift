import Foundation

/// Saving a model's parameters and buffers to a safetensors file and loading them back, by name.
///
/// ```swift
/// try model.save(to: URL(fileURLWithPath: "mnist.safetensors"), metadata: ["accuracy": "0.97"])
/// let copy = makeModel()
/// try copy.load(from: URL(fileURLWithPath: "mnist.safetensors"))
/// ```
///
/// The file holds one tensor per parameter and buffer, named as `namedParameters()` and
/// `namedBuffers()` name them (`layers.0.weight`, `layers.3.mean`), so it can also be read by
/// PyTorch (`safetensors.torch.load_file`) and loaded into a PyTorch model whose parameters and
/// buffers have the same names and shapes. A buffer that was a non-trainable parameter in an older
/// version of a layer keeps its name, so older files still load.
extension Module {
    /// The parameters' current values by name (detached copies, as in PyTorch's `state_dict()`).
    public func parameterTensors() -> [String: Tensor] {
        Dictionary(uniqueKeysWithValues: namedParameters().map { ($0.name, $0.parameter.value.detached()) })
    }

    /// Writes the parameters and buffers to a safetensors file at `url`, each in its own type,
    /// replacing any file there atomically.
    public func save(to url: URL, metadata: [String: String] = [:]) throws {
        try SafeTensors.write(stateTensors(), metadata: metadata, to: url)
    }

    /// Loads the parameters and buffers from the safetensors file at `url`, checking the file against the model
    /// first and changing nothing unless every check passes.
    ///
    /// See `loadParameters(_:strict:)` for the checks and the conversions between types; the file's own
    /// types are checked (a file storing `F64` does not load into `float32` parameters, `I64` into none).
    ///
    /// - Returns: the parameter and buffer names that the file lacks and the file's names that the model lacks
    ///   (both empty when `strict`).
    /// - Throws: `SafeTensorsError` for a file that cannot be read, `ParameterLoadError` listing every
    ///   mismatch at once.
    ///
    /// - Parameters:
    ///   - url: the safetensors file to read.
    ///   - strict: require the file's names and the model's to match exactly.
    ///   - renaming: maps each name in the file to the model's name for it, for files whose
    ///     names differ (see `loadParameters(_:strict:renaming:)`).
    @discardableResult
    public func load(from url: URL, strict: Bool = true, renaming: (String) -> String = { $0 }) throws -> (missing: [String], unexpected: [String]) {
        let contents = try SafeTensorsContents(contentsOf: url)
        return try loadParameters(contents.tensors, storedTypes: contents.storedTypes, strict: strict, source: url.path, renaming: renaming)
    }

    /// Assigns parameters and buffers from tensors named as `namedParameters()` and `namedBuffers()` name them.
    ///
    /// Every problem is collected and reported together, and nothing is assigned if there is one:
    /// - a parameter or buffer without a tensor (*missing*) and a tensor without one (*unexpected*),
    ///   unless `strict` is `false`, which loads the names both sides have;
    /// - a shape that differs from the model's, strict or not;
    /// - a type that cannot be converted exactly: `float32` values load into `float64` parameters
    ///   (widening is exact), `float64` values do not load into `float32` ones (convert the model or
    ///   the tensors first if rounding is what you want).
    ///
    /// Loaded parameters keep their identity (optimisers still hold them) and lose stale gradients.
    ///
    /// `renaming` maps each tensor's name to the model's name for it, so that a state dict whose names
    /// differ loads without a hand-written loop; two tensors mapped to one name are a problem. A PyTorch
    /// `nn.Sequential` saves `0.weight` where a Nabla `Sequential` has `layers.0.weight`:
    ///
    /// ```swift
    /// let (tensors, _) = try SafeTensors.read(from: URL(fileURLWithPath: "torch-model.safetensors"))
    /// try model.loadParameters(tensors, renaming: { "layers." + $0 })
    /// ```
    @discardableResult
    public func loadParameters(_ tensors: [String: Tensor], strict: Bool = true,
                               renaming: (String) -> String = { $0 }) throws -> (missing: [String], unexpected: [String]) {
        try loadParameters(tensors, storedTypes: tensors.mapValues { SafeTensorsDType($0.dtype) }, strict: strict, source: nil, renaming: renaming)
    }

    func loadParameters(
        _ tensors: [String: Tensor], storedTypes: [String: SafeTensorsDType], strict: Bool, source: String?,
        renaming: (String) -> String = { $0 }
    ) throws -> (missing: [String], unexpected: [String]) {
        let (renamedTensors, renamedTypes, renamingProblems) = Self.renamed(tensors, storedTypes: storedTypes, by: renaming)
        let plan = planLoad(renamedTensors, storedTypes: renamedTypes, strict: strict)
        let problems = renamingProblems + plan.problems
        if !problems.isEmpty { throw ParameterLoadError(file: source, problems: problems) }
        for (target, tensor) in plan.assignments { target.assign(tensor) }
        return (plan.missing, plan.unexpected)
    }

    /// The tensors and their stored types under the names `renaming` gives them, and a problem for each
    /// name two tensors were given.
    private static func renamed(_ tensors: [String: Tensor], storedTypes: [String: SafeTensorsDType], by renaming: (String) -> String)
        -> ([String: Tensor], [String: SafeTensorsDType], [String]) {
        var renamedTensors: [String: Tensor] = [:], renamedTypes: [String: SafeTensorsDType] = [:]
        var origins: [String: String] = [:], problems: [String] = []
        for name in tensors.keys.sorted() {
            let target = renaming(name)
            if let earlier = origins[target] {
                problems.append("\(earlier) and \(name) in the file are both renamed to \(target)")
                continue
            }
            origins[target] = name
            renamedTensors[target] = tensors[name]
            renamedTypes[target] = storedTypes[name]
        }
        return (renamedTensors, renamedTypes, problems)
    }

    /// Matches tensors to parameters and buffers without changing anything: what to assign, what is
    /// missing or unexpected, and every problem (in the model's order, then unexpected names sorted).
    func planLoad(
        _ tensors: [String: Tensor], storedTypes: [String: SafeTensorsDType], strict: Bool
    ) -> (assignments: [(StateTensor, Tensor)], missing: [String], unexpected: [String], problems: [String]) {
        var assignments: [(StateTensor, Tensor)] = []
        var missing: [String] = [], problems: [String] = []
        let named = namedState()
        for (name, target) in named {
            let current = target.value
            guard let tensor = tensors[name] else {
                missing.append(name)
                if strict { problems.append("\(name): missing from the file (\(target.kind) of shape \(current.shape))") }
                continue
            }
            let stored = storedTypes[name] ?? SafeTensorsDType(tensor.dtype)
            var fits = true
            if tensor.shape != current.shape {
                problems.append("\(name): shape \(tensor.shape) in the file, \(current.shape) in the model")
                fits = false
            }
            if !stored.isExactlyRepresentable(in: current.dtype) {
                problems.append("\(name): dtype \(stored) in the file cannot be converted exactly to the model's \(current.dtype)")
                fits = false
            }
            if fits { assignments.append((target, tensor)) }
        }
        let known = Set(named.map(\.name))
        let unexpected = tensors.keys.filter { !known.contains($0) }.sorted()
        if strict {
            for name in unexpected { problems.append("\(name): in the file but not a parameter or buffer of the model (shape \(tensors[name]!.shape))") }
        }
        return (assignments, missing, unexpected, problems)
    }
}

/// Why parameters and buffers could not be loaded: every mismatch between the tensors and the model, one per line.
public struct ParameterLoadError: Error, CustomStringConvertible {
    /// The file the tensors came from, if any.
    public let file: String?
    /// One line per problem: `"layers.0.weight: shape [3, 2] in the file, [2, 3] in the model"`.
    public let problems: [String]

    /// A heading, then one indented line per problem.
    public var description: String {
        let heading = "cannot load parameters" + (file.map { " from \($0)" } ?? "")
            + " (\(problems.count) problem\(problems.count == 1 ? "" : "s")); nothing was changed:"
        return ([heading] + problems.map { "  " + $0 }).joined(separator: "\n")
    }
}
