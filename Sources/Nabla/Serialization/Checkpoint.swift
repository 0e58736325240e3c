import Foundation

/// Everything needed to resume training where it stopped: the model's parameters and buffers, the
/// optimiser's state, the epoch and the random generator, in one safetensors file.
///
/// ```swift
/// // after an epoch
/// try Checkpoint(model: model, optimizer: optimizer, epoch: epoch, generator: generator).save(to: url)
/// // later, in a new process, with a model and an optimiser built the same way
/// let checkpoint = try Checkpoint.load(from: url)
/// try checkpoint.restore(into: model, optimizer: optimizer, generator: &generator)
/// let nextEpoch = checkpoint.epoch + 1
/// ```
///
/// **File layout.** The parameters and buffers are tensors named as in the model (`layers.0.weight`); the
/// optimiser's state tensors are named `optimizer/<key>` (`optimizer/0.m`); the rest is
/// `__metadata__` strings, all under the reserved prefix `nabla.`:
///
/// | key                              | value                                                       |
/// |----------------------------------|-------------------------------------------------------------|
/// | `nabla.checkpoint`               | format version, `1`                                         |
/// | `nabla.epoch`                    | the epoch, in decimal, 0 ... 2⁵³                             |
/// | `nabla.optimizer.kind`           | `SGD`, `Adam`, …                                            |
/// | `nabla.optimizer.step`           | the optimiser's step count, 0 ... 2⁵³                        |
/// | `nabla.optimizer.learning_rate`  | the learning rate, shortest decimal that reads back exactly |
/// | `nabla.random_state`             | the generator's four state words, 16 hex digits each, separated by spaces |
///
/// Your own `metadata` is stored next to these, under any key that does not start with `nabla.`.
/// Since it is a plain safetensors file, PyTorch can read the parameters out of a checkpoint too.
public struct Checkpoint: Sendable {
    /// The epoch the checkpoint was taken after (what it means is up to the training loop).
    public var epoch: Int
    /// The random generator to continue with (shuffles, dropout).
    public var randomState: RandomGenerator
    /// The optimiser's step count, learning rate and state tensors.
    public var optimizerState: OptimizerState
    /// The model's parameters and buffers by name.
    public var parameters: [String: Tensor]
    /// Free-form strings of your own (keys must not start with `nabla.`).
    public var metadata: [String: String]

    /// The current version of the file layout.
    static let formatVersion = "1"
    /// Metadata keys of the checkpoint's own values.
    enum Key {
        static let prefix = "nabla."
        static let version = "nabla.checkpoint", epoch = "nabla.epoch", randomState = "nabla.random_state"
        static let kind = "nabla.optimizer.kind", step = "nabla.optimizer.step", learningRate = "nabla.optimizer.learning_rate"
    }
    /// The largest epoch and step count a checkpoint may hold, 2⁵³: exact as a `Double` (Adam's bias
    /// correction), and far enough from `Int.max` that counting on from it cannot overflow.
    public static let maximumCount = 1 << 53
    /// Names of optimiser state tensors start with this.
    static let optimizerPrefix = "optimizer/"

    /// A checkpoint from its parts.
    public init(epoch: Int, randomState: RandomGenerator, optimizerState: OptimizerState,
                parameters: [String: Tensor], metadata: [String: String] = [:]) {
        self.epoch = epoch
        self.randomState = randomState
        self.optimizerState = optimizerState
        self.parameters = parameters
        self.metadata = metadata
    }

    /// Captures the current state of training: the model's parameters and buffers and the optimiser's state are
    /// copied (later training steps do not change the checkpoint).
    public init(model: Module, optimizer: any Optimizer, epoch: Int, generator: RandomGenerator, metadata: [String: String] = [:]) {
        self.init(epoch: epoch, randomState: generator, optimizerState: optimizer.state(),
                  parameters: model.stateTensors(), metadata: metadata)
    }

    // MARK: Restoring

    /// Puts the parameters and buffers into `model` and the state into `optimizer`, after checking that both fit:
    /// every mismatch (missing or unexpected parameters, shapes, types, the optimiser's kind and state
    /// tensors) is reported at once in a `CheckpointError`, and then nothing has changed.
    public func restore(into model: Module, optimizer: any Optimizer) throws {
        let plan = model.planLoad(parameters, storedTypes: parameters.mapValues { SafeTensorsDType($0.dtype) }, strict: true)
        var problems = plan.problems.map { "parameter " + $0 }
        let previousState = optimizer.state()
        var optimizerLoaded = false
        do {
            try optimizer.load(optimizerState)
            optimizerLoaded = true
        } catch let error as OptimizerStateError {
            problems += error.problems.map { "optimizer: " + $0 }
        } catch {
            problems.append("optimizer: \(error)")
        }
        if !problems.isEmpty {
            if optimizerLoaded { try? optimizer.load(previousState) }
            throw CheckpointError(file: nil, problems: problems)
        }
        for (target, tensor) in plan.assignments { target.assign(tensor) }
    }

    /// `restore(into:optimizer:)`, and sets `generator` to the saved random state.
    public func restore(into model: Module, optimizer: any Optimizer, generator: inout RandomGenerator) throws {
        try restore(into: model, optimizer: optimizer)
        generator = randomState
    }

    // MARK: Files

    /// Writes the checkpoint to one safetensors file at `url`, replacing any file there atomically.
    ///
    /// - Throws: `CheckpointError` for metadata keys under the reserved `nabla.` prefix or a parameter
    ///   named like an optimiser tensor; `SafeTensorsError` if the file cannot be written.
    public func save(to url: URL) throws {
        var problems: [String] = []
        for key in metadata.keys.sorted() where key.hasPrefix(Key.prefix) {
            problems.append("metadata key \(key) is reserved (keys starting with \(Key.prefix) belong to the checkpoint)")
        }
        for name in parameters.keys.sorted() where name.hasPrefix(Self.optimizerPrefix) {
            problems.append("parameter name \(name) starts with \(Self.optimizerPrefix), which marks optimiser state")
        }
        if !problems.isEmpty { throw CheckpointError(file: url.path, problems: problems) }

        var tensors = parameters
        for (key, tensor) in optimizerState.tensors { tensors[Self.optimizerPrefix + key] = tensor }
        var strings = metadata
        strings[Key.version] = Self.formatVersion
        strings[Key.epoch] = String(epoch)
        strings[Key.kind] = optimizerState.kind
        strings[Key.step] = String(optimizerState.step)
        strings[Key.learningRate] = String(optimizerState.learningRate)
        strings[Key.randomState] = Self.format(randomState)
        try SafeTensors.write(tensors, metadata: strings, to: url)
    }

    /// Reads a checkpoint written by `save(to:)`.
    ///
    /// - Throws: `SafeTensorsError` for a file that is not valid safetensors, `CheckpointError` listing
    ///   every missing or malformed checkpoint entry.
    public static func load(from url: URL) throws -> Checkpoint {
        let (tensors, strings) = try SafeTensors.read(from: url)
        var problems: [String] = []
        func value(_ key: String) -> String? {
            guard let text = strings[key] else { problems.append("metadata \(key) is missing"); return nil }
            return text
        }
        func integer(_ key: String) -> Int? {
            guard let text = value(key) else { return nil }
            guard let number = Int(text) else { problems.append("metadata \(key) is \(JSONWriter.quoted(text)), not an integer"); return nil }
            guard (0...maximumCount).contains(number) else {
                problems.append("metadata \(key) is \(number), outside 0 ... \(maximumCount)")
                return nil
            }
            return number
        }
        if let version = value(Key.version), version != formatVersion {
            problems.append("checkpoint format version \(version) is not supported (this Nabla reads version \(formatVersion))")
        }
        let epoch = integer(Key.epoch), step = integer(Key.step), kind = value(Key.kind)
        var learningRate: Double?
        if let text = value(Key.learningRate) {
            learningRate = Double(text)
            if learningRate == nil { problems.append("metadata \(Key.learningRate) is \(JSONWriter.quoted(text)), not a number") }
        }
        var generator: RandomGenerator?
        if let text = value(Key.randomState) {
            generator = parse(randomState: text)
            if generator == nil { problems.append("metadata \(Key.randomState) is \(JSONWriter.quoted(text)), not four 64-bit hexadecimal words") }
        }
        guard problems.isEmpty, let epoch, let step, let kind, let learningRate, let generator else {
            throw CheckpointError(file: url.path, problems: problems)
        }

        var parameters: [String: Tensor] = [:], optimizerTensors: [String: Tensor] = [:]
        for (name, tensor) in tensors {
            if name.hasPrefix(optimizerPrefix) {
                optimizerTensors[String(name.dropFirst(optimizerPrefix.count))] = tensor
            } else {
                parameters[name] = tensor
            }
        }
        return Checkpoint(epoch: epoch, randomState: generator,
                          optimizerState: OptimizerState(kind: kind, step: step, learningRate: learningRate, tensors: optimizerTensors),
                          parameters: parameters, metadata: strings.filter { !$0.key.hasPrefix(Key.prefix) })
    }

    // MARK: Random state as text

    /// The four state words as 16-digit lower-case hexadecimal numbers separated by spaces.
    static func format(_ generator: RandomGenerator) -> String {
        let (a, b, c, d) = generator.state
        return [a, b, c, d].map { word in
            let hex = String(word, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined(separator: " ")
    }

    /// The generator whose state `format` wrote, or `nil` if `text` is not four hexadecimal words.
    static func parse(randomState text: String) -> RandomGenerator? {
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        guard words.count == 4 else { return nil }
        let values = words.compactMap { word in word.count == 16 ? UInt64(word, radix: 16) : nil }
        guard values.count == 4 else { return nil }
        return RandomGenerator(state: (values[0], values[1], values[2], values[3]))
    }
}

/// Why a checkpoint could not be saved, read or restored: every problem, one per line.
public struct CheckpointError: Error, CustomStringConvertible {
    /// The checkpoint file, if the problem concerns one.
    public let file: String?
    /// One line per problem.
    public let problems: [String]

    /// A heading, then one indented line per problem.
    public var description: String {
        let heading = "checkpoint" + (file.map { " \($0)" } ?? "")
            + ": \(problems.count) problem\(problems.count == 1 ? "" : "s"); nothing was changed:"
        return ([heading] + problems.map { "  " + $0 }).joined(separator: "\n")
    }
}
