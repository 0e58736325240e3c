/// Finds the parameters, buffers and sub-modules in a module's stored properties by reading them with
/// `Mirror`: directly, or inside optionals, arrays (named by index), dictionaries (named by key, in key
/// order), tuples (by label or position), enums (by case) and structs (by property), to any depth.
///
/// Objects of classes other than `Module`, `Parameter` and `Buffer` are not searched. Containers without
/// a fixed order (a `Set`, a dictionary whose keys cannot be named) stop the program with a message
/// naming the property, when they hold something to find: their contents would get different names
/// from run to run, and a saved model could not be loaded back.
enum ModuleReflection {
    /// The members of `module` in declaration order (superclasses' properties first), with names
    /// relative to the module (`weight`, `layers.3`, `heads.policy`).
    ///
    /// `isComplete` is false while a `lazy var` of the module has not been created yet: what it will hold
    /// cannot be known, so the result must not be kept.
    static func members(of module: Module) -> (members: [(name: String, member: ModuleMember)], isComplete: Bool) {
        var mirrors: [Mirror] = []
        var mirror: Mirror? = Mirror(reflecting: module)
        // Module's own stored properties (its mode and caches) are not members.
        while let current = mirror, current.subjectType != Module.self {
            mirrors.append(current)
            mirror = current.superclassMirror
        }
        var search = Search(owner: module.typeName)
        var isComplete = true
        for current in mirrors.reversed() {
            for child in current.children {
                guard let label = child.label else { continue }
                if label.hasPrefix(lazyPrefix), Mirror(reflecting: child.value).children.isEmpty,
                   Mirror(reflecting: child.value).displayStyle == .optional {
                    isComplete = false
                }
                search.collect(child.value, name: propertyName(label))
            }
        }
        return (search.found, isComplete)
    }

    /// The storage label Swift gives a `lazy var` (its name follows).
    private static let lazyPrefix = "$__lazy_storage_$_"

    /// The property's name from its storage label: `_weight` (a property wrapper) is `weight`,
    /// `$__lazy_storage_$_cache` (a lazy property) is `cache`.
    static func propertyName(_ label: String) -> String {
        if label.hasPrefix(lazyPrefix) { return String(label.dropFirst(lazyPrefix.count)) }
        if label.hasPrefix("_") { return String(label.dropFirst()) }
        return label
    }

    /// One search through the properties of a module of type `owner`, collecting what it finds.
    private struct Search {
        let owner: String
        var found: [(name: String, member: ModuleMember)] = []

        init(owner: String) { self.owner = owner }

        mutating func collect(_ value: Any, name: String) {
            switch value {
            case let parameter as Parameter: found.append((name, .parameter(parameter))); return
            case let buffer as Buffer: found.append((name, .buffer(buffer))); return
            case let module as Module: found.append((name, .module(WeakModule(module: module)))); return
            default: break
            }
            if ModuleReflection.holdsNoMembers(type(of: value)) { return }
            let mirror = Mirror(reflecting: value)
            switch mirror.displayStyle {
            case .optional:
                if let wrapped = mirror.children.first { collect(wrapped.value, name: name) }
            case .collection:
                for (index, element) in mirror.children.enumerated() { collect(element.value, name: "\(name).\(index)") }
            case .tuple:
                for (index, element) in mirror.children.enumerated() {
                    // Unlabelled elements are labelled ".0", ".1" by Mirror.
                    let label = element.label.map { $0.hasPrefix(".") ? String($0.dropFirst()) : $0 } ?? String(index)
                    collect(element.value, name: "\(name).\(label)")
                }
            case .struct:
                for (index, field) in mirror.children.enumerated() {
                    collect(field.value, name: "\(name).\(field.label.map(ModuleReflection.propertyName) ?? String(index))")
                }
            case .enum:
                // The payload of the current case, named after the case.
                for element in mirror.children { collect(element.value, name: "\(name).\(element.label ?? "payload")") }
            case .dictionary:
                collectDictionary(mirror, name: name)
            case .set:
                var inner = Search(owner: owner)
                for element in mirror.children { inner.collect(element.value, name: name) }
                require(inner.found.isEmpty, """
                    Module: \(owner).\(name) is a Set holding parameters, buffers or modules; a Set has no fixed \
                    order, so their names would change from run to run and saved models would not load back. \
                    Hold them in an array or in a dictionary with String keys.
                    """)
            default:
                break   // numbers, closures, and objects of other classes: nothing to find
            }
        }

        /// The values of a dictionary, named by key: integer keys in numeric order, other keys in the
        /// order of their names.
        private mutating func collectDictionary(_ mirror: Mirror, name: String) {
            var entries: [(key: Any, found: [(name: String, member: ModuleMember)])] = []
            for pair in mirror.children {
                let parts = Array(Mirror(reflecting: pair.value).children)
                guard parts.count == 2 else { continue }
                var inner = Search(owner: owner)
                inner.collect(parts[1].value, name: "")
                if !inner.found.isEmpty { entries.append((parts[0].value, inner.found)) }
            }
            guard !entries.isEmpty else { return }
            let keyed = entries.map { entry -> (name: String, integer: Int?, found: [(name: String, member: ModuleMember)]) in
                guard let keyName = ModuleReflection.keyName(entry.key) else {
                    fatalError("""
                        Module: \(owner).\(name) is a dictionary with keys of type \(type(of: entry.key)) holding \
                        parameters, buffers or modules; they are named after their keys, which must be String or \
                        CustomStringConvertible.
                        """)
                }
                return (keyName, (entry.key as? any BinaryInteger).flatMap { Int(exactly: $0) }, entry.found)
            }
            if let dotted = keyed.first(where: { $0.name.contains(".") }) {
                fatalError("Module: the key \"\(dotted.name)\" of \(owner).\(name) contains a dot; names are joined with dots, so it could clash with another member's name")
            }
            let integerKeys = keyed.allSatisfy { $0.integer != nil }
            let sorted = keyed.sorted { integerKeys ? $0.integer! < $1.integer! : $0.name < $1.name }
            for (first, second) in zip(sorted, sorted.dropFirst()) where first.name == second.name {
                fatalError("Module: two keys of \(owner).\(name) are both named \"\(first.name)\"; the names of what they hold would clash")
            }
            for entry in sorted {
                for item in entry.found { found.append((name + "." + entry.name + item.name, item.member)) }
            }
        }
    }

    /// A dictionary key's name: a String itself, or the description of another key.
    static func keyName(_ key: Any) -> String? {
        if let string = key as? String { return string }
        if let describable = key as? any CustomStringConvertible { return describable.description }
        return nil
    }

    /// Whether values of `type` can never hold a parameter, buffer or module (numbers, strings,
    /// tensors, and containers of those), so that searching them can be skipped.
    static func holdsNoMembers(_ type: Any.Type) -> Bool {
        if type == Tensor.self || type == String.self || type == Bool.self || type == DType.self || type is any Numeric.Type {
            return true
        }
        if let container = type as? any ReflectedContainer.Type { return holdsNoMembers(container.elementType) }
        return false
    }
}

/// A standard container whose element type tells whether searching its elements can be skipped.
protocol ReflectedContainer {
    /// The type of the elements (of the values, for a dictionary).
    static var elementType: Any.Type { get }
}

extension Array: ReflectedContainer { static var elementType: Any.Type { Element.self } }
extension ContiguousArray: ReflectedContainer { static var elementType: Any.Type { Element.self } }
extension Optional: ReflectedContainer { static var elementType: Any.Type { Wrapped.self } }
extension Set: ReflectedContainer { static var elementType: Any.Type { Element.self } }
extension Dictionary: ReflectedContainer { static var elementType: Any.Type { Value.self } }
