/// The base class of layers and models: an object with parameters, buffers and sub-modules that it
/// finds by itself, a training or evaluation mode, and calls that `summary` can see.
///
/// A module fixes no call signature. One that maps a tensor to a tensor adopts `Layer` (and can then go
/// in a `Sequential` and be trained with `fit(_:_:...loss:)`); any other defines its own
/// `callAsFunction` and reports its calls with `recordCall(_:)`:
///
/// ```swift
/// final class TwoLayerNetwork: Module, Layer {
///     let hidden = Linear(784, 100)
///     let output = Linear(100, 10)
///     func forward(_ x: Tensor) -> Tensor { output(hidden(x).sigmoid()) }
/// }
///
/// final class PolicyValueNetwork: Module {
///     let trunk = Linear(16, 32)
///     let policy = Linear(32, 4)
///     let value = Linear(32, 1)
///     func callAsFunction(_ x: Tensor) -> (policy: Tensor, value: Tensor) {
///         let features = trunk(x).relu()
///         return recordCall((policy(features), value(features).tanh()))
///     }
/// }
/// TwoLayerNetwork().namedParameters().map(\.name)   // ["hidden.weight", "hidden.bias", "output.weight", "output.bias"]
/// ```
///
/// **Finding parameters.** Parameters (`@Parameter`), buffers (`@Buffer`) and sub-modules are found
/// in the stored properties, directly or inside optionals, arrays (named by index: `layers.3`),
/// dictionaries (named by key, in key order: `heads.policy`), tuples, enums and structs, to any depth.
/// Objects of other classes are not searched: make a class that owns parameters a `Module`. A `Set` of
/// modules, or a dictionary whose keys are not String or CustomStringConvertible, stops the program
/// with a message naming the property, as their contents could not be named the same way every run.
/// Shared modules and parameters are listed once, under their first name, and a module met again (a
/// cycle, a child's `weak var parent`) is not walked twice. Hold a module that is not a part (a
/// back-reference to an owner) with `@ModuleReference`, so that the holder's parameters leave it out.
///
/// **The cache.** A module reads its properties once, on first use, and keeps what it found, so that
/// `parameters()`, `train()` or `zeroGrad()` cost microseconds. Assigning a new tensor through a
/// `@Parameter` or `@Buffer` property needs nothing more. But after putting a different module,
/// parameter or buffer into a property (or changing an array of modules) of a module already used,
/// call `structureDidChange()` on it or on any module above it. Like the tensors of a graph, a module
/// and its caches belong to one thread at a time.
open class Module {
    /// Whether the module is in training mode (dropout active) or evaluation mode. Set with `train()` / `eval()`.
    public private(set) var isTraining = true

    /// Bumped by `structureDidChange()`; caches of the modules above compare it to notice.
    private(set) var structureVersion = 0
    /// The parameters, buffers and sub-modules held by this module's own properties.
    private(set) var cachedMembers: [(name: String, member: ModuleMember)]?
    /// Everything under this module, from the last walk rooted here.
    private var cachedStructure: ModuleStructure?

    /// A module in training mode. Subclasses initialise their parameters and sub-modules, then call `super.init()`.
    public init() {}

    /// The short type name shown in summaries and error messages ("Linear", "ReLU").
    open var typeName: String { String(describing: type(of: self)) }

    /// Reports a call of this module, whose result is `output`, to a running `summary`, and returns
    /// `output`. The tensors inside it (in tuples, arrays, optionals, dictionaries or structs) become the
    /// module's output shapes in the summary. Layers report their calls by themselves; a module with
    /// another signature wraps its result:
    ///
    /// ```swift
    /// func callAsFunction(_ x: Tensor, state: Tensor) -> (output: Tensor, state: Tensor) {
    ///     recordCall(step(x, state))
    /// }
    /// ```
    public final func recordCall<Output>(_ output: Output) -> Output {
        ModuleCallRecorder.current?.record(module: self, output: output)
        return output
    }

    // MARK: Finding parameters, buffers and sub-modules

    /// Every parameter of this module and its sub-modules, with dotted names (`layers.0.weight`),
    /// in declaration order. Each parameter appears once even if shared.
    public func namedParameters() -> [(name: String, parameter: Parameter)] { structure.namedParameters }

    /// Every parameter of this module and its sub-modules.
    public func parameters() -> [Parameter] { structure.parameters }

    /// Every parameter that optimisers should update.
    public func trainableParameters() -> [Parameter] { structure.parameters.filter(\.isTrainable) }

    /// Every buffer (non-trainable state such as running statistics) of this module and its
    /// sub-modules, with dotted names, in declaration order.
    public func namedBuffers() -> [(name: String, buffer: Buffer)] { structure.namedBuffers }

    /// The sub-modules, nested ones included, with dotted names, parents before children; each once.
    public func namedModules() -> [(name: String, module: Module)] { structure.modules }

    /// The direct sub-modules with their names; each once.
    public func children() -> [(name: String, module: Module)] { structure.children }

    /// Makes the next use read this module's properties, and those of the modules under it, again.
    /// Call it after putting a different module, parameter or buffer into a property of a module
    /// already used (its parameters listed, `train()`, `fit`, `summary`), on that module or one above it.
    public func structureDidChange() {
        var pending: [Module] = [self]
        var seen: Set<ObjectIdentifier> = []
        while let module = pending.popLast() {
            guard seen.insert(ObjectIdentifier(module)).inserted else { continue }
            for case (_, .module(let reference)) in module.cachedMembers ?? [] {
                if let child = reference.module { pending.append(child) }
            }
            module.cachedMembers = nil
            module.cachedStructure = nil
            module.structureVersion += 1
        }
    }

    /// What this module's own properties hold, read once: again only when a sub-module it found has been
    /// freed (a property now holds another one) or while a `lazy var` has not been created yet.
    var members: [(name: String, member: ModuleMember)] {
        if let cachedMembers, !cachedMembers.contains(where: { $0.member.isFreedModule }) { return cachedMembers }
        let (found, isComplete) = ModuleReflection.members(of: self)
        cachedMembers = isComplete ? found : nil
        return found
    }

    /// Everything under this module, walked again only after a `structureDidChange()` below it.
    var structure: ModuleStructure {
        if let cachedStructure, cachedStructure.isCurrent { return cachedStructure }
        let walked = ModuleStructure(root: self)
        cachedStructure = walked
        return walked
    }

    // MARK: Modes and gradients

    /// Switches this module and all sub-modules to training mode.
    public func train() { setTraining(true) }

    /// Switches this module and all sub-modules to evaluation mode (dropout off).
    public func eval() { setTraining(false) }

    private func setTraining(_ training: Bool) {
        isTraining = training
        structure.forEachModule { $0.isTraining = training }
    }

    /// Clears the gradients of all parameters.
    public func zeroGrad() { for parameter in structure.parameters { parameter.zeroGrad() } }

    /// Makes all parameters non-trainable (or trainable again with `false`). Buffers are never trainable.
    public func freeze(_ frozen: Bool = true) { for parameter in structure.parameters { parameter.isTrainable = !frozen } }

    /// The number of scalars in all parameters (buffers not included).
    public var parameterCount: Int { structure.parameters.reduce(0) { $0 + $1.count } }
}
