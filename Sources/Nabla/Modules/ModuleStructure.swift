/// Everything under one module, as a walk from it finds it: sub-modules, parameters and buffers with
/// their dotted names, each listed once. Modules cache it (see `Module.structureDidChange()`).
///
/// The walk is depth first in declaration order. A module or parameter met again (shared, or reached
/// through a cycle) keeps the name of its first meeting. A module from which the walk's own root can
/// be reached again is a back-reference to an owner (a `weak var parent`), not a part, and is left out
/// with everything under it.
final class ModuleStructure {
    /// The direct sub-modules, each once.
    let children: [(name: String, module: Module)]
    /// Every sub-module, parents before children.
    let modules: [(name: String, module: Module)]
    /// Every parameter, each once.
    let namedParameters: [(name: String, parameter: Parameter)]
    /// The same parameters without names.
    let parameters: [Parameter]
    /// Every buffer, each once.
    let namedBuffers: [(name: String, buffer: Buffer)]
    /// Every module the walk read (the root first), with the structure version each had then. Held
    /// weakly: owners are read too, and a cache holding them would keep a module and its owner alive.
    private let readModules: [(module: WeakModule, version: Int)]

    /// Walks the tree under `root`.
    init(root: Module) {
        let reachable = ModuleStructure.reachableModules(from: root)
        let owners = ModuleStructure.modulesReaching(root, among: reachable)
        var walk = Walk(owners: owners, root: root)
        walk.visit(root, prefix: "")
        children = walk.children
        modules = walk.modules
        namedParameters = walk.parameters
        parameters = walk.parameters.map(\.parameter)
        namedBuffers = walk.buffers
        readModules = reachable.map { (WeakModule(module: $0), $0.structureVersion) }
    }

    /// Whether no module the walk read has changed its structure since (see `Module.structureDidChange()`).
    var isCurrent: Bool {
        for (reference, version) in readModules where reference.module?.structureVersion != version { return false }
        return true
    }

    /// Every module the walk read that still exists, the root first.
    var allReadModules: [Module] { readModules.compactMap(\.module.module) }

    /// A reference that does not keep its module alive.
    struct WeakModule {
        weak var module: Module?
    }

    /// Every module reachable from `root` through members, `root` first.
    private static func reachableModules(from root: Module) -> [Module] {
        var found = [root]
        var seen: Set<ObjectIdentifier> = [ObjectIdentifier(root)]
        var index = 0
        while index < found.count {
            for case (_, .module(let module)) in found[index].members where seen.insert(ObjectIdentifier(module)).inserted {
                found.append(module)
            }
            index += 1
        }
        return found
    }

    /// The modules among `modules` (other than `root`) from which `root` can be reached: its owners.
    private static func modulesReaching(_ root: Module, among modules: [Module]) -> Set<ObjectIdentifier> {
        var holders: [ObjectIdentifier: [Module]] = [:]   // module → the modules holding it
        for holder in modules {
            for case (_, .module(let module)) in holder.members { holders[ObjectIdentifier(module), default: []].append(holder) }
        }
        var reaching: Set<ObjectIdentifier> = []
        var pending = [root]
        while let module = pending.popLast() {
            for holder in holders[ObjectIdentifier(module)] ?? [] where holder !== root {
                if reaching.insert(ObjectIdentifier(holder)).inserted { pending.append(holder) }
            }
        }
        return reaching
    }

    /// The ordered walk that names everything once.
    private struct Walk {
        let owners: Set<ObjectIdentifier>
        var visitedModules: Set<ObjectIdentifier>
        var seenTensors: Set<ObjectIdentifier> = []
        var children: [(name: String, module: Module)] = []
        var modules: [(name: String, module: Module)] = []
        var parameters: [(name: String, parameter: Parameter)] = []
        var buffers: [(name: String, buffer: Buffer)] = []

        init(owners: Set<ObjectIdentifier>, root: Module) {
            self.owners = owners
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
                case .module(let child):
                    let identifier = ObjectIdentifier(child)
                    guard !owners.contains(identifier), visitedModules.insert(identifier).inserted else { continue }
                    if prefix.isEmpty { children.append((fullName, child)) }
                    modules.append((fullName, child))
                    visit(child, prefix: fullName + ".")
                }
            }
        }
    }
}
