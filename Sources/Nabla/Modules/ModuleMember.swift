/// Something a module holds in its stored properties that `Module` keeps track of. Sub-modules are
/// held weakly: a module's cache of its members must not keep alive an owner it points back to
/// (through a `weak var parent`), which would never be freed.
enum ModuleMember {
    case parameter(Parameter)
    case buffer(Buffer)
    case module(WeakModule)

    /// Whether this is a sub-module that has been freed since it was found.
    var isFreedModule: Bool {
        if case .module(let reference) = self { return reference.module == nil }
        return false
    }
}

/// A reference that does not keep its module alive.
struct WeakModule {
    weak var module: Module?
}
