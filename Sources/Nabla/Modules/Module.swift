/// The base class of every layer and model: something with parameters that maps an input tensor to an
/// output tensor. Subclasses declare their parameters with `@Parameter` and their sub-modules as
/// stored properties (alone, in arrays or optional), and override `forward(_:)`.
///
/// ```swift
/// final class TwoLayerNetwork: Module {
///     let hidden = Linear(784, 100)
///     let output = Linear(100, 10)
///     override func forward(_ x: Tensor) -> Tensor { output(hidden(x).sigmoid()) }
/// }
/// let network = TwoLayerNetwork()
/// network.namedParameters().map(\.name)   // ["hidden.weight", "hidden.bias", "output.weight", "output.bias"]
/// ```
open class Module {
    /// Whether the module is in training mode (dropout active) or evaluation mode. Set with `train()` / `eval()`.
    public private(set) var isTraining = true

    /// A module in training mode. Subclasses initialise their parameters and sub-modules, then call `super.init()`.
    public init() {}

    /// The computation of this module. Subclasses override it; call the module itself (`module(x)`) to run it.
    open func forward(_ input: Tensor) -> Tensor {
        fatalError("\(type(of: self)) must override forward(_:)")
    }

    /// Runs `forward`, reporting the call to an active `summary` recording.
    public final func callAsFunction(_ input: Tensor) -> Tensor {
        let output = forward(input)
        ModuleCallRecorder.current?.record(module: self, output: output)
        return output
    }

    /// The short type name shown in summaries and error messages ("Linear", "ReLU").
    open var typeName: String { String(describing: type(of: self)) }

    // MARK: Finding parameters and sub-modules

    /// Every parameter of this module and its sub-modules, with dotted names (`layers.0.weight`),
    /// in declaration order. Each parameter appears once even if shared.
    public func namedParameters() -> [(name: String, parameter: Parameter)] {
        var result: [(name: String, parameter: Parameter)] = []
        var seen = Set<ObjectIdentifier>()
        visit(prefix: "") { name, child in
            if case .parameter(let parameter) = child, seen.insert(ObjectIdentifier(parameter)).inserted {
                result.append((name, parameter))
            }
        }
        return result
    }

    /// Every parameter of this module and its sub-modules.
    public func parameters() -> [Parameter] { namedParameters().map(\.parameter) }

    /// Every parameter that optimisers should update.
    public func trainableParameters() -> [Parameter] { parameters().filter(\.isTrainable) }

    /// The sub-modules, nested ones included, with dotted names, parents before children.
    public func namedModules() -> [(name: String, module: Module)] {
        var result: [(name: String, module: Module)] = []
        visit(prefix: "") { name, child in
            if case .module(let module) = child { result.append((name, module)) }
        }
        return result
    }

    /// The direct sub-modules with their names.
    public func children() -> [(name: String, module: Module)] {
        var result: [(name: String, module: Module)] = []
        for (name, value) in storedProperties() {
            collect(value, name: name) { childName, item in
                if case .module(let module) = item { result.append((childName, module)) }
            }
        }
        return result
    }

    // MARK: Modes and gradients

    /// Switches this module and all sub-modules to training mode.
    public func train() { setTraining(true) }

    /// Switches this module and all sub-modules to evaluation mode (dropout off).
    public func eval() { setTraining(false) }

    private func setTraining(_ training: Bool) {
        isTraining = training
        for (_, module) in namedModules() { module.isTraining = training }
    }

    /// Clears the gradients of all parameters.
    public func zeroGrad() { for parameter in parameters() { parameter.zeroGrad() } }

    /// Makes all parameters non-trainable (or trainable again with `false`).
    public func freeze(_ frozen: Bool = true) { for parameter in parameters() { parameter.isTrainable = !frozen } }

    /// The number of scalars in all parameters.
    public var parameterCount: Int { parameters().reduce(0) { $0 + $1.count } }

    // MARK: Reflection

    enum Child { case parameter(Parameter), module(Module) }

    /// Walks parameters and sub-modules depth first, calling `body` with each one's dotted name.
    private func visit(prefix: String, _ body: (String, Child) -> Void) {
        for (name, value) in storedProperties() {
            collect(value, name: prefix + name) { childName, item in
                body(childName, item)
                if case .module(let module) = item { module.visit(prefix: childName + ".", body) }
            }
        }
    }

    /// The stored properties of this instance, superclasses' first; property-wrapper storage (`_weight`)
    /// is named after the property (`weight`).
    private func storedProperties() -> [(String, Any)] {
        var mirrors: [Mirror] = []
        var mirror: Mirror? = Mirror(reflecting: self)
        while let current = mirror { mirrors.insert(current, at: 0); mirror = current.superclassMirror }
        return mirrors.flatMap { m in
            m.children.compactMap { child -> (String, Any)? in
                guard var label = child.label else { return nil }
                if label.hasPrefix("_") { label.removeFirst() }
                return (label, child.value)
            }
        }
    }

    /// Finds parameters and modules inside `value`: directly, in an optional, or in an array (named by index).
    private func collect(_ value: Any, name: String, _ body: (String, Child) -> Void) {
        switch value {
        case let parameter as Parameter: body(name, .parameter(parameter))
        case let module as Module: body(name, .module(module))
        default:
            let mirror = Mirror(reflecting: value)
            switch mirror.displayStyle {
            case .optional:
                if let wrapped = mirror.children.first { collect(wrapped.value, name: name, body) }
            case .collection:
                for (index, element) in mirror.children.enumerated() { collect(element.value, name: "\(name).\(index)", body) }
            default: break
            }
        }
    }
}
