/// Updates parameters from their gradients: one `step()` after each `backward()`.
///
/// ```swift
/// let optimizer = Adam(model.trainableParameters(), learningRate: 1e-3)
/// for (x, y) in batches {
///     optimizer.zeroGrad()
///     let loss = Tensor.crossEntropy(logits: model(x), labels: y)
///     try loss.backward()
///     optimizer.step()
/// }
/// ```
public protocol Optimizer: AnyObject {
    /// The parameters this optimiser updates, in a fixed order (state is stored by position).
    var parameters: [Parameter] { get }
    /// The step size η; learning-rate schedules change it between epochs.
    var learningRate: Double { get set }
    /// Applies one update to every trainable parameter that has a gradient.
    func step()
    /// The optimiser's state (step count, moment estimates), to save with a checkpoint.
    func state() -> OptimizerState
    /// Restores a state saved by `state()` from an optimiser of the same kind over parameters of the same shapes.
    func load(_ state: OptimizerState) throws
}

extension Optimizer {
    /// Clears the gradients of all parameters (call before each `backward()`, as gradients accumulate).
    public func zeroGrad() { for parameter in parameters { parameter.zeroGrad() } }
}

/// A snapshot of an optimiser: its kind, step count, learning rate and named state tensors
/// (`"3.velocity"` is the velocity of parameter 3).
public struct OptimizerState: Sendable, Equatable {
    /// The optimiser's type name (`"SGD"`, `"Adam"`, `"AdamW"`, `"RMSProp"`, `"Adagrad"`); `load` rejects
    /// a state of another kind.
    public var kind: String
    /// The number of updates done so far (t in Adam's bias corrections), 0 ... `maximumStep`.
    public var step: Int
    /// The largest step count `load` accepts, 2⁵³: exact as a `Double`, and far from `Int.max`, so
    /// that counting on cannot overflow.
    public static let maximumStep = 1 << 53
    /// The learning rate η when the snapshot was taken (`load` restores it).
    public var learningRate: Double
    /// The state buffers by name, `"<parameter index>.<buffer>"`: `velocity` (SGD with momentum), `m` and `v`
    /// (Adam, AdamW), `squareAverage` (RMSProp), `sumOfSquares` (Adagrad); none for plain SGD.
    public var tensors: [String: Tensor]

    /// A state from its parts (e.g. as read back from a checkpoint).
    public init(kind: String, step: Int, learningRate: Double, tensors: [String: Tensor]) {
        self.kind = kind
        self.step = step
        self.learningRate = learningRate
        self.tensors = tensors
    }

    /// Equal when kind, step count, learning rate and the tensors' names, shapes and values (compared as
    /// `Double`, so regardless of element type) agree.
    public static func == (lhs: OptimizerState, rhs: OptimizerState) -> Bool {
        lhs.kind == rhs.kind && lhs.step == rhs.step && lhs.learningRate == rhs.learningRate
            && lhs.tensors.keys.sorted() == rhs.tensors.keys.sorted()
            && lhs.tensors.allSatisfy { key, value in
                guard let other = rhs.tensors[key] else { return false }
                return other.shape == value.shape && other.scalars(as: Double.self) == value.scalars(as: Double.self)
            }
    }
}

/// Why an optimiser state could not be loaded.
public struct OptimizerStateError: Error, CustomStringConvertible {
    /// Every reason the state does not fit: another kind, or missing, misshapen or unexpected tensors.
    public let problems: [String]
    /// The message, naming what is wrong.
    public var description: String { "cannot load optimiser state: " + problems.joined(separator: "; ") }
}

/// Shared machinery of the optimisers: per-parameter state buffers, and the loop that applies an
/// update rule to each parameter with a fused kernel (`OptimizerKernels`).
final class OptimizerSlots {
    let parameters: [Parameter]
    let stateNames: [String]
    /// `buffers[i][j]` is state `stateNames[j]` of parameter `i` (created as zeros on first use).
    var buffers: [[Tensor]]

    init(parameters: [Parameter], stateNames: [String]) {
        require(stateNames.count <= 2, "an optimiser keeps at most two state buffers per parameter")
        self.parameters = parameters
        self.stateNames = stateNames
        buffers = parameters.map { p in stateNames.map { _ in Tensor.zeros(like: p.value) } }
    }

    /// Applies `update` to every trainable parameter that has a gradient, updating the parameter's
    /// value and its state buffers in place.
    func apply(_ update: OptimizerKernels.Update) {
        require(update.stateCount == stateNames.count, "optimizer: the update rule needs \(update.stateCount) state buffers")
        for (index, parameter) in parameters.enumerated() where parameter.isTrainable {
            guard let gradient = parameter.grad else { continue }
            require(gradient.shape == parameter.shape, "optimizer: gradient \(gradient.shape) for parameter \(parameter.shape)")
            var states = buffers[index]
            buffers[index] = []   // hand the buffers over so that they are uniquely referenced and updated in place
            for j in states.indices { states[j].makeStorageUnique() }
            parameter.update { value in
                value.makeStorageUnique()
                TensorStorage.backend.applyUpdate(update, weights: value.storage, gradient: gradient.converted(to: value.dtype).storage,
                                                  first: states.first?.storage, second: states.count > 1 ? states[1].storage : nil)
            }
            buffers[index] = states
        }
    }

    /// The optimiser's state: its kind, step count and learning rate, and the buffers by name.
    func state(kind: String, step: Int, learningRate: Double) -> OptimizerState {
        OptimizerState(kind: kind, step: step, learningRate: learningRate, tensors: namedTensors())
    }

    /// Takes the buffers from a saved state of an optimiser of kind `kind` (see `load(_:kind:expectedKind:)`).
    func load(_ state: OptimizerState, kind: String) throws {
        let stepProblems = (0...OptimizerState.maximumStep).contains(state.step)
            ? [] : ["step count \(state.step) is outside 0 ... \(OptimizerState.maximumStep)"]
        try load(state.tensors, kind: state.kind, expectedKind: kind, problems: stepProblems)
    }

    /// The buffers as named tensors (`"3.velocity"`).
    func namedTensors() -> [String: Tensor] {
        var result: [String: Tensor] = [:]
        for (i, states) in buffers.enumerated() {
            for (name, tensor) in zip(stateNames, states) { result["\(i).\(name)"] = tensor }
        }
        return result
    }

    /// Replaces the buffers from named tensors, reporting every missing or misshapen one.
    func load(_ tensors: [String: Tensor], kind: String, expectedKind: String, problems: [String] = []) throws {
        var problems = problems
        if kind != expectedKind { problems.append("state is from \(kind), not \(expectedKind)") }
        var loaded = buffers
        for i in parameters.indices {
            for (j, name) in stateNames.enumerated() {
                let key = "\(i).\(name)"
                guard let tensor = tensors[key] else { problems.append("\(key) is missing"); continue }
                if tensor.shape != parameters[i].shape {
                    problems.append("\(key) has shape \(tensor.shape), parameter \(i) has \(parameters[i].shape)")
                } else {
                    loaded[i][j] = tensor.converted(to: parameters[i].value.dtype)
                }
            }
        }
        let expectedKeys = Set(parameters.indices.flatMap { i in stateNames.map { "\(i).\($0)" } })
        for key in tensors.keys.sorted() where !expectedKeys.contains(key) { problems.append("unexpected entry \(key)") }
        if !problems.isEmpty { throw OptimizerStateError(problems: problems) }
        buffers = loaded
    }
}
