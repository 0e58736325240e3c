/// Everything under one module, as a walk from it finds it: sub-modules, parameters and buffers with
/// their dotted names, each listed once. Modules cache it (see `Module.structureDidChange()`).
///
/// The walk is depth first in declaration order. A module or parameter met again (shared, or reached
/// through a cycle such as a child's `weak var parent`) keeps the name of its first meeting and is not
/// walked again.
final class ModuleStructure {
    /// The direct sub-modules, each once (held weakly, as members are).
    private let weakChildren: [(name: String, module: WeakModule)]
    /// Every sub-module, parents before children (held weakly).
    private let weakModules: [(name: String, module: WeakModule)]
    /// Every parameter, each once.
    let namedParameters: [(name: String, parameter: Parameter)]
    /// The same parameters without names.
    let parameters: [Parameter]
    /// Every buffer, each once.
    let namedBuffers: [(name: String, buffer: Buffer)]
    /// Every module the walk read (the root first), with the structure version each had then.
    private let readModules: [(module: WeakModule, version: Int)]
    /// False when a module's members could not be kept (a `lazy var` not created yet): then the walk is
    /// done again each time.
    private let isComplete: Bool

    /// Walks the tree under `root`.
    init(root: Module) {
        var walk = Walk(root: root)
        walk.visit(root, prefix: "")
        weakChildren = walk.children.map { ($0.name, WeakModule(module: $0.module)) }
        weakModules = walk.modules.map { ($0.name, WeakModule(module: $0.module)) }
        namedParameters = walk.parameters
        parameters = walk.parameters.map(\.parameter)
        namedBuffers = walk.buffers
        readModules = ([root] + walk.modules.map(\.module)).map { (WeakModule(module: $0), $0.structureVersion) }
        isComplete = ([root] + walk.modules.map(\.module)).allSatisfy { $0.cachedMembers != nil }
    }

    /// Whether no module the walk read has changed its structure since (see `Module.structureDidChange()`).
    var isCurrent: Bool {
        guard isComplete else { return false }
        for (reference, version) in readModules where reference.module?.structureVersion != version { return false }
        return true
    }

    /// The direct sub-modules, each once.
    var children: [(name: String, module: Module)] {
        weakChildren.compactMap { entry in entry.module.module.map { (entry.name, $0) } }
    }

    /// Every sub-module, parents before children.
    var modules: [(name: String, module: Module)] {
        weakModules.compactMap { entry in entry.module.module.map { (entry.name, $0) } }
    }

    /// Calls `body` with every sub-module, parents before children.
    func forEachModule(_ body: (Module) -> Void) {
        for entry in weakModules { if let module = entry.module.module { body(module) } }
    }

    /// The ordered walk that names everything once.
    private struct Walk {
        var visitedModules: Set<ObjectIdentifier>
        var seenTensors: Set<ObjectIdentifier> = []
        var children: [(name: String, module: Module)] = []
        var modules: [(name: String, module: Module)] = []
        var parameters: [(name: String, parameter: Parameter)] = []
        var buffers: [(name: String, buffer: Buffer)] = []

        init(root: Module) {
            visitedModules = [ObjectIdentifier(root)]
        }

        mutating func visit(_ module: Module, prefix: String) {
            for (name, member) in module.members {
                let fullName = prefix + name
                switch member {
                case .parameter(let parameter):
                    if seenTensors.insert(ObjectIdentifier(parameter)).inserted { parameters.append((fullName, parameter)) }
                case .buffer(let buffer):
                    if seenTensors.insert(ObjectIdentifier(buffer)).inserted { buffers.append((fullName, buffer)) }
                case .module(let reference):
                    guard let child = reference.module else { continue }
                    let identifier = ObjectIdentifier(child)
                    guard visitedModules.insert(identifier).inserted else { continue }
                    if prefix.isEmpty { children.append((fullName, child)) }
                    modules.append((fullName, child))
                    visit(child, prefix: fullName + ".")
                }
            }
        }
    }
}
